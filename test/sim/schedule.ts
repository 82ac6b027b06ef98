/**
 * How long the simulated agent and renderer take, and what a turn charges. Durations are sim ms: at
 * time scale 1 they follow the published ones (NEMO_API.md, "The SSE stream" and "Export"): text
 * 5-15 s, image or video generation 100-300 s, edits 10-30 s, renders 30-90 s. Every duration
 * drawn is recorded in `Schedule.entries` (control API `GET /__sim/schedule`), so tests assert on
 * what the simulator planned rather than on wall time.
 *
 * Prices come from the product's own quote (src/core/prompt/cost.ts, COST_CREDITS): one source of
 * truth, so the demo's balance moves by what people were asked to confirm.
 */
import { COST_CREDITS } from "../../src/core/prompt";
import type { TurnKind } from "./classify";
import type { Rng } from "./rng";

/** Published duration ranges in sim ms (time scale 1 = real seconds). */
export const PUBLISHED_MS = {
  text: { min: 5_000, max: 15_000 },
  generation: { min: 100_000, max: 300_000 },
  edit: { min: 10_000, max: 30_000 },
  render: { min: 30_000, max: 90_000 },
} as const;

export type DurationKind = keyof typeof PUBLISHED_MS;

/** Credits a turn of this kind costs: generation 100 (image or clip), an edit 50, an image edited with a prompt 100, text nothing. */
export function turnCost(kind: TurnKind): number {
  switch (kind) {
    case "image":
      return COST_CREDITS.image;
    case "video":
      return COST_CREDITS.clip;
    case "edit":
      return COST_CREDITS.edit;
    case "image-edit":
      return COST_CREDITS["image-edit"];
    case "text":
      return 0;
  }
}

/** One planned piece of work: what, its sim ms, and the real ms it takes at the time scale. */
export interface ScheduledWork {
  /** "generate_image", "add_text", "think", "render", … */
  what: string;
  kind: DurationKind;
  simMs: number;
  realMs: number;
  /** The session (agent work) or render id. */
  owner: string;
}

/** The newest entries kept (a long demo must not grow without bound). */
const MAX_ENTRIES = 1_000;

export class Schedule {
  readonly entries: ScheduledWork[] = [];

  constructor(private readonly timeScale: () => number) {}

  /** Draw a duration of `kind` (sim ms, within the published range) and record it. */
  draw(kind: DurationKind, rng: Rng, what: string, owner: string): number {
    const { min, max } = PUBLISHED_MS[kind];
    return this.record(kind, rng.int(min, max), what, owner);
  }

  /** Split one drawn duration of `kind` over `parts` pieces of work (an edit turn's tools together take 10-30 s). */
  split(kind: DurationKind, rng: Rng, whats: readonly string[], owner: string): number[] {
    const { min, max } = PUBLISHED_MS[kind];
    const total = rng.int(min, max);
    const n = Math.max(1, whats.length);
    return whats.map((what, i) => this.record(kind, i === n - 1 ? total - Math.floor(total / n) * (n - 1) : Math.floor(total / n), what, owner));
  }

  record(kind: DurationKind, simMs: number, what: string, owner: string): number {
    this.entries.push({ what, kind, simMs, realMs: Math.max(0, simMs * this.timeScale()), owner });
    if (this.entries.length > MAX_ENTRIES) this.entries.splice(0, this.entries.length - MAX_ENTRIES);
    return simMs;
  }

  reset(): void {
    this.entries.length = 0;
  }
}
