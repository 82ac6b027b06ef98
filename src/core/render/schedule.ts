/**
 * When to poll a render, and until when. NEMO_API.md polls every 30 s, at most 10 times; the
 * vendor's API reference every 10 s, at most 30 times (NEMO_API.md "Variants"). Neither count
 * fits every render, so the bound is a time, not a count:
 * - the first check `renderFirstPollMs` (3 s) after the submit, so the state and a percentage show soon;
 * - then every `renderPollMs` (10 s) while the service reports news (a higher percentage, or a new status);
 * - without news, each wait 1.5× the last, up to `renderSlowPollMs` (30 s);
 * - the whole wait is bounded by the render's expected time: `renderMaxWaitMs` (10 min: a typical
 *   render takes 30–90 s, the reference gives up after 5 min), or, while a percentage is reported,
 *   1.5× the end it projects (elapsed ÷ fraction done), whichever is later, but never more than
 *   3 × `renderMaxWaitMs`. A render that is still moving at the bound can be resumed later.
 * Pure: times are milliseconds on the caller's clock.
 */
import type { Timing } from "../api";

export type PollTiming = Pick<Timing, "renderFirstPollMs" | "renderPollMs" | "renderSlowPollMs" | "renderMaxWaitMs">;

export class RenderPollSchedule {
  private lastDelay = 0;
  private lastPercent: number | undefined;
  private lastStatus: string | undefined;
  private projectedEndMs: number | undefined;
  polls = 0;

  constructor(
    private readonly timing: PollTiming,
    /** When the render was submitted (or polling resumed). */
    private readonly startMs: number,
  ) {}

  /** The wait before the next poll; undefined when the next poll would come after the bound (the first one always comes). */
  nextDelay(nowMs: number): number | undefined {
    if (this.polls === 0) return this.timing.renderFirstPollMs;
    return nowMs + this.lastDelay - this.startMs > this.boundMs() ? undefined : this.lastDelay;
  }

  /** What a poll said: a percentage (0..100) and a status word, when it had them. */
  observe(nowMs: number, percent: number | undefined, status: string | undefined): void {
    const t = this.timing;
    const moved = percent !== undefined && (this.lastPercent === undefined || percent > this.lastPercent);
    const news = this.polls === 0 || moved || (status !== undefined && status !== this.lastStatus);
    this.polls += 1;
    this.lastDelay = news ? t.renderPollMs : Math.min(t.renderSlowPollMs, Math.max(t.renderPollMs, Math.round(this.lastDelay * 1.5)));
    if (percent !== undefined) this.lastPercent = Math.max(percent, this.lastPercent ?? 0);
    if (status !== undefined) this.lastStatus = status;
    const elapsed = nowMs - this.startMs;
    // Projected only from a percentage that moved: one stuck at 99 % does not stretch the bound.
    if (moved && percent > 0 && percent < 100 && elapsed > 0) this.projectedEndMs = (elapsed * 100) / percent;
  }

  /** A poll that failed (network): wait as long as without news. */
  failed(): void {
    this.polls += 1;
    const t = this.timing;
    this.lastDelay = Math.min(t.renderSlowPollMs, Math.max(t.renderPollMs, Math.round(this.lastDelay * 1.5)));
  }

  /** The longest total wait in ms, from the start. */
  boundMs(): number {
    const base = this.timing.renderMaxWaitMs;
    const projected = this.projectedEndMs === undefined ? 0 : this.projectedEndMs * 1.5;
    return Math.min(3 * base, Math.max(base, projected));
  }
}
