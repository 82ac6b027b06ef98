/**
 * Sending in the chat (ChatController.handle): a typed message (the cost question first when it
 * spends, then its attachments, then the local flow or the agent's turn), Retry, and a GUI action;
 * one operation at a time, which Stop aborts.
 */
import { randomUUID } from "node:crypto";
import { toNemoError } from "../../core/errors";
import type { GuiAction } from "../../core/types";
import { newMessage } from "../../shared/chat-model";
import type { ShapeChoice } from "../../shared/protocol";
import type { PendingAttachments, TakenAttachments } from "./attachments";
import { runAgentTurn, type ShapedPaid, type TurnHost } from "./agent-turn";
import { creditsFlow, exportFlow, stateFlow, uploadFlow } from "./flows";
import { pickAttachments } from "./local-files";
import { errorInfo } from "./localize";

export type Accepted = { accepted: boolean; reason?: string };

/** The controller as sending needs it: the running operation and the open cost question are its state. */
export interface SendHost extends TurnHost {
  op: { abort: AbortController; userId?: string; reached?: boolean } | undefined;
  /** A paid-action question is open (the send waits for the person's answer). */
  confirming: boolean;
  readonly attachments: PendingAttachments;
  readonly busy: boolean;
  shapedPaid(text: string, choice: ShapeChoice | undefined): ShapedPaid;
}

export async function sendMessage(host: SendHost, text: string, attachmentIds: readonly string[], choice?: ShapeChoice): Promise<Accepted> {
  if (host.op || host.confirming) return { accepted: false, reason: host.t("waitForReply") };
  const trimmed = text.trim();
  const paid = trimmed && host.deps.route(trimmed).kind === "agent" ? host.shapedPaid(trimmed, choice) : undefined;
  if (paid) {
    // The one confirmation policy (rules/confirm.ts), before anything is taken or sent.
    host.confirming = true;
    let go = false;
    try {
      go = await host.deps.ports.confirmPaid(paid.count === undefined ? { kind: paid.kind } : { kind: paid.kind, count: paid.count });
    } finally {
      host.confirming = false;
      // The modal took the keyboard: whatever the answer, the person goes on typing in the chat.
      host.deps.ports.focusInput?.();
    }
    if (!go) return { accepted: false, reason: host.t("notSent") };
    if (host.op) return { accepted: false, reason: host.t("waitForReply") };
  }
  const taken = host.attachments.take(attachmentIds);
  const names = [...taken.files.map((f) => f.name), ...taken.urls.map((u) => u.url)];
  if (!trimmed && names.length === 0) return { accepted: false, reason: host.t("typeFirst") };
  const kind = trimmed ? host.deps.route(trimmed).kind : "upload";
  const user = host.append({ ...newMessage(randomUUID(), "user", trimmed, host.now()), attachments: names });
  host.notify("attachments", { attachments: host.attachments.list() });
  if (kind === "upload" && names.length === 0) {
    void pickAttachments(host).then((attachments) => host.notify("attachments", { attachments }));
    return { accepted: true };
  }
  start(host, user.id, async (signal) => {
    if (names.length) await upload(host, taken, signal);
    if (kind === "export") await exportFlow(host, signal);
    else if (kind === "credits") await creditsFlow(host, signal);
    else if (kind === "state") await stateFlow(host, signal);
    else if (kind === "agent") await runAgentTurn(host, trimmed, user.id, signal, paid);
  });
  return { accepted: true };
}

export async function retryMessage(host: SendHost, messageId: string): Promise<Accepted> {
  const failed = host.deps.store.get(messageId);
  const original = failed?.replyTo ? host.deps.store.get(failed.replyTo) : undefined;
  if (!failed || !original?.text) return { accepted: false, reason: host.t("nothingToRetry") };
  if (host.op) return { accepted: false, reason: host.t("waitForReply") };
  host.update(messageId, (m) => (m.offers = m.offers.filter((o) => o !== "retry")));
  return sendMessage(host, original.text, []);
}

export function runAction(host: SendHost, action: GuiAction): Accepted {
  if (host.op) return { accepted: false, reason: host.t("waitForReply") };
  start(host, undefined, (signal) => host.runGuiAction(action, signal));
  return { accepted: true };
}

async function upload(host: SendHost, taken: TakenAttachments, signal: AbortSignal): Promise<void> {
  const ids = [...taken.files, ...taken.urls].map((a) => a.id);
  try {
    await uploadFlow(host, taken, signal);
  } finally {
    host.notify("attachments", { attachments: host.attachments.finish(ids) });
  }
}

/** Run one operation (Stop aborts it), started by the person's message `userId`; failures become one clear sentence in the chat. */
function start(host: SendHost, userId: string | undefined, work: (signal: AbortSignal) => Promise<void>): void {
  const abort = new AbortController();
  host.op = { abort, userId };
  host.notify("busy", { busy: true });
  void work(abort.signal)
    .catch((err) => {
      const e = toNemoError(err);
      if (e.code === "CANCELLED" || abort.signal.aborted) return;
      host.deps.logger.error("Chat action failed", err);
      host.append({ ...newMessage(randomUUID(), "system", "", host.now()), status: "failed", error: errorInfo(e, host.deps.phrases) });
    })
    .finally(() => {
      if (host.op?.abort === abort) host.op = undefined;
      host.notify("busy", { busy: host.busy });
    });
}
