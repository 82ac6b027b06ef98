/** How an upload path records its sends on the ledger (uploads-store.ts UploadsStore implements it). */
import type { JobSurface } from "../../core/jobs/types";
import type { UploadResult } from "../../core/types";
import type { SentUpload, UploadJobs } from "../../core/media/upload-records";

export interface UploadTracker {
  /**
   * Runs one upload call with its records on the ledger from its start (state uploading → done,
   * failed or cancelled), as jobs of the session it goes to; resolves or rejects as `run` does.
   */
  track<T extends Pick<UploadResult, "uploaded">>(sent: readonly SentUpload[], surface: JobSurface, run: (jobs: UploadJobs) => Promise<T>): Promise<T>;
}
