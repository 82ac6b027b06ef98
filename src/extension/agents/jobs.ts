/**
 * The workspace's job runner for the agent surfaces (language model tools, `@imagegen`): their
 * generations, edits and exports are jobs on the workspace's ledger (the one the export, upload and
 * batch records live in), so a Stop after the message reached the agent ends only the caller's
 * wait, the file is still saved, and the Session view's Jobs, the chat and `imagegen_list_jobs`
 * read the same record. One runner per client (the client is rebuilt when connection settings change).
 */
import { JobRunner, type JobSurface } from "../../core/jobs";
import type { ServicesContext } from "../contracts/services-context";
import { announceSaved } from "../rules/output";
import type { ActivitySource } from "../services";

const runners = new WeakMap<object, JobRunner>();
export function jobsFor(ctx: ServicesContext): JobRunner {
  const client = ctx.services.client;
  let runner = runners.get(client);
  if (!runner) {
    runner = new JobRunner({ client, ledger: ctx.services.exportRecords.ledger, logger: ctx.services.logger });
    runners.set(client, runner);
    announceLateJobs(ctx);
  }
  return runner;
}

/**
 * A job whose caller stopped waiting (Stop, or the host gave up after the message reached the
 * agent) and that then finished with files: the chat says so in one line with the file
 * ("Finished after you stopped waiting: …"), read from the ledger's record. Once per job.
 */
let lateListener: { dispose(): void } | undefined;
function announceLateJobs(ctx: ServicesContext): void {
  if (lateListener) return;
  const told = new Set<string>();
  lateListener = ctx.services.exportRecords.ledger.onDidChange((job) => {
    // The chat shows its own jobs' late ends on their replies (chat/job-replies.ts).
    if (!job.detached || job.state !== "done" || told.has(job.id) || job.kind === "export" || job.surface === "chat") return;
    const files = job.media.flatMap((m) => (m.path ? [m.path] : []));
    if (files.length === 0 && job.kind === "generate") return;
    told.add(job.id);
    const source: ActivitySource = job.surface === "palette" || job.surface === "selection" || job.surface === "gallery" || job.surface === "explorer" ? job.surface : "agent";
    ctx.services.recordActivity({ source, kind: job.kind === "edit" ? "edited" : "generated", subject: job.prompt, files, late: true });
    // The palette's own notification had ended ("Stopped waiting…"): the file's arrival is said the same way as a waited-for one.
    if (source !== "agent") announceSaved(ctx, files);
    ctx.services.refresh("all");
  });
  ctx.services.context.subscriptions.push(lateListener);
}

/**
 * Picks up the generations a closed window left watching, of the given surfaces (resume-jobs.ts:
 * the chat, the language model tools, `@imagegen`, the palette, the selection), whose message had
 * reached the agent: each watches the session until its time runs out and saves what arrives
 * (core/jobs/watch.ts); the chat's replies show what their jobs' records say. Uploads left
 * mid-send are marked interrupted. Resolves when every resumed watch ended.
 */
export function resumeJobs(ctx: ServicesContext, surfaces: readonly JobSurface[]): Promise<void> {
  return jobsFor(ctx).resume({ surfaces });
}
