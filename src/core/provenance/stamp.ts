/**
 * The record for one saved file, assembled in one place from what the save knows: the person's
 * prompt (unless prompts are turned off), the style asked for, the ratio read back (shape/read-back.ts:
 * the session's canvas, else the file's own pixel size), the time, the product and version, and
 * the job and session ids. Returns the `finish` step the save path runs on its temp file.
 */
import { promises as fs } from "node:fs";
import type { Logger } from "../support/logger";
import type { Canvas } from "../types";
import { readBackRatio } from "../shape/read-back";
import { splitShape } from "../shape/framing";
import { embedProvenance } from "./embed";
import { PRODUCT_NAME, type ProvenanceRecord, TRAINED_ALGORITHMIC_MEDIA } from "./record";
import { pixelSizeOf } from "./size";

export interface StampInput {
  /** The person's prompt (or the backend's copy of it: our shape sentences are taken off). */
  prompt?: string;
  /** The ratio and style asked for; the ratio is only used when nothing can be read back. */
  ratio?: string;
  style?: string;
  jobId?: string;
  sessionId?: string;
  /** "export" for a rendered timeline. */
  kind?: "export";
  /** `imageGeneration.embedPromptInFiles` / `--no-embed-prompt`: false leaves the prompt out (the AI mark stays). */
  embedPrompt: boolean;
  nowMs: number;
  version: string;
  /** The last session state's canvas (state/canvas.ts). */
  canvas?: Canvas;
}

/** The record, given the file's pixel size (undefined for video or unknown). */
export function provenanceRecord(input: StampInput, pixelSize?: { width: number; height: number }): ProvenanceRecord {
  const split = input.prompt ? splitShape(input.prompt) : undefined;
  return {
    prompt: input.embedPrompt && split?.prompt ? split.prompt : undefined,
    ratio: readBackRatio(input.canvas, pixelSize) ?? input.ratio ?? split?.shape.ratio,
    style: input.style ?? split?.shape.style,
    createdAt: new Date(input.nowMs).toISOString(),
    product: PRODUCT_NAME,
    productVersion: input.version,
    jobId: input.jobId,
    sessionId: input.sessionId,
    digitalSourceType: TRAINED_ALGORITHMIC_MEDIA,
    ...(input.kind ? { kind: input.kind } : {}),
  };
}

async function headOf(file: string, bytes: number): Promise<Buffer> {
  const handle = await fs.open(file, "r");
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** The save path's last step for this input: write the record into the temp file; a format it cannot label is logged and saved as is. */
export function stampStep(input: StampInput, logger: Logger): (tempPath: string) => Promise<void> {
  return async (tempPath) => {
    // Image headers hold the size near the start (a JPEG's SOF can follow a large Exif/ICC block).
    const size = pixelSizeOf(await headOf(tempPath, 256 * 1024));
    const record = provenanceRecord(input, size);
    const outcome = await embedProvenance(tempPath, record, { stripPrompt: input.embedPrompt ? undefined : input.prompt && splitShape(input.prompt).prompt });
    if (!outcome.embedded) logger.warn(`Saved without a provenance record: ${outcome.reason}.`);
  };
}
