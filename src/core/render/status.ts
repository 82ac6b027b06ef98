/**
 * The render job's answer to a poll (or a submit), read tolerantly. The vendor's documents show
 * three shapes, and this is the one place that guesses between them:
 * - top level: `{status, progress, output: {url}}` (also what the envelope decoder leaves when
 *   `{code:0, …}` carries no `data`);
 * - inside the envelope: `{code: 0, data: {status, progress, output: {url}}}` (the decoder unwraps it);
 * - `{success: true, data: {id, status, progress, outputUrl, createdAt, completedAt}}` with no `code`
 *   (the decoder passes the whole object through, so `data` is looked into here).
 * A URL means finished, with or without a status. Progress may be 0–1 or 0–100.
 */
import * as z from "zod"; // a namespace import: esbuild keeps only what is used (no locales)

export type RenderPhase = "pending" | "processing" | "completed" | "failed";

export interface RenderStatus {
  phase: RenderPhase;
  /** The status word as sent (lower case), for the log and the progress card. */
  status?: string;
  /** 0..100 when known. */
  percent?: number;
  /** The MP4's address once finished. */
  url?: string;
}

const numberish = z.union([z.number(), z.string().regex(/^\d+(\.\d+)?%?$/).transform((s) => Number(s.replace("%", "")))]);
const text = z.string().trim().min(1);

const jobSchema = z.looseObject({
  status: text.optional().catch(undefined),
  state: text.optional().catch(undefined),
  progress: numberish.optional().catch(undefined),
  output: z.union([z.looseObject({ url: text.optional().catch(undefined) }), text]).optional().catch(undefined),
  outputUrl: text.optional().catch(undefined),
  output_url: text.optional().catch(undefined),
  url: text.optional().catch(undefined),
});

type Job = z.infer<typeof jobSchema>;

const DONE = new Set(["completed", "complete", "succeeded", "success", "done", "finished"]);
const FAILED = new Set(["failed", "failure", "error", "errored", "cancelled", "canceled", "timeout"]);
const PENDING = new Set(["pending", "queued", "waiting", "submitted", "created"]);

/**
 * Progress as 0..100: values below 1 are fractions (0.4 → 40). A bare 1 is read as 1 %: a
 * fraction of 1 only comes with a finished job, which counts as 100 % anyway.
 */
export function normalisePercent(p: number | undefined): number | undefined {
  if (p === undefined || !Number.isFinite(p) || p < 0) return undefined;
  return Math.min(100, Math.round((p < 1 ? p * 100 : p) * 10) / 10);
}

function urlOf(job: Job): string | undefined {
  const out = job.output;
  return (typeof out === "string" ? out : out?.url) ?? job.outputUrl ?? job.output_url;
}

function hasJobFields(job: Job): boolean {
  return job.status !== undefined || job.state !== undefined || job.progress !== undefined || urlOf(job) !== undefined;
}

/** The job object of an answer: the top level when it carries job fields, else its `data`. */
function jobOf(data: unknown): Job | undefined {
  const top = jobSchema.safeParse(data);
  if (!top.success) return undefined;
  if (hasJobFields(top.data)) return top.data;
  const inner = jobSchema.safeParse((data as { data?: unknown }).data);
  return inner.success && hasJobFields(inner.data) ? inner.data : undefined;
}

/** Read one poll answer. Anything unreadable counts as "still processing" (the poll count bounds it). */
export function parseRenderStatus(data: unknown): RenderStatus {
  const job = jobOf(data);
  if (!job) return { phase: "processing" };
  const status = (job.status ?? job.state)?.toLowerCase();
  const url = urlOf(job);
  const percent = normalisePercent(job.progress);
  if (status && FAILED.has(status)) return { phase: "failed", status, percent };
  if (url || (status && DONE.has(status))) return { phase: "completed", status: status ?? "completed", percent: 100, url };
  if (status && PENDING.has(status)) return { phase: "pending", status, percent };
  return { phase: "processing", status, percent };
}
