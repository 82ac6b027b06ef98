/**
 * One chat turn as the client runs it on the workspace session: one turn at a time per session
 * (waiting for the other shows a notice), notices forwarded to the turn's events, the state read
 * from the session the message went to. NemoClient.chat checks the message and calls this.
 */
import type { ChatOptions, Timing } from "../api";
import type { SessionQueue } from "../jobs/session-queue";
import { phrase } from "../errors";
import { frameShape } from "../shape/framing";
import type { Clock } from "../support/clock";
import { describeError, type Logger } from "../support/logger";
import { noticeEvent } from "../support/notice";
import type { ChatResult, Notice, SessionIds, SessionState } from "../types";
import { runChatTurn } from "./turn";

/** Shown while a turn waits for another turn on the same session. */
export const WAITING_FOR_SESSION = phrase("Waiting for the previous request on this session to finish…");

/** The session a message went to, and how many sessions had been created then (SessionManager.generation). */
export interface SentTo {
  ids: SessionIds;
  generation: number;
}

/** What runQueuedTurn needs from the client. */
export interface QueuedTurnHost {
  ensureSession(opts: ChatOptions): Promise<SessionIds>;
  sessionQueue: SessionQueue;
  /** Notice listeners of the client: the turn adds its own while it runs. */
  noticeListeners: Set<(n: Notice) => void>;
  openStream(message: string, signal: AbortSignal, sentTo?: (to: SentTo) => void): Promise<AsyncIterable<Uint8Array>>;
  stateOf(sentTo: SentTo | undefined, signal?: AbortSignal): Promise<SessionState>;
  clock: Clock;
  logger: Logger;
  timing: Timing;
}

/** Runs `message` (framed with `opts.shape`) as one turn on the session; resolves with the turn's result. Throws what runChatTurn throws. */
export async function runQueuedTurn(host: QueuedTurnHost, message: string, opts: ChatOptions): Promise<ChatResult> {
  const forward = (n: Notice): void => opts.onEvent?.({ type: "notice", message: n.message, phrase: n.phrase });
  host.noticeListeners.add(forward);
  let release: (() => Promise<void>) | undefined;
  try {
    const session = await host.ensureSession(opts);
    // One turn at a time per session: its state diff and its media are then its own.
    release = await host.sessionQueue.acquire(session.sessionId, {
      signal: opts.signal,
      onWait: () => {
        host.logger.info(`Session ${session.sessionId} is busy with another request; waiting.`);
        opts.onEvent?.(noticeEvent(WAITING_FOR_SESSION));
        opts.onWaiting?.();
      },
    });
    // Where the message went: a recovery read after a drop must not take a new, empty session for the result.
    let sentTo: SentTo | undefined;
    const deps = {
      openStream: async (m: string, signal: AbortSignal) => {
        const stream = await host.openStream(m, signal, (ids) => (sentTo = ids));
        opts.onSent?.();
        return stream;
      },
      readState: (signal?: AbortSignal) => host.stateOf(sentTo, signal),
      onBefore: (before: SessionState) => opts.onTurnStart?.({ sessionId: session.sessionId, before }),
      clock: host.clock,
      logger: host.logger,
      timing: host.timing,
    };
    return await runChatTurn(deps, frameShape(message, opts.shape), opts);
  } finally {
    host.noticeListeners.delete(forward);
    await release?.().catch((err: unknown) => host.logger.warn(`Could not release the session: ${describeError(err)}`));
  }
}
