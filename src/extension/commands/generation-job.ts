/**
 * The palette's and the selection's generation as a job on the workspace's ledger (the one the
 * agent surfaces, the batch and the exports use): the notification shows the ledger's record of
 * the job (stage, elapsed time, percent), and the saved files are the job's media. Cancel before
 * the message reached the agent aborts the request (nothing charged); after that, Cancel only ends
 * the wait: the job watches the session (10 minutes at most), saves what arrives, and the Session
 * view lists it as finished after you stopped waiting (agents/jobs.ts announces the files).
 */
import * as vscode from "vscode";
import { CancelledError, ServerError } from "../../core/errors";
import type { JobProgress, JobRunner, JobSpec } from "../../core/jobs";
import type { Job } from "../../core/jobs/types";
import type { Shape } from "../../core/shape";
import type { ChatResult } from "../../core/types";
import { heavy } from "../lazy";
import { abortOn, cancellableProgress } from "../surface-helpers";
import type { ServicesContext } from "../contracts/services-context";

export interface GenerationJobSpec {
  prompt: string;
  /** Absolute. */
  outDir: string;
  surface: "palette" | "selection" | "gallery";
  shape?: Shape;
}

export interface GenerationJobResult {
  job: Job;
  /** The job's saved files, in the order the agent made them. */
  files: string[];
  /** The agent's answer (at most 2,000 characters). */
  text: string;
  changes: string[];
  outcome?: ChatResult["outcome"];
}

/** "The agent is working… (12 s)", "Downloading… (1 min 3 s) · 40%": the ledger's stage, elapsed time and percent. */
export function progressText(p: Pick<JobProgress, "message" | "percent">): string {
  return p.percent !== undefined && !/\d\s?%/.test(p.message) ? `${p.message} · ${Math.round(p.percent)}%` : p.message;
}

/**
 * Starts `spec` and waits for it under a notification's progress and Cancel: the job's record
 * (ledger stage, elapsed time, percent) is what the notification says. Cancel before the message
 * reached the agent cancels the job and resolves to how it ended; after that the job goes on by
 * itself (`detached`) and only the wait ends. Throws the job's NemoError when it failed.
 */
export async function followJob(
  jobs: JobRunner,
  spec: JobSpec,
  progress: vscode.Progress<{ message?: string }>,
  token: vscode.CancellationToken,
): Promise<{ job: Job | undefined; detached?: true }> {
  const controller = abortOn(token);
  const started = await jobs.start(spec, { signal: controller.signal });
  const job = await jobs.wait(started.id, { signal: controller.signal, rethrow: true, onProgress: (p) => progress.report({ message: progressText(p) }) });
  if (!controller.signal.aborted) return { job };
  // Cancel: after the message reached the agent the job goes on by itself; before, it is being cancelled.
  if (jobs.isDetached(started.id)) return { job, detached: true };
  return { job: await jobs.wait(started.id, { rethrow: true }) };
}

/** What a finished job hands back to its command. */
export function resultOf(job: Job): GenerationJobResult {
  const x = job.extra ?? {};
  const outcome = x.outcome === "completed" || x.outcome === "silent-close" || x.outcome === "recovered" ? x.outcome : undefined;
  return {
    job,
    files: job.media.flatMap((m) => (m.path ? [m.path] : [])),
    text: typeof x.answer === "string" ? x.answer : "",
    changes: typeof x.changes === "string" && x.changes.trim() ? x.changes.split("\n") : [],
    outcome,
  };
}

/**
 * Runs the generation as a job under a cancellable notification titled `title`. Resolves to the
 * finished job's result; to undefined when the person stopped waiting after the message reached the
 * agent (they are told the file will still be saved). Throws CancelledError when Cancel came before
 * the message was sent, and the job's NemoError when it failed.
 */
export async function runGenerationJob(ctx: ServicesContext, title: string, spec: GenerationJobSpec): Promise<GenerationJobResult | undefined> {
  const jobs: JobRunner = heavy().jobsFor(ctx);
  const outcome = await cancellableProgress(ctx, title, (progress, token) => {
    progress.report({ message: vscode.l10n.t("Sending the prompt…") });
    return followJob(jobs, { kind: "generate", prompt: spec.prompt, medium: "image", outDir: spec.outDir, surface: spec.surface, shape: spec.shape }, progress, token);
  });
  const job = outcome.job;
  if (outcome.detached && (!job || job.state !== "done")) {
    ctx.services.logger.info(`Job ${job?.id ?? "?"}: stopped waiting; the job goes on and saves what arrives.`);
    void vscode.window.showInformationMessage(
      vscode.l10n.t("Stopped waiting. The request had already reached the agent, so the image is saved to the output folder when it arrives (Session view → Jobs)."),
    );
    ctx.services.refresh("all");
    return undefined;
  }
  if (!job || job.state === "cancelled") throw new CancelledError();
  // A failure of this process's job was rethrown above; this is one the ledger knows only by its sentence.
  if (job.state !== "done") throw new ServerError("SERVER", { userMessage: job.error?.message ?? vscode.l10n.t("The generation did not finish.") });
  return resultOf(job);
}
