/** Saving a job's media: download each item into the output folder and record the saved path on the job. */
import type { NemoClientApi } from "../api";
import { CancelledError, toNemoError } from "../errors";
import { describeError, type Logger } from "../logger";
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
): Promise<string[]> {
  const files: string[] = [];
  let firstError: unknown;
  for (const m of media) {
    try {
      const file = await deps.client.downloadMedia(m, {
        outDir,
        title,
        signal,
        onProgress: (p) => onPercent?.(p.totalBytes ? Math.round((p.receivedBytes / p.totalBytes) * 100) : undefined),
      });
      files.push(file);
      await deps.ledger.addMedia(jobId, [{ ...toJobMedia(m), path: file, mimeType: m.mime ?? mimeOfPath(file) }]);
    } catch (err) {
      if (err instanceof CancelledError) throw err;
      firstError ??= err;
      deps.logger.warn(`Could not download ${m.url}: ${describeError(err)}`);
    }
  }
  if (files.length === 0 && firstError !== undefined) throw toNemoError(firstError);
  return files;
}

const MIME: Record<string, string> = { png: "image/png", jpg: "image/jpeg", jpeg: "image/jpeg", webp: "image/webp", gif: "image/gif", mp4: "video/mp4", mp3: "audio/mpeg", wav: "audio/wav" };
function mimeOfPath(file: string): string | undefined {
  return MIME[file.split(".").pop()?.toLowerCase() ?? ""];
}
