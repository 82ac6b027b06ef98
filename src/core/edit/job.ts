/**
 * An edit of a file as a job on the ledger (jobs/runner.ts): the image's upload runs before the
 * instruction under the job's signal (a cancel then aborts it and nothing is charged) and is its
 * own `upload` job from its first byte (the caller's `trackUpload`, e.g. UploadRecords.track); the
 * turn's image is saved beside the original as the next `-edit-N` version (saveEditVersion), which
 * becomes the job's media with its path, also when the caller stopped waiting and the job went on.
 */
import type { NemoClientApi } from "../api";
import { toJobMedia } from "../jobs/save";
import type { JobSpec } from "../jobs/runner";
import type { JobSurface } from "../jobs/types";
import { mimeTypeOfFile } from "../media/media-type";
import type { UploadJobs } from "../media/upload-records";
import type { UploadResult } from "../types";
import { saveEditVersion, type PreparedEdit } from "./flow";

/** Runs the upload call with its `upload` job(s) on the ledger from the start; resolves or rejects as `run` does. */
export type TrackUpload = (sent: readonly { path: string; size?: number }[], run: (jobs: UploadJobs) => Promise<UploadResult>) => Promise<UploadResult>;

/** The ledger's line while the image uploads. */
export const EDIT_UPLOAD_STAGE = "Uploading the image…";

/**
 * The job spec of a prepared edit (prepareEdit). `onUploadPercent`: 0..100 of the image's bytes
 * sent, for a notification. Without `trackUpload` the upload runs without a record of its own.
 */
export function editJobSpec(
  client: Pick<NemoClientApi, "uploadFiles" | "downloadMedia">,
  edit: PreparedEdit,
  opts: { surface: JobSurface; trackUpload?: TrackUpload; onUploadPercent?: (percent: number) => void },
): Extract<JobSpec, { kind: "edit" }> {
  const { image } = edit;
  const upload = (signal: AbortSignal, jobs?: UploadJobs): Promise<UploadResult> =>
    client.uploadFiles([image.path], {
      signal,
      onProgress: (p) => {
        const total = p.totalBytes || image.size;
        if (!total) return;
        const pct = Math.min(100, Math.round((p.sentBytes / total) * 100));
        jobs?.progress(pct);
        opts.onUploadPercent?.(pct);
      },
    });
  return {
    kind: "edit",
    message: edit.message,
    surface: opts.surface,
    beforeStage: EDIT_UPLOAD_STAGE,
    before: (signal) => (opts.trackUpload ? opts.trackUpload([{ path: image.path, size: image.size }], (jobs) => upload(signal, jobs)) : upload(signal)),
    save: async (media, s) => {
      const saved = await saveEditVersion(client, edit, media, {
        signal: s.signal,
        onProgress: (p) => s.onPercent(p.totalBytes ? Math.round((p.receivedBytes / p.totalBytes) * 100) : undefined),
      });
      return [{ ...toJobMedia(saved.media), path: saved.file, mimeType: await mimeTypeOfFile(saved.file) }];
    },
  };
}
