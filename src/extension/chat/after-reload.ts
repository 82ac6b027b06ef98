/**
 * A reply the window closed on (a reload in the middle of a generation): the agent keeps working
 * on the service and the credits are spent, so after the reload the session is read, at once and
 * then after each wait, until media made since that reply started shows up; it is added to the
 * reply with a note. Nothing is ever sent again. vscode-free.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { toNemoError } from "../../core/errors";
import { mediaMadeSince } from "../../core/state";
import type { ChatMessage, ErrorInfo } from "../../shared/protocol";
import { cacheMedia, type FlowHost } from "./flows";
import { INTERRUPTED_NOTE } from "./history-store";

/** Waits before each read of the session, in ms: a generation takes about a minute on the service. */
export const AFTER_RELOAD_WAITS_MS: readonly number[] = [0, 15_000, 30_000, 60_000, 120_000];

/** The newest agent reply the window closed on, when it is the last reply of the chat. */
export function interruptedReply(messages: readonly ChatMessage[]): ChatMessage | undefined {
  const lastAgent = [...messages].reverse().find((m) => m.role === "agent");
  return lastAgent?.interrupted ? lastAgent : undefined;
}

/** Keys and URLs of every media the chat already shows. */
function knownMedia(messages: readonly ChatMessage[]): Set<string> {
  const known = new Set<string>();
  for (const m of messages) {
    for (const item of m.media) {
      known.add(item.media.key);
      known.add(item.media.url);
    }
  }
  return known;
}

/**
 * Looks for what the interrupted reply made. Resolves true when media were added to it; false
 * when nothing turned up (the reply then says where to look). Stops quietly on `signal`.
 */
export async function catchUpAfterReload(host: FlowHost, waitsMs: readonly number[], signal: AbortSignal): Promise<boolean> {
  const reply = interruptedReply(host.deps.store.messages());
  if (!reply) return false;
  const { logger } = host.deps;
  logger.info(`Chat: looking for what the reply cut off by the reload made (message ${reply.id}).`);
  for (const wait of waitsMs) {
    try {
      if (wait > 0) await sleep(wait, undefined, { signal });
      const state = await host.deps.client.state({ signal });
      const found = mediaMadeSince(state, reply.createdAt, knownMedia(host.deps.store.messages()));
      if (found.length === 0) continue;
      settle(host, reply.id, host.t("finishedAfterReload"), (m) => {
        for (const media of found) m.media.push({ media });
        m.status = "done";
      });
      void cacheMedia(host, reply.id, found);
      host.deps.ports.refresh("all");
      return true;
    } catch (err) {
      if (signal.aborted) return false;
      logger.warn(`Chat: reading the session after the reload failed (${toNemoError(err).code}).`);
    }
  }
  settle(host, reply.id, host.t("interruptedNothingFound"));
  return false;
}

/**
 * The service lost the session the cut-off reply ran on (a restart): nothing more can be read of
 * it. It ends failed with the one sentence of `error` and Retry (which sends its message again, in the new session).
 */
export function settleLost(host: FlowHost, id: string, error: ErrorInfo): void {
  host.update(id, (m) => {
    m.interrupted = undefined;
    m.notes = m.notes.filter((n) => n !== INTERRUPTED_NOTE);
    m.status = "failed";
    m.error = error;
    if (!m.offers.includes("retry")) m.offers.push("retry");
  });
}

/** The search is over: the reply is no longer "interrupted", and `note` says how it ended. */
function settle(host: FlowHost, id: string, note: string, change?: (m: ChatMessage) => void): void {
  host.update(id, (m) => {
    change?.(m);
    m.interrupted = undefined;
    m.notes = [...m.notes.filter((n) => n !== INTERRUPTED_NOTE), note];
  });
}
