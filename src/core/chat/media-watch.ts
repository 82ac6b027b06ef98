/**
 * Two-stage generation: the raw image or clip lands in the state first, music and titles follow.
 * MediaWatch reports each new media item once, as soon as a state read shows it: after a tool
 * result during the stream (a background probe), during recovery, and at the end of the turn.
 */
import { describeError } from "../support/logger";
import { newMedia } from "../state";
import type { ChatEvent, GeneratedMedia, SessionState } from "../types";
import type { TurnDeps } from "./turn-deps";

export class MediaWatch {
  private readonly reported = new Set<string>();
  private inflight?: Promise<void>;
  private readonly probes = new AbortController();

  constructor(
    private readonly deps: TurnDeps,
    private readonly before: SessionState,
    private readonly emit: (event: ChatEvent) => void,
  ) {}

  /** Emits a `media` event for items of `state` not reported yet; returns them. */
  report(state: SessionState): GeneratedMedia[] {
    const fresh = newMedia(this.before, state).filter((m) => !this.reported.has(m.key));
    for (const m of fresh) this.reported.add(m.key);
    if (fresh.length) this.emit({ type: "media", media: fresh });
    return fresh;
  }

  /** Read the state in the background (one read at a time) and report new media. */
  probe(): void {
    if (this.inflight || this.probes.signal.aborted) return;
    this.inflight = this.deps
      .readState(this.probes.signal)
      .then(
        (state) => {
          if (!this.probes.signal.aborted) this.report(state);
        },
        (err: unknown) => {
          if (!this.probes.signal.aborted) this.deps.logger.debug(`chat: media probe failed: ${describeError(err)}`);
        },
      )
      .finally(() => {
        this.inflight = undefined;
      });
  }

  /** Stop probing (the stream is over) and wait for a read still in flight. */
  async stop(): Promise<void> {
    this.probes.abort();
    await this.inflight;
  }
}
