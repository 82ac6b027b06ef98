/**
 * Timers of one SSE request, all through the injected Clock: "Still working…" every
 * stillWorkingEveryMs while only heartbeats arrive, a timeout after heartbeatOnlyTimeoutMs of that,
 * and the hard cap per request. `stop()` clears the pending sleep (no timer outlives the turn).
 */
import type { Timing } from "../api";
import type { Clock } from "../support/clock";
import { NetworkError, type NemoError, phrase } from "../errors";

export interface WatchdogHooks {
  stillWorking(elapsedMs: number): void;
  timeout(err: NemoError): void;
}

export function timeoutError(kind: "cap" | "heartbeats", ms: number): NemoError {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  return new NetworkError("TIMEOUT", {
    userMessage:
      kind === "cap"
        ? phrase("The agent did not finish within {0} minutes.", minutes)
        : phrase("The agent sent no news for {0} minutes.", minutes),
    nextStep: phrase("Refresh the session to see whether the work arrived, then try again if it did not."),
  });
}

export class Watchdog {
  private readonly startedAt: number;
  private lastProgress: number;
  private stillSent = 0;
  private readonly stopper = new AbortController();
  private readonly done: Promise<void>;

  constructor(
    private readonly clock: Clock,
    private readonly timing: Timing,
    private readonly hooks: WatchdogHooks,
  ) {
    this.startedAt = clock.now();
    this.lastProgress = this.startedAt;
    this.done = this.loop().catch(() => undefined);
  }

  /** Text or a tool call arrived: the agent is visibly working. */
  progress(): void {
    this.lastProgress = this.clock.now();
    this.stillSent = 0;
  }

  stop(): Promise<void> {
    this.stopper.abort();
    return this.done;
  }

  private async loop(): Promise<void> {
    const { streamCapMs, heartbeatOnlyTimeoutMs, stillWorkingEveryMs } = this.timing;
    while (!this.stopper.signal.aborted) {
      const now = this.clock.now();
      const capAt = this.startedAt + streamCapMs;
      const quietUntil = this.lastProgress + heartbeatOnlyTimeoutMs;
      if (now >= capAt) return this.hooks.timeout(timeoutError("cap", streamCapMs));
      if (now >= quietUntil) return this.hooks.timeout(timeoutError("heartbeats", heartbeatOnlyTimeoutMs));
      let next = Math.min(capAt, quietUntil);
      if (stillWorkingEveryMs > 0) {
        const stillAt = this.lastProgress + (this.stillSent + 1) * stillWorkingEveryMs;
        if (now >= stillAt) {
          this.stillSent++;
          this.hooks.stillWorking(now - this.startedAt);
          continue;
        }
        next = Math.min(next, stillAt);
      }
      await this.clock.sleep(next - now, this.stopper.signal);
    }
  }
}
