/**
 * A cheap look at a stored ledger (schema.ts: `{"version": 1, "jobs": [Job…]}`) before anything
 * parses it whole: may an earlier process have left work unfinished in it? The editor's activation
 * asks this so it loads its stores, and resumes, only when there may be something to resume or show
 * (src/extension/shell/index.ts); the full check stays schema.ts and the ledger's own.
 *
 * Tolerant in the safe direction: text that is not a job list of the known shape answers `true`,
 * so the full read decides (and warns once about a damaged store).
 */
import { isFinalState, type JobState } from "./types";

/**
 * True when `text` may hold a job that is not final (a generation, upload or batch item to pick up),
 * an interrupted export that still has a render id (a render to fetch), or a batch item of any
 * state (the Batch view lists a batch until it is cleared). O(jobs), no validation beyond the
 * fields it reads.
 */
export function mayHoldLeftWork(text: string | undefined): boolean {
  if (text === undefined || text.trim() === "") return false;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return true;
  }
  const jobs = (value as { jobs?: unknown } | null)?.jobs;
  if (!Array.isArray(jobs)) return true;
  return jobs.some((j: unknown) => {
    if (!j || typeof j !== "object") return false;
    const { state, kind, renderId, surface } = j as { state?: unknown; kind?: unknown; renderId?: unknown; surface?: unknown };
    if (typeof state !== "string" || surface === "batch") return true;
    if (!isFinalState(state as JobState)) return true;
    return kind === "export" && state === "interrupted" && typeof renderId === "string";
  });
}
