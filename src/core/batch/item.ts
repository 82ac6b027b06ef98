/**
 * One batch item: its persisted record (zod-checked when read back), the output file name made
 * from the source, and the steps that process it on its own session: upload → instruction →
 * render → download. A step that was reached before a window reload is never repeated in a way
 * that charges twice: once the instruction may have been sent, a resumed item goes to the render.
 */
import * as path from "node:path";
// zod/v4-mini (= zod/mini): the Batch view restores items at activation, which must stay light.
import * as z from "zod/v4-mini";
import type { NemoClientApi } from "../api";
import { sanitizeFileName, slugName } from "../media/files";

/** "rate-limited": the service kept answering "wait" past the queue's budget; Retry resumes the item where it stopped. */
export type BatchState = "queued" | "uploading" | "waiting" | "rendering" | "saved" | "failed" | "cancelled" | "rate-limited";

/** How far an item got: "sending" counts as sent (the agent may have the message already). */
export type BatchStep = "new" | "uploaded" | "sending" | "sent";

export const batchItemSchema = z.looseObject({
  id: z.string().check(z.minLength(1), z.maxLength(64)),
  /** The item's job on the job ledger (batch-jobs.ts). */
  jobId: z.catch(z.optional(z.string().check(z.maxLength(100))), undefined),
  source: z.string().check(z.minLength(1), z.maxLength(4_096)),
  instruction: z.string().check(z.minLength(1), z.maxLength(20_000)),
  outDir: z.string().check(z.minLength(1), z.maxLength(4_096)),
  state: z.enum(["queued", "uploading", "waiting", "rendering", "saved", "failed", "cancelled", "rate-limited"]),
  step: z.catch(z.enum(["new", "uploaded", "sending", "sent"]), "new"),
  percent: z.catch(z.optional(z.number().check(z.minimum(0), z.maximum(100))), undefined),
  renderId: z.catch(z.optional(z.string().check(z.maxLength(256))), undefined),
  /** When the item entered its current state (ms since the epoch): the elapsed time and estimate of a render. */
  stateSince: z.catch(z.optional(z.number().check(z.nonnegative())), undefined),
  output: z.catch(z.optional(z.string().check(z.maxLength(4_096))), undefined),
  /** Times the item went back to the queue after RATE_LIMITED (bounded: MAX_RATE_LIMIT_REQUEUES). */
  rateLimits: z.catch(z.optional(z.number().check(z.minimum(0), z.maximum(1_000))), undefined),
  error: z.catch(z.optional(z.object({ code: z.string().check(z.maxLength(64)), message: z.string().check(z.maxLength(2_000)) })), undefined),
});

export type BatchItem = z.infer<typeof batchItemSchema>;

/** Whether an item still has work to do. */
export const isActive = (s: BatchState): boolean => s === "uploading" || s === "waiting" || s === "rendering";
export const isFinished = (s: BatchState): boolean => s === "saved" || s === "failed" || s === "cancelled" || s === "rate-limited";
/** Stopped without success: Retry applies. */
export const isRetryable = (s: BatchState): boolean => s === "failed" || s === "cancelled" || s === "rate-limited";

/** "beach sunset.mov" → "beach-sunset-edited.mp4": the source's name, words joined by "-", safe on every OS. */
export function batchOutputName(source: string): string {
  const stem = path.basename(source, path.extname(source));
  return sanitizeFileName(`${slugName(stem) || "media"}-edited.mp4`, "media-edited.mp4");
}

export interface ItemReport {
  state(state: BatchState, percent?: number): void;
  /** A step was reached; the record is saved before the next network call. */
  step(step: BatchStep, renderId?: string): Promise<void>;
}

/**
 * Run the remaining steps of one item with a client whose workspace session is the item's own.
 * Resolves to the saved file's path.
 */
export async function processItem(client: NemoClientApi, item: BatchItem, report: ItemReport, signal: AbortSignal): Promise<string> {
  if (item.step === "new") {
    report.state("uploading", 0);
    await client.uploadFiles([item.source], {
      signal,
      onProgress: (p) => report.state("uploading", p.totalBytes > 0 ? Math.floor((100 * p.sentBytes) / p.totalBytes) : undefined),
    });
    await report.step("uploaded");
  }
  if (item.step === "uploaded") {
    report.state("waiting");
    await report.step("sending");
    await client.chat(item.instruction, { signal });
    await report.step("sent");
  }
  report.state("rendering", 0);
  const opts = {
    outDir: item.outDir,
    fileName: batchOutputName(item.source),
    signal,
    onProgress: (p: { percent?: number }) => report.state("rendering", p.percent),
    onRenderId: (id: string) => void report.step(item.step, id),
  };
  const result = item.renderId ? await client.resumeExport(item.renderId, opts) : await client.exportVideo(opts);
  return result.filePath;
}
