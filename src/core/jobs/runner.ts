/**
 * Runs jobs for callers that may stop waiting: agent tools (MCP, language model tools) and any
 * surface that wants a job it can hand back by id. A job runs under its own AbortController; the
 * caller's signal aborts it only until the message reached the agent (nothing charged yet). After
 * that, a caller that gives up (host timeout, `notifications/cancelled`, Stop) only ends its wait:
 * the job goes on for at most `watchMs` (10 min), saves what arrives and is marked as finished
 * after the caller stopped waiting. Every step is written to the ledger, so `get_job`, `list_jobs`
 * and a later process (resume(): watch.ts) see the same record.
 */
import { CancelledError, toNemoError } from "../errors";
import type { ChatEvent, ChatResult } from "../types";
import type { JobLedger } from "./ledger";
import { JobSteps } from "./runner-steps";
import { type JobProgress, type JobSpec, type Live, WatchEnded } from "./runner-types";
import { jobStageLine } from "./stages";
import { isFinalState, type Job, type JobSurface } from "./types";
import { resumeWatches } from "./watch";

export type { EditSteps, JobProgress, JobRunnerDeps, JobSpec } from "./runner-types";

export class JobRunner extends JobSteps {
  private readonly live = new Map<string, Live>();

  get ledger(): JobLedger {
    return this.deps.ledger;
  }

  /**
   * Starts a job and resolves to its record as soon as it is on the ledger (the work goes on).
   * `signal`: the caller's; it cancels the job only before the message is sent.
   */
  async start(spec: JobSpec, opts: { signal?: AbortSignal; onEvent?: (e: ChatEvent) => void; onResult?: (r: ChatResult) => void } = {}): Promise<Job> {
    if (opts.signal?.aborted) throw new CancelledError(opts.signal.reason);
    const prompt = spec.kind === "generate" ? spec.prompt : spec.kind === "edit" ? spec.message : undefined;
    const job = await this.deps.ledger.create({
      kind: spec.kind,
      surface: spec.surface,
      prompt,
      outDir: spec.kind === "edit" ? undefined : spec.outDir,
      fileName: spec.kind === "export" ? spec.fileName : undefined,
      // Unknown until the turn holds its session (onTurnStart writes it); a failed read is no reason not to start.
      sessionId: (await Promise.resolve().then(() => this.deps.client.currentSession()).catch(() => undefined))?.sessionId,
      stage: "Queued",
    });
    const live: Live = { id: job.id, kind: spec.kind, ctrl: new AbortController(), done: Promise.resolve(), sent: false, stage: "Starting…", startedAt: this.now(), listeners: new Set(), onEvent: opts.onEvent, onResult: opts.onResult };
    this.live.set(job.id, live);
    const signal = opts.signal;
    const onCallerAbort = (): void => this.callerGaveUp(live, signal?.reason);
    signal?.addEventListener("abort", onCallerAbort, { once: true });
    live.done = this.run(live, spec)
      .catch((err: unknown) => this.fail(live, err))
      .finally(() => {
        signal?.removeEventListener("abort", onCallerAbort);
        if (live.watchTimer) clearTimeout(live.watchTimer);
        this.live.delete(job.id);
        this.tell(live);
      });
    return job;
  }

  /**
   * Waits for a job to finish, at most `timeoutMs` (default: as long as it runs) and until `signal`
   * aborts; resolves to the job as it is then (finished or not). `onProgress` hears at least every
   * `progressEveryMs`. A failed job of this process rethrows its error when `rethrow` is set.
   */
  async wait(id: string, opts: { signal?: AbortSignal; timeoutMs?: number; onProgress?: (p: JobProgress) => void; rethrow?: boolean; untilDetached?: boolean } = {}): Promise<Job | undefined> {
    const live = this.live.get(id);
    let ticker: ReturnType<typeof setInterval> | undefined;
    const report = (): void => {
      const l = this.live.get(id);
      if (!l || !opts.onProgress) return;
      opts.onProgress({ jobId: id, state: "working", message: jobStageLine(l.stage, this.now() - l.startedAt), elapsedMs: this.now() - l.startedAt, percent: l.percent });
    };
    const ends: Promise<unknown>[] = [];
    const cleanups: (() => void)[] = [];
    if (live) {
      ends.push(live.done);
      if (opts.untilDetached) {
        // The job goes on by itself (detached): a caller that asked for it ends its wait here.
        ends.push(new Promise<void>((r) => {
          const check = (): void => {
            if (live.detached) r();
          };
          check();
          live.listeners.add(check);
          cleanups.push(() => live.listeners.delete(check));
        }));
      }
      if (opts.onProgress) {
        report();
        ticker = setInterval(report, this.timing.progressEveryMs);
        live.listeners.add(report);
        cleanups.push(() => live.listeners.delete(report));
      }
    } else {
      ends.push(this.pollLedger(id, opts.signal, opts.timeoutMs, opts.onProgress));
    }
    if (opts.timeoutMs !== undefined) {
      ends.push(new Promise((r) => {
        const t = setTimeout(r, Math.max(0, opts.timeoutMs as number));
        cleanups.push(() => clearTimeout(t));
      }));
    }
    if (opts.signal) {
      const s = opts.signal;
      ends.push(new Promise((r) => {
        if (s.aborted) return r(undefined);
        s.addEventListener("abort", r, { once: true });
        cleanups.push(() => s.removeEventListener("abort", r));
      }));
    }
    try {
      await Promise.race(ends);
    } finally {
      if (ticker) clearInterval(ticker);
      for (const c of cleanups) c();
    }
    const job = await this.deps.ledger.get(id);
    if (opts.rethrow && live?.error !== undefined && (!job || job.state === "failed")) throw toNemoError(live.error);
    return job;
  }

