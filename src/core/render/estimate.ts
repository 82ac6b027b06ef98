/**
 * What a render's progress shows between the service's checks. The service is asked 3 s after the
 * submit and then every 30 s (NEMO_API.md, "Export (render)"), so its percentage alone would sit
 * still for 30 s and then jump to done. Between checks the surfaces show the elapsed time and an
 * estimate from the typical render time (NEMO_API.md: "Typical render: 30-90 s"), marked as an
 * estimate; when the service's own number is ahead, that number, carried on at the pace the service
 * showed until its next check. One rule for every surface (the chat's export card, the export
 * notification, Batch rows); the wording is each adapter's.
 */

/** The typical render time in ms: the middle of NEMO_API.md's "30-90 s". */
export const TYPICAL_RENDER_MS = 60_000;

/** The estimate never claims more than this (only the service says "done"). */
export const ESTIMATE_CAP_PERCENT = 99;

export interface RenderEstimate {
  /** 0..99, a whole number: the larger of the service's number and the estimate. */
  percent: number;
  /** True when `percent` is our estimate (to be marked so), false when it is the service's. */
  estimated: boolean;
  /** ms since the render started. */
  elapsedMs: number;
}

/**
 * The estimated share done after `elapsedMs` of a render that typically takes `typicalMs`: linear
 * to 80 % at the typical time, then closing in on 99 % ever more slowly (a long render keeps
 * moving, never reaches done by itself).
 */
export function estimatedPercent(elapsedMs: number, typicalMs = TYPICAL_RENDER_MS): number {
  const t = Math.max(0, elapsedMs) / Math.max(1, typicalMs);
  const raw = t <= 1 ? 80 * t : 80 + (ESTIMATE_CAP_PERCENT - 80) * (1 - Math.exp(-(t - 1)));
  return Math.min(ESTIMATE_CAP_PERCENT, Math.floor(raw));
}

/** The service's last percentage (0..100) and when it arrived (ms since the epoch, the caller's clock). */
export interface ReportedProgress {
  percent: number | undefined;
  atMs: number;
}

/**
 * The progress to show now for a render that started at `startedMs` (ms since the epoch, same clock
 * as `nowMs`), given the service's last percentage (0..100, or undefined when it gave none).
 *
 * When the service's number is ahead of the typical-time estimate and the caller says when it
 * arrived (`ReportedProgress`), the number keeps moving until the next check: it goes on at the
 * pace the service showed so far (its percentage over the time it took), slowing as it nears 99 %,
 * marked as an estimate. A plain number (no arrival time) is shown as it is.
 */
export function renderEstimate(startedMs: number, nowMs: number, reportedPercent?: number | ReportedProgress, typicalMs = TYPICAL_RENDER_MS): RenderEstimate {
  const elapsedMs = Math.max(0, nowMs - startedMs);
  const guess = estimatedPercent(elapsedMs, typicalMs);
  const raw = typeof reportedPercent === "object" ? reportedPercent.percent : reportedPercent;
  const reported = raw === undefined || !Number.isFinite(raw) ? undefined : Math.min(ESTIMATE_CAP_PERCENT, Math.max(0, Math.round(raw)));
  if (reported === undefined) return { percent: guess, estimated: true, elapsedMs };
  const atMs = typeof reportedPercent === "object" ? reportedPercent.atMs : undefined;
  let ahead = reported;
  if (atMs !== undefined && Number.isFinite(atMs) && atMs > startedMs && reported > 0 && reported < ESTIMATE_CAP_PERCENT) {
    const pace = reported / (atMs - startedMs); // percent per ms so far
    const left = ESTIMATE_CAP_PERCENT - reported;
    ahead = Math.floor(reported + left * (1 - Math.exp((-pace * Math.max(0, nowMs - atMs)) / left)));
  }
  const percent = Math.min(ESTIMATE_CAP_PERCENT, Math.max(guess, ahead));
  return { percent, estimated: percent > reported, elapsedMs };
}

/**
 * One render's progress as a surface shows it, redrawn over time: remembers the service's last
 * number and when it arrived (so renderEstimate carries it on between checks), and the highest
 * number shown, so a later check that says less never moves the number back (the number is then
 * marked as an estimate). One per render: the chat's export card, the export notification, a Batch row.
 */
export class RenderProgress {
  private last: ReportedProgress | undefined;
  private shown = 0;

  /** `startedMs`: when the render started (ms since the epoch, the caller's clock). */
  constructor(
    readonly startedMs: number,
    private readonly typicalMs = TYPICAL_RENDER_MS,
  ) {}

  /** The service's number (0..100) as it arrives at `nowMs`; the same number again keeps its first arrival time. */
  report(percent: number | undefined, nowMs: number): void {
    if (percent !== undefined && percent !== this.last?.percent) this.last = { percent, atMs: nowMs };
  }

  /** What to show at `nowMs`. */
  at(nowMs: number): RenderEstimate {
    const e = renderEstimate(this.startedMs, nowMs, this.last, this.typicalMs);
    this.shown = Math.max(e.percent, this.shown);
    return { percent: this.shown, estimated: e.estimated || this.shown > e.percent, elapsedMs: e.elapsedMs };
  }
}

/** "0:41", "12:05": whole minutes and seconds of `ms`. */
export function elapsedClock(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}
