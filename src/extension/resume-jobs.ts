/**
 * After a window reload: the jobs the previous window left running (its extension host is gone)
 * are picked up again, as the MCP server does at its start (src/cli/mcp/server.ts). Activation
 * stays light: one local read of the workspace's ledger after activate() returned; the client
 * bundle is loaded (heavy()) only when such a job exists.
 */
import { processAlive } from "../core/jobs/file-lock";
import { isFinalState, type Job, type JobSurface } from "../core/jobs/types";
import type { ServicesContext } from "./contracts/services-context";
import { heavy } from "./lazy";

/**
 * The surfaces whose generations the editor resumes (the chat's replies then show what their
 * jobs' records say: chat/job-replies.ts); batch items resume through their queue, exports through their render.
 */
export const RESUMED_SURFACES: readonly JobSurface[] = ["chat", "lm-tool", "participant", "palette", "selection", "gallery"];

/** A job of a resumed surface, or an upload, whose process is gone. */
export function leftRunning(job: Job): boolean {
  if (isFinalState(job.state) || job.ownerPid === undefined || job.ownerPid === process.pid || processAlive(job.ownerPid)) return false;
  return job.kind === "upload" || RESUMED_SURFACES.includes(job.surface);
}

/**
 * Resumes what an earlier window left running; resolves when every resumed watch ended (at most
 * the watch time, 10 minutes). Never rejects: a failure is logged.
 */
export async function resumeLeftJobs(ctx: ServicesContext): Promise<void> {
  try {
    const left = (await ctx.services.exportRecords.ledger.list({ active: true })).filter(leftRunning);
    if (left.length === 0) return;
    ctx.services.logger.info(`${left.length} job(s) were left running by an earlier window; picking them up.`);
    await heavy().resumeJobs(ctx, RESUMED_SURFACES);
  } catch (err) {
    ctx.services.logger.warn(`Could not resume the jobs an earlier window left running: ${err instanceof Error ? err.message : String(err)}`);
  }
}
