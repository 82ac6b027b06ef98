/**
 * What one chat turn needs from its host (the client, or a test): the stream, the state reader, the
 * clock, the logger and the timing. Its own file so that turn.ts, media-watch.ts and recovery.ts
 * share it without importing each other.
 */
import type { Timing } from "../api";
import type { Clock } from "../support/clock";
import type { Logger } from "../support/logger";
import type { SessionState } from "../types";

export interface TurnDeps {
  /** POST /run_sse, after HTTP errors are mapped. Resolves once the response has started. */
  openStream(message: string, signal: AbortSignal): Promise<AsyncIterable<Uint8Array>>;
  readState(signal?: AbortSignal): Promise<SessionState>;
  /** The state read before the message (what was there before this turn). */
  onBefore?(before: SessionState): void;
  clock: Clock;
  logger: Logger;
  timing: Timing;
}
