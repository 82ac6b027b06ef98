/**
 * After a dropped stream: never re-send. Wait, read the state, and report what changed; give up
 * after timing.recoveryMaxReads unchanged reads. Media are reported as soon as they are seen.
 * When the session itself is gone (the service restarted), stop with SESSION_LOST at once.
 */
import { CancelledError, NemoError, NetworkError, phrase, ServerError } from "../errors";
import { describeError } from "../support/logger";
import { diffStates, newMedia } from "../state";
import type { ChatEvent, GeneratedMedia, SessionState } from "../types";
import type { MediaWatch } from "./media-watch";
import type { TurnDeps } from "./turn-deps";

export interface Recovered {
  changes: string[];
  newMedia: GeneratedMedia[];
  state: SessionState;
}

export function streamDroppedError(): NetworkError {
  return new NetworkError("STREAM_DROPPED", {
    userMessage: phrase("The connection dropped and the agent's work did not show up."),
    nextStep: phrase("Retry sends the message again."),
  });
}

/** The one sentence for a request the service lost with its session (a restart): never re-sent by itself. */
export const SERVICE_RESTARTED = phrase("The service restarted while this request was running; it may not have finished. Nothing was sent twice.");

/**
 * The session a request went to is gone (1002 while reading its result): the request may or may
 * not have run, and its result cannot be read any more. New calls use a new session already.
 */
export function sessionLostError(cause?: unknown): ServerError {
  return new ServerError("SESSION_LOST", { userMessage: SERVICE_RESTARTED, cause });
}

export function isSessionLost(err: unknown): boolean {
  return err instanceof NemoError && err.code === "SESSION_LOST";
}

export async function recoverAfterDrop(
  deps: TurnDeps,
  before: SessionState,
  signal: AbortSignal | undefined,
  media: MediaWatch,
  emit: (event: ChatEvent) => void,
): Promise<Recovered> {
  const { clock, timing, logger } = deps;
  const maxAttempts = Math.max(1, Math.floor(timing.recoveryMaxReads));
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const wait = attempt === 1 ? timing.recoveryFirstWaitMs : timing.recoveryNextWaitMs;
    emit({ type: "recovering", attempt, maxAttempts, nextCheckMs: wait });
    await clock.sleep(wait, signal);
    let after: SessionState;
    try {
      after = await deps.readState(signal);
    } catch (err) {
      if (signal?.aborted || err instanceof CancelledError) throw new CancelledError(signal?.reason ?? err);
      if (isSessionLost(err)) throw err; // nothing more can be read of it: say so at once
      logger.warn(`chat: recovery read ${attempt} failed: ${describeError(err)}`);
      continue;
    }
    media.report(after); // the first stage, as soon as it is seen
    const changes = diffStates(before, after);
    if (changes.length) {
      emit({ type: "changes", sentences: changes });
      return { changes, newMedia: newMedia(before, after), state: after };
    }
    logger.info(`chat: recovery read ${attempt}/${maxAttempts}: nothing changed yet`);
  }
  throw streamDroppedError();
}
