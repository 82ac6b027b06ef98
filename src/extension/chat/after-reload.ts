/**
 * Replies the window closed on (a reload in the middle of a generation): the agent keeps working
 * on the service and the credits are spent. A reply whose turn was a job (it keeps the job's id)
 * is settled from the job's ledger record: the resumed watch (core/jobs/watch.ts, started at
 * activation) records the media that job's turn made, and the reply shows them with a note.
 * Nothing is ever sent again, and nothing is worked out from the session by time: another caller
 * on the same session could have made something meanwhile. A reply from before jobs (no job id)
 * gets one sentence saying so. Replies the chat had stopped waiting for before the reload follow
 * their jobs the same way. vscode-free.
 */
import { isFinalState } from "../../core/jobs";
import { toNemoError } from "../../core/errors";
import type { ChatMessage, ErrorInfo } from "../../shared/protocol";
import type { TurnHost } from "./agent-turn";
import type { FlowHost } from "./flows";
import { INTERRUPTED_NOTE } from "./history-store";
import { finish, WATCH_NOTES, type JobReplies } from "./job-replies";

/** The newest agent reply the window closed on, when it is the last reply of the chat. */
export function interruptedReply(messages: readonly ChatMessage[]): ChatMessage | undefined {
  const lastAgent = [...messages].reverse().find((m) => m.role === "agent");
  return lastAgent?.interrupted ? lastAgent : undefined;
}

/** Every agent reply the window closed on. */
export function interruptedReplies(messages: readonly ChatMessage[]): ChatMessage[] {
  return messages.filter((m) => m.role === "agent" && m.interrupted);
}

/**
 * Follows each reply cut off by the reload through its job (`replies`); a reply without a job id
 * is settled at once with the one sentence of an untracked reply. Resolves when every reply is
 * followed or settled (the jobs may end later).
 */
export async function catchUpAfterReload(host: FlowHost, replies: JobReplies): Promise<void> {
  for (const reply of interruptedReplies(host.deps.store.messages())) {
    if (replies.following(reply.id)) continue;
    if (!reply.jobId) {
      host.deps.logger.info(`Chat: the reply ${reply.id} cut off by the reload has no job record; it is not guessed from the session.`);
      finish(host, reply.id, host.t("interruptedUntracked"));
      continue;
    }
    host.deps.logger.info(`Chat: the reply ${reply.id} cut off by the reload follows its job ${reply.jobId}.`);
    await replies.follow(reply.jobId, reply.id, "reload");
  }
  // Replies the chat had stopped waiting for (Stop after sending, a quiet agent) before the window
  // closed: their jobs' watches go on in this window too.
  const watching = new Map(WATCH_NOTES.map((id) => [host.t(id), id]));
  for (const m of host.deps.store.messages()) {
    if (m.role !== "agent" || !m.jobId || m.interrupted || replies.following(m.id)) continue;
    const note = m.notes.map((n) => watching.get(n)).find((id) => id !== undefined);
    if (note) await replies.follow(m.jobId, m.id, note === "stoppedWaiting" ? "stopped" : "quiet");
  }
}

/**
 * The service lost the session the cut-off reply ran on (a restart): nothing more can be read of
 * it. It ends failed with the one sentence of `error` and Retry (which sends its message again, in the new session).
 */
export function settleLost(host: FlowHost, id: string, error: ErrorInfo): void {
  host.update(id, (m) => {
    m.interrupted = undefined;
    m.notes = m.notes.filter((n) => n !== INTERRUPTED_NOTE);
    m.status = "failed";
    m.error = error;
    if (!m.offers.includes("retry")) m.offers.push("retry");
  });
}

/** How often the chat tries again to take over the watch of a job a closing window still owned. */
const RESUME_RETRY_MS = 3_000;

/**
 * Activation resumes the watches of jobs a closed window left (resume-jobs.ts resumeLeftJobs),
 * but the old window's process may still be ending then (its jobs are not orphans yet). While a
 * followed reply's job is still owned by another process, the resume is tried again every
 * `RESUME_RETRY_MS`, for at most the runner's watch time.
 */
export async function takeOverLeftJobs(host: Pick<TurnHost, "now" | "jobs" | "deps"> & { readonly replies: Pick<JobReplies, "followedJobs"> }, disposed: () => boolean): Promise<void> {
  const until = host.now() + host.jobs.timing.watchMs;
  while (!disposed() && host.now() < until) {
    const left = (await Promise.all(host.replies.followedJobs().map((id) => host.jobs.ledger.get(id)))).filter((j) => j && !isFinalState(j.state) && j.ownerPid !== process.pid);
    if (left.length === 0) return;
    void host.jobs.resume().catch((err) => host.deps.logger.warn(`Chat: resuming the left jobs failed (${toNemoError(err).code}).`));
    await new Promise((r) => setTimeout(r, RESUME_RETRY_MS).unref?.());
  }
}
