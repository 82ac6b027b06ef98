/**
 * A batch item as a job on the ledger (kind `batch-item`): the instruction is the job's prompt,
 * the item's batch state, step, source file, place in the list and rate-limit count live in the
 * job's `extra`, the saved MP4 is its media. The Batch view, `list_jobs`-style readers and a window
 * reload all read the same record. `hidden`: cleared from the batch by the person (kept as history).
 */
import type { Job, JobPatch, JobState, JobSurface, NewJob } from "../jobs/types";
import { type BatchItem, batchItemSchema, type BatchState } from "./item";

const JOB_STATE: Record<BatchState, JobState> = {
  queued: "queued",
  uploading: "sending",
  waiting: "working",
  rendering: "rendering",
  saved: "done",
  failed: "failed",
  cancelled: "cancelled",
  "rate-limited": "failed",
};

const STAGE: Record<BatchState, string> = {
  queued: "Queued",
  uploading: "Uploading…",
  waiting: "Waiting for the agent…",
  rendering: "Rendering…",
  saved: "Saved",
  failed: "Failed",
  cancelled: "Cancelled",
  "rate-limited": "Stopped: the service kept asking to wait",
};

/** The job that starts an item's record. */
export function newBatchJob(item: BatchItem, order: number, surface: JobSurface): NewJob {
  return { kind: "batch-item", surface, prompt: item.instruction, outDir: item.outDir, state: JOB_STATE[item.state], stage: STAGE[item.state], extra: extraOf(item, order) };
}

function extraOf(item: BatchItem, order: number, more: { hidden?: boolean } = {}): Record<string, string | number | boolean> {
  const extra: Record<string, string | number | boolean> = { itemId: item.id, source: item.source, batchState: item.state, step: item.step, order };
  if (item.stateSince !== undefined) extra.stateSince = item.stateSince;
  if (item.rateLimits !== undefined) extra.rateLimits = item.rateLimits;
  if (more.hidden) extra.hidden = true;
  return extra;
}

/** The whole record of an item as a patch of its job (percent included while it runs). */
export function batchJobPatch(item: BatchItem, order: number, more: { hidden?: boolean } = {}): JobPatch {
  return {
    state: JOB_STATE[item.state],
    stage: STAGE[item.state],
    percent: item.percent,
    prompt: item.instruction,
    outDir: item.outDir,
    renderId: item.renderId,
    error: item.error,
    media: item.output ? [{ url: `file:${item.output}`, path: item.output, mimeType: "video/mp4", kind: "video" }] : [],
    extra: extraOf(item, order, more),
  };
}

/** An item's number (`b12` → 12), 0 when the job is not a batch item. */
export function itemNumber(job: Job): number {
  const id = job.extra?.itemId;
  return typeof id === "string" ? Number(id.replace(/\D/g, "")) || 0 : 0;
}

/** The item a job records, with its place in the list; undefined for a hidden or unreadable one. */
export function batchItemOfJob(job: Job): { item: BatchItem; order: number } | undefined {
  const x = job.extra ?? {};
  if (job.kind !== "batch-item" || x.hidden === true) return undefined;
  const parsed = batchItemSchema.safeParse({
    id: x.itemId,
    jobId: job.id,
    source: x.source,
    instruction: job.prompt,
    outDir: job.outDir,
    state: x.batchState,
    step: x.step,
    renderId: job.renderId,
    stateSince: x.stateSince,
    output: job.media.find((m) => m.path)?.path,
    rateLimits: x.rateLimits,
    error: job.error,
  });
  if (!parsed.success) return undefined;
  const item = parsed.data;
  for (const k of Object.keys(item) as (keyof BatchItem)[]) if (item[k] === undefined) delete item[k];
  return { item, order: typeof x.order === "number" ? x.order : 0 };
}
