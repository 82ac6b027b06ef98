/**
 * "Edit Image with a Prompt…" as a job on the workspace's ledger (the one the palette, the chat,
 * the agent surfaces, the batch and the exports use): the image's upload is an `upload` job from
 * its first byte (UploadsStore.track), the edit an `edit` job whose media is the saved `-edit-N`
 * version, and the notification shows the job's stage. Cancel before the instruction reached the
 * agent aborts the upload and the request (nothing charged); after that, Cancel only ends the wait:
 * the job watches the session (10 minutes at most) and saves the version when it arrives, which is
 * then announced with its path (agents/jobs.ts), since the compare view no longer opens.
 */
import * as path from "node:path";
import * as vscode from "vscode";
import { editJobSpec, type PreparedEdit } from "../../core/edit";
import { CancelledError, ServerError } from "../../core/errors";
import type { JobRunner } from "../../core/jobs";
import { progressSubject } from "../format";
import { heavy } from "../lazy";
import { cancellableProgress } from "../surface-helpers";
import type { ServicesContext } from "../contracts/services-context";
import type { UploadTracker } from "../contracts/upload-tracker";
import { followJob } from "./generation-job";

/** The services and the upload records (the picture goes up as an upload job first). */
type EditJobContext = ServicesContext & { uploads: UploadTracker };

export interface EditJobResult {
  /** The original, untouched. */
  source: string;
  /** The saved new version. */
  file: string;
  jobId: string;
}

/**
 * Runs the prepared edit as a job under a cancellable notification titled with the file's name.
 * Resolves to the original and the saved version; to undefined when the person stopped waiting
 * after the instruction reached the agent (they are told where the version will be saved). Throws
 * CancelledError when Cancel came before, and the job's NemoError when it failed.
 */
export async function runEditJob(ctx: EditJobContext, edit: PreparedEdit, surface: "palette" | "explorer" | "gallery"): Promise<EditJobResult | undefined> {
  const jobs: JobRunner = heavy().jobsFor(ctx);
  const client = ctx.services.client;
  const { image } = edit;
  const outcome = await cancellableProgress(ctx, progressSubject(image.name, 60), (progress, token) => {
    progress.report({ message: vscode.l10n.t("Uploading the image…") });
    const spec = editJobSpec(client, edit, {
      surface,
      // The upload is its own job on the ledger from its first byte (the Session view's Uploads).
      trackUpload: (sent, run) => ctx.uploads.track(sent, surface, run),
      onUploadPercent: (pct) => progress.report({ message: vscode.l10n.t("Uploading the image… {0}%", pct) }),
    });
    return followJob(jobs, spec, progress, token);
  });
  const job = outcome.job;
  if (outcome.detached && (!job || job.state !== "done")) {
    ctx.services.logger.info(`Job ${job?.id ?? "?"}: stopped waiting; the edit goes on and saves the version when it arrives.`);
    void vscode.window.showInformationMessage(
      vscode.l10n.t(
        "Stopped waiting. The instruction had already reached the agent, so the new version is saved beside {0} in {1} when it arrives (Session view → Jobs).",
        image.name,
        path.dirname(image.path),
      ),
    );
    return undefined;
  }
  if (!job || job.state === "cancelled") throw new CancelledError();
  if (job.state !== "done") throw new ServerError("SERVER", { userMessage: job.error?.message ?? vscode.l10n.t("The edit did not finish.") });
  const file = job.media.find((m) => m.path)?.path;
  if (!file) throw new ServerError("SERVER", { userMessage: vscode.l10n.t("The agent answered without an edited image.") });
  return { source: image.path, file, jobId: job.id };
}
