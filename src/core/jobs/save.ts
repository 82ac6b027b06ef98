/** Saving a job's media: download each item into the output folder and record the saved path on the job. */
import type { NemoClientApi } from "../api";
import { CancelledError, toNemoError } from "../errors";
import { describeError, type Logger } from "../support/logger";
import { mimeTypeOfFile } from "../media/media-type";
import type { GeneratedMedia } from "../types";
import type { JobLedger } from "./ledger";
import type { JobMedia } from "./types";

export function toJobMedia(m: GeneratedMedia): JobMedia {
  return { url: m.url, key: m.key, kind: m.kind, mimeType: m.mime };
}

/** Downloads media into outDir and records each saved path on the job; the first failure is thrown when nothing was saved. */
export async function saveAll(
  deps: { client: NemoClientApi; ledger: JobLedger; logger: Logger },
  jobId: string,
  media: readonly GeneratedMedia[],
  outDir: string,
  title: string | undefined,
  signal: AbortSignal | undefined,
  onPercent?: (p: number | undefined) => void,
  /** For the file's provenance record: the prompt as asked, the style's label and the ratio asked for. */
  record: { prompt?: string; style?: string; ratio?: string } = {},
): Promise<string[]> {
  const files: string[] = [];
  let firstError: unknown;
  for (const m of media) {
    try {
      const file = await deps.client.downloadMedia(m, {
        outDir,
        title,
        prompt: record.prompt,
        style: record.style,
        ratio: record.ratio,
        signal,
        onProgress: (p) => onPercent?.(p.totalBytes ? Math.round((p.receivedBytes / p.totalBytes) * 100) : undefined),
      });
      files.push(file);
      // The file's bytes decide its type (media-type.ts), not what the service declared.
      await deps.ledger.addMedia(jobId, [{ ...toJobMedia(m), path: file, mimeType: await mimeTypeOfFile(file) }]);
    } catch (err) {
      if (err instanceof CancelledError) throw err;
      firstError ??= err;
      deps.logger.warn(`Could not download ${m.url}: ${describeError(err)}`);
    }
  }
  if (files.length === 0 && firstError !== undefined) throw toNemoError(firstError);
  return files;
}

