/**
 * A paid CLI turn (`imagegen generate`, a generate/edit message of `imagegen chat`) as a job on the
 * ledger beside the token (surface "cli"), so `list_jobs` / `get_job` of an `imagegen mcp` sharing
 * the config folder show it with its state and media. The agent's words stream as the turn runs.
 * Ctrl-C before the message reached the agent aborts it (nothing charged); after that the job
 * goes on (runner.ts: the caller stopped waiting) and one line says how to find it.
 */
import { JobLedger, JobRunner, MemoryLedgerStorage, type Job, type JobSpec } from "../core/jobs";
import { CancelledError, NemoError } from "../core/errors";
import { silentLogger } from "../core/support/logger";
import type { ChatEvent, ChatResult } from "../core/types";
import type { CommandContext } from "./context";

export interface TurnJob {
  job: Job;
  /** The turn's whole result; undefined when the agent went quiet after the message and the session was watched instead. */
  result?: ChatResult;
  /** Absolute paths of the files the job saved (generate with an output folder), in order. */
  files: string[];
}

/** The line printed when Ctrl-C came after the message reached the agent (the job goes on). */
export function keepsGoingLine(jobId: string): string {
  return (
    `The agent already has the request, so credits may be spent: job ${jobId} keeps going. ` +
    "`imagegen mcp` shows it (list_jobs, get_job) and picks up its watch of the session on its next start; `imagegen state` lists what the session made."
  );
}

/**
 * Runs `spec` as a job and waits for it. Throws the job's error when it failed, CancelledError when
 * Ctrl-C stopped it (after printing keepsGoingLine when the job goes on), and the error of a job
 * whose watch ended without a result (interrupted).
 */
export async function runTurnJob(ctx: CommandContext, spec: JobSpec, onEvent: (e: ChatEvent) => void): Promise<TurnJob> {
  const logger = ctx.logger ?? silentLogger;
  const ledger = ctx.ledger ?? new JobLedger(new MemoryLedgerStorage(), { logger });
  const runner = new JobRunner({ client: ctx.client, ledger, logger, timing: ctx.jobTiming });
  let result: ChatResult | undefined;
  let watching = false;
  const started = await runner.start(spec, { signal: ctx.signal, onEvent, onResult: (r) => (result = r) });
  const job = await runner.wait(started.id, {
    signal: ctx.signal,
    rethrow: true,
    onProgress: (p) => {
      if (!watching && /^Watching the session/.test(p.message)) {
        watching = true;
        ctx.out.status("… The agent went quiet after the message; watching the session for the result (Ctrl-C stops waiting, the job keeps going).");
      }
      if (p.percent !== undefined && p.state === "working" && /^Downloading/.test(p.message)) ctx.out.progress(`Downloading  ${String(Math.round(p.percent)).padStart(3)}%`, p.percent >= 100);
    },
  });
  ctx.out.clearProgress();
  if (ctx.signal.aborted) {
    if (runner.isDetached(started.id)) {
      // The process quits next: the ledger must say the job goes on (writes are queued in order,
      // so this lands after the runner's own detach record with its watch time).
      await ledger.update(started.id, { detached: true }).catch(() => undefined);
      ctx.out.status(keepsGoingLine(started.id));
    }
    // Not sent: the abort ends the request; the ledger then says cancelled before the process quits.
    else await runner.settled();
    throw new CancelledError(ctx.signal.reason);
  }
  if (!job || job.state === "cancelled") throw new CancelledError();
  if (job.state === "interrupted" || job.state === "failed") {
    throw new NemoError("TIMEOUT", { userMessage: job.error?.message ?? job.stage ?? "The job ended without a result." });
  }
  const files = job.media.flatMap((m) => (m.path ? [m.path] : []));
  return { job, result, files };
}