  /** Whether the message of a job this process runs reached the agent (from then on Stop no longer saves credits). */
  sent(id: string): boolean {
    return this.live.get(id)?.sent ?? false;
  }

  /** Whether this process runs the job now. */
  isRunningHere(id: string): boolean {
    return this.live.has(id);
  }

  /**
   * Whether a job of this process goes on after its caller stopped waiting (the message had reached
   * the agent, so it watches the session for at most `watchMs` and saves what arrives).
   */
  isDetached(id: string): boolean {
    return this.live.get(id)?.watchTimer !== undefined;
  }

  /** The person cancelled a job of this process (Stop in a job list): aborts its work. */
  cancel(id: string): boolean {
    const live = this.live.get(id);
    if (!live) return false;
    live.ctrl.abort(new CancelledError());
    return true;
  }

  /**
   * Picks up the watches a process that went away left on the ledger (see watch.ts); `surfaces`:
   * only the jobs those surfaces started (uploads left mid-send are marked interrupted whatever
   * started them). One at a time: two resumes at once would both take the same orphan, so a call
   * while one runs joins it.
   */
  resume(opts: { signal?: AbortSignal; surfaces?: readonly JobSurface[] } = {}): Promise<void> {
    this.resuming ??= this.resumeNow(opts.signal, opts.surfaces).finally(() => (this.resuming = undefined));
    return this.resuming;
  }

  private resuming?: Promise<void>;

  private resumeNow(signal?: AbortSignal, surfaces?: readonly JobSurface[]): Promise<void> {
    return resumeWatches({ client: this.deps.client, ledger: this.deps.ledger, logger: this.deps.logger, timing: this.timing, now: this.now }, signal, surfaces);
  }

  /** Waits until every job this process runs has finished (tests, a process about to exit). */
  async settled(): Promise<void> {
    await Promise.all([...this.live.values()].map((l) => l.done));
  }

  private callerGaveUp(live: Live, reason: unknown): void {
    if (live.kind === "export") {
      // An export is free: nothing paid needs saving, so the caller's cancel stops the render on the service too.
      live.ctrl.abort(new CancelledError(reason));
      if (live.renderId) void this.deps.client.cancelExport(live.renderId).catch(() => undefined);
      return;
    }
    if (!live.sent) {
      live.ctrl.abort(new CancelledError(reason)); // nothing reached the agent: nothing is charged
      return;
    }
    if (live.watchTimer || live.detached) return;
    live.detached = true;
    this.tell(live);
    const until = this.now() + this.timing.watchMs;
    this.deps.logger.info(`Job ${live.id}: the caller stopped waiting; watching the session until ${new Date(until).toISOString()}.`);
    void this.patch(live, { detached: true, watchUntil: until });
    live.watchTimer = setTimeout(() => live.ctrl.abort(new WatchEnded()), this.timing.watchMs);
    live.watchTimer.unref?.();
  }

  private async pollLedger(id: string, signal: AbortSignal | undefined, timeoutMs: number | undefined, onProgress?: (p: JobProgress) => void): Promise<void> {
    const until = timeoutMs === undefined ? Infinity : this.now() + timeoutMs;
    let lastTold = 0;
    for (;;) {
      const job = await this.deps.ledger.get(id);
      if (!job || isFinalState(job.state) || signal?.aborted || this.now() >= until) return;
      if (onProgress && this.now() - lastTold >= this.timing.progressEveryMs) {
        lastTold = this.now();
        onProgress({ jobId: id, state: job.state, message: jobStageLine(job.stage ?? job.state, this.now() - job.createdAt), elapsedMs: this.now() - job.createdAt, percent: job.percent });
      }
      await new Promise((r) => setTimeout(r, Math.min(this.timing.ledgerPollMs, Math.max(1, until - this.now()))));
    }
  }
}
