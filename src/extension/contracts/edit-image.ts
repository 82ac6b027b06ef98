/** Edit Image with a Prompt… as its callers see it (commands/edit-image.ts implements it). */
import type { UploadTracker } from "./upload-tracker";
import type { PaidContext } from "./services-context";

export interface EditImageArgs {
  /** The instruction; unset: asked in an input box. */
  instruction?: string;
  /** false skips the cost question (tests, callers that already asked). */
  confirm?: boolean;
  /** false: no compare view afterwards. */
  compare?: boolean;
  /** Where the person started it (the job's surface, the chat's "Changed from …" line); default: the Explorer when a file was given, else the palette. */
  from?: "palette" | "explorer" | "gallery";
}

export interface EditImageResult {
  source: string;
  file: string;
  /** The edit's job on the workspace ledger (its media: the saved version). */
  jobId: string;
}

/** What an edit needs: the services, the balance for its cost question, and the upload records. */
export type EditContext = PaidContext & { uploads: UploadTracker };
