/**
 * Resumes the watches a process left behind: a generation whose message reached the agent, whose
 * process is gone (the MCP host closed the server, the window closed) and whose watch time has not
 * run out. The session is read every `watchPollMs` while holding it (so no turn of this process is
 * half-way), and media that were not in the session before the job's turn and that no other job
 * holds are the job's: they are saved and the job is done ("finished after you stopped waiting").
 * When the time runs out the job is `interrupted`. Jobs that never reached the agent are marked
 * `interrupted` at once (nothing was charged), and so are uploads whose process went away mid-send.
 * A job without an output folder (the chat's) gets its media recorded, not saved. The runner uses
 * the same watch for a turn whose agent went quiet after the message (watchSession).
 */
import type { NemoClientApi } from "../api";
import { CancelledError, englishPhrase } from "../errors";
import { describeError, type Logger } from "../support/logger";
import { processAlive } from "./file-lock";
import type { JobLedger } from "./ledger";
import { saveAll, toJobMedia } from "./save";
import { WATCH_ENDED } from "./stages";
import type { JobTiming } from "./timing";
import { isFinalState, type Job, type JobSurface } from "./types";

/** An upload whose process went away before the answer (the Session view and list_jobs show it). */
const UPLOAD_ENDED = "The upload stopped when its window or process closed; upload the file again if it is not in the session.";

export interface WatchDeps {
  client: NemoClientApi;
  ledger: JobLedger;
  logger: Logger;
  timing: JobTiming;
  now: () => number;
}

/** Whether a job was left running by a process that is gone. */
export function isOrphan(job: Job): boolean {
  return !isFinalState(job.state) && job.ownerPid !== undefined && job.ownerPid !== process.pid && !processAlive(job.ownerPid);
}

/**
 * `surfaces`: only the jobs these surfaces started (a host whose other surfaces recover their own
 * work, as the editor's chat does); uploads left mid-send are marked whatever started them.
 */
export async function resumeWatches(deps: WatchDeps, signal?: AbortSignal, surfaces?: readonly JobSurface[]): Promise<void> {
  const orphans = (await deps.ledger.list({ active: true })).filter((j) => isOrphan(j) && (j.kind === "upload" || !surfaces || surfaces.includes(j.surface)));
  if (orphans.length === 0) return; // nothing left behind: the client is not even loaded (MCP start-up)
  const current = await deps.client.currentSession();
  const watches: Promise<void>[] = [];
  for (const job of orphans) {
    const until = job.watchUntil ?? (job.sentAt ?? job.createdAt) + deps.timing.watchMs;
    const watchable = (job.kind === "generate" || (job.kind === "edit" && job.surface === "chat")) && job.sentAt !== undefined && job.sessionId !== undefined && job.sessionId === current?.sessionId && until > deps.now();
    if (!watchable) {
      // Exports resume through their render id (export records), batch items through their queue.
      if (job.kind === "export" || job.kind === "batch-item") continue;
      if (job.kind === "upload") {
        // The request went away with its process: whether the service kept the file is not known.
        await deps.ledger.update(job.id, { state: "interrupted", stage: UPLOAD_ENDED, error: { code: "INTERRUPTED", message: UPLOAD_ENDED } });
        continue;
      }
      await deps.ledger.update(job.id, { state: "interrupted", stage: job.sentAt ? englishPhrase(WATCH_ENDED) : "Stopped before the request was sent; nothing was charged." });
      continue;
    }
    await deps.ledger.update(job.id, { ownerPid: process.pid, detached: true, watchUntil: until });
    deps.logger.info(`Job ${job.id}: resuming the watch of the session until ${new Date(until).toISOString()}.`);
    watches.push(watchSession(deps, job, until, signal).catch((err: unknown) => deps.logger.warn(`Job ${job.id}: the resumed watch failed: ${describeError(err)}`)));
  }
  await Promise.all(watches);
}

/**
 * Reads the session every `watchPollMs` until media arrive that the session did not have before the
 * job's turn (`knownBefore`) and that no other job holds; those are the job's (saved into its
 * `outDir`, else recorded) and it is done. At `until` (ms since the epoch) it is `interrupted`.
 * Throws CancelledError on `signal`.
 */
export async function watchSession(deps: WatchDeps, job: Job, until: number, signal?: AbortSignal): Promise<void> {
  const known = new Set(job.knownBefore ?? []);
  for (;;) {
    if (signal?.aborted) throw new CancelledError(signal.reason);
    const state = await deps.client.state({ signal }).catch((err: unknown) => {
      if (err instanceof CancelledError) throw err;
      deps.logger.debug(`Job ${job.id}: watch read failed: ${describeError(err)}`);
      return undefined;
    });
    // Another job's turn running on this session now (this process or another) may have media in
    // the state that its record does not hold yet: nothing is claimed until it ends.
    const others = await deps.ledger.list({ active: true, sessionId: job.sessionId });
    const turnRunning = others.some((j) => j.id !== job.id && (j.kind === "generate" || j.kind === "edit") && !j.detached && !isOrphan(j) && (j.state === "sending" || j.state === "working" || j.state === "saving"));
    const fresh = [];
    for (const m of turnRunning ? [] : (state?.generatedMedia ?? [])) {
      if (known.has(m.key) || known.has(m.url)) continue;
      const owner = await deps.ledger.owner(m);
      if (owner && owner.id !== job.id) continue;
      fresh.push(m);
    }
    if (fresh.length > 0) {
      if (job.outDir) {
        await deps.ledger.update(job.id, { state: "saving", stage: "Downloading…" });
        await saveAll(deps, job.id, fresh, job.outDir, job.prompt, signal);
      } else await deps.ledger.addMedia(job.id, fresh.map(toJobMedia));
      await deps.ledger.update(job.id, { state: "done", stage: "Done" });
      return;
    }
    if (deps.now() >= until) {
      await deps.ledger.update(job.id, { state: "interrupted", stage: englishPhrase(WATCH_ENDED), error: { code: "WATCH_ENDED", message: englishPhrase(WATCH_ENDED) } });
      return;
    }
    await new Promise((r) => setTimeout(r, Math.min(deps.timing.watchPollMs, Math.max(1, until - deps.now()))));
  }
}
