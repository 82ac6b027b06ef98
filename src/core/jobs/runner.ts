/**
 * Runs jobs for callers that may stop waiting: agent tools (MCP, language model tools) and any
 * surface that wants a job it can hand back by id. A job runs under its own AbortController; the
 * caller's signal aborts it only until the message reached the agent (nothing charged yet). After
 * that, a caller that gives up (host timeout, `notifications/cancelled`, Stop) only ends its wait:
 * the job goes on for at most `watchMs` (10 min), saves what arrives and is marked as finished
 * after the caller stopped waiting. Every step is written to the ledger, so `get_job`, `list_jobs`
 * and a later process (resume(): watch.ts) see the same record.
 */
import type { NemoClientApi } from "../api";
import type { TextMode } from "../prompt/gui-stream";
import { CancelledError, englishPhrase, NemoError, toNemoError } from "../errors";
import { describeError, type Logger } from "../support/logger";
import { framePrompt } from "../prompt/framing";
import type { Shape } from "../shape/framing";
import type { ChatEvent, ChatResult, ExportProgress, GeneratedMedia } from "../types";
import type { JobLedger } from "./ledger";
import { saveAll, toJobMedia } from "./save";
import { eventStage, exportStage, jobStageLine, WATCH_ENDED } from "./stages";
import { defaultJobTiming, type JobTiming } from "./timing";
import { isFinalState, type Job, type JobMedia, type JobSurface } from "./types";
import { resumeWatches, watchSession } from "./watch";

/**
 * What a job does. A generation's `outDir` unset: its media are recorded on the job, not saved (the
 * chat keeps them until the person saves); `verbatim`: the prompt is sent as typed (the chat: the
 * person wrote the whole message), else framed ("Generate an image of …", prompt.ts). `textMode`:
 * how the turn's text arrives at `onEvent` (api.ts ChatOptions; default "sentence").
 */
export type JobSpec =
  | { kind: "generate"; prompt: string; medium?: "image" | "video"; outDir?: string; surface: JobSurface; shape?: Shape; verbatim?: boolean; textMode?: TextMode }
  | ({ kind: "edit"; message: string; surface: JobSurface; shape?: Shape; textMode?: TextMode } & EditSteps)
  | { kind: "export"; outDir: string; surface: JobSurface; fileName?: string; title?: string };

/**
 * The steps around an edit's turn, for an edit of a file (core/edit): `before` runs under the job's
 * signal ahead of the message (the image's upload; a cancel then aborts it and nothing is charged),
 * its `beforeStage` the ledger's line meanwhile ("Uploading the image…"); `save` saves the turn's
 * new media (also when the caller stopped waiting and the job went on) and resolves to the job's
 * media with their paths; its errors fail the job. `onPercent`: 0..100 of the download, when known.
 */
export interface EditSteps {
  before?: (signal: AbortSignal) => Promise<unknown>;
  beforeStage?: string;
  save?: (media: readonly GeneratedMedia[], opts: { signal: AbortSignal; onPercent: (p: number | undefined) => void }) => Promise<JobMedia[]>;
}

/** What a waiting caller is told (at least every `progressEveryMs`). */
export interface JobProgress {
  jobId: string;
  state: Job["state"];
  /** "Generating an image… (1 min 20 s)", "Rendering… 40%". */
  message: string;
  elapsedMs: number;
  percent?: number;
}

export interface JobRunnerDeps {
  client: NemoClientApi;
  ledger: JobLedger;
  logger: Logger;
  timing?: Partial<JobTiming>;
  now?: () => number;
}

interface Live {
  id: string;
  ctrl: AbortController;
  done: Promise<void>;
  sent: boolean;
  stage: string;
  percent?: number;
  startedAt: number;
  error?: unknown;
  watchTimer?: ReturnType<typeof setTimeout>;
  listeners: Set<() => void>;
  /** Every chat event of the turn (the participant and chat stream text from here). */
  onEvent?: (e: ChatEvent) => void;
  /** The turn's whole result (text, changes, actions), for a caller that shows more than the ledger keeps. */
  onResult?: (r: ChatResult) => void;
  /** The job watches the session by itself now (its caller stopped waiting, or the agent went quiet after the message). */
  detached?: boolean;
  kind: JobSpec["kind"];
  /** An export's render, once submitted. */
  renderId?: string;
}

export class JobRunner {
  readonly timing: JobTiming;
  private readonly live = new Map<string, Live>();
  private readonly now: () => number;

  constructor(private readonly deps: JobRunnerDeps) {
    this.timing = { ...defaultJobTiming, ...Object.fromEntries(Object.entries(deps.timing ?? {}).filter(([, v]) => typeof v === "number")) };
    this.now = deps.now ?? Date.now;
  }

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

  private async run(live: Live, spec: JobSpec): Promise<void> {
    switch (spec.kind) {
      case "generate":
        return this.runGenerate(live, spec);
      case "edit":
        return this.runEdit(live, spec);
      case "export":
        return this.runExport(live, spec);
    }
  }

  private chatHooks(live: Live) {
    return {
      signal: live.ctrl.signal,
      textMode: "sentence" as const,
      onWaiting: () => this.stage(live, "waiting", "Waiting for the previous request on this session…"),
      onTurnStart: (info: { sessionId: string; before: { generatedMedia: GeneratedMedia[] } }) => {
        const known = info.before.generatedMedia.flatMap((m) => [m.key, m.url]).slice(-400);
        this.stage(live, "sending", "Sending the request…", { sessionId: info.sessionId, knownBefore: known });
      },
      onSent: () => {
        live.sent = true;
        this.stage(live, "working", "The agent is working…", { sentAt: this.now() });
      },
      onEvent: (e: ChatEvent) => {
        // Media seen while the turn holds its session are this job's: on the ledger at once, so a
        // window that closes now leaves them with the job (and no other job's watch takes them).
        if (e.type === "media" && e.media.length) void this.deps.ledger.addMedia(live.id, e.media.map(toJobMedia)).catch(() => undefined);
        try {
          live.onEvent?.(e);
        } catch (err) {
          this.deps.logger.warn(`A job event listener failed: ${describeError(err)}`);
        }
        const line = eventStage(e);
        if (line) {
          live.stage = line;
          this.tell(live);
        }
      },
    };
  }

  /**
   * The turn, or, when the agent went quiet after it got the message (the watchdog's TIMEOUT: the
   * credits are likely spent and the agent may still finish), the session watched for what it
   * makes for `watchMs` (watch.ts); then undefined (the watch wrote the job's end).
   */
  private async turnOrWatch(live: Live, message: string, opts: { shape?: Shape; textMode?: TextMode }): Promise<ChatResult | undefined> {
    try {
      return await this.deps.client.chat(message, { ...this.chatHooks(live), shape: opts.shape, textMode: opts.textMode ?? "sentence" });
    } catch (err) {
      if (!live.sent || live.ctrl.signal.aborted || toNemoError(err).code !== "TIMEOUT") throw err;
      const until = this.now() + this.timing.watchMs;
      this.deps.logger.info(`Job ${live.id}: the agent went quiet after the message; watching the session until ${new Date(until).toISOString()}.`);
      live.detached = true;
      live.stage = "Watching the session for the result…";
      const job = await this.deps.ledger.update(live.id, { detached: true, watchUntil: until, stage: live.stage, extra: { ...(await this.deps.ledger.get(live.id))?.extra, quiet: toNemoError(err).userMessage } });
      this.tell(live);
      if (!job) throw err;
      await watchSession({ ...this.deps, timing: this.timing, now: this.now }, job, until, live.ctrl.signal);
      return undefined;
    }
  }

  private async runGenerate(live: Live, spec: Extract<JobSpec, { kind: "generate" }>): Promise<void> {
    // The shape (ratio, style, variations) is framed into the message by the client (shape/framing.ts).
    const result = await this.turnOrWatch(live, spec.verbatim ? spec.prompt : framePrompt(spec.prompt, spec.medium), spec);
    if (!result) return;
    this.tellResult(live, result);
    const media: JobMedia[] = result.newMedia.map(toJobMedia);
    if (spec.outDir) {
      await this.patch(live, { state: "saving", stage: media.length ? "Downloading…" : "Finishing…", media });
      await saveAll(
        this.deps,
        live.id,
        result.newMedia,
        spec.outDir,
        spec.prompt,
        live.ctrl.signal,
        (p) => {
          live.stage = "Downloading…";
          live.percent = p;
          this.tell(live);
        },
        { prompt: spec.prompt, style: spec.shape?.style?.label, ratio: spec.shape?.ratio },
      );
    }
    // The change sentences are kept apart (get_job lists them; @imagegen shows them as a list).
    await this.finish(live, { media: spec.outDir ? undefined : media, extra: { answer: result.text.trim().slice(0, 2000), changes: result.changes.join("\n").slice(0, 2000), outcome: result.outcome } });
  }

  private async runEdit(live: Live, spec: Extract<JobSpec, { kind: "edit" }>): Promise<void> {
    if (spec.before) {
      this.stage(live, "sending", spec.beforeStage ?? "Preparing…");
      await spec.before(live.ctrl.signal);
    }
    const result = await this.turnOrWatch(live, spec.message, spec);
    if (!result) {
      // The agent went quiet and the watch found the result: it is recorded, and saved here.
      if (spec.save) await this.saveWatched(live, spec.save);
      return;
    }
    this.tellResult(live, result);
    let media = result.newMedia.map(toJobMedia);
    if (spec.save) {
      await this.patch(live, { state: "saving", stage: "Downloading…" });
      media = await spec.save(result.newMedia, { signal: live.ctrl.signal, onPercent: (p) => this.downloading(live, p) });
    }
    await this.finish(live, {
      media,
      extra: { answer: result.text.slice(0, 2000), changes: result.changes.join("\n").slice(0, 2000), outcome: result.outcome },
    });
  }

  /** An edit whose result a watch recorded (not saved): the save step runs on it; a failure fails the job. */
  private async saveWatched(live: Live, save: NonNullable<EditSteps["save"]>): Promise<void> {
    const job = await this.deps.ledger.get(live.id);
    if (job?.state !== "done") return;
    const unsaved = job.media.filter((m) => !m.path);
    if (unsaved.length === 0) return;
    const asMedia: GeneratedMedia[] = unsaved.map((m) => ({ url: m.url, key: m.key ?? m.url, kind: m.kind ?? "image", mime: m.mimeType }));
    await this.patch(live, { state: "saving", stage: "Downloading…" });
    const saved = await save(asMedia, { signal: live.ctrl.signal, onPercent: (p) => this.downloading(live, p) });
    await this.finish(live, { media: saved });
  }

  private downloading(live: Live, percent: number | undefined): void {
    live.stage = "Downloading…";
    live.percent = percent;
    this.tell(live);
  }

  private tellResult(live: Live, result: ChatResult): void {
    try {
      live.onResult?.(result);
    } catch (err) {
      this.deps.logger.warn(`A job result listener failed: ${describeError(err)}`);
    }
  }

  private async runExport(live: Live, spec: Extract<JobSpec, { kind: "export" }>): Promise<void> {
    this.stage(live, "working", "Checking the timeline…");
    const r = await this.deps.client.exportVideo({
      outDir: spec.outDir,
      fileName: spec.fileName,
      title: spec.title,
      source: "agent",
      recordId: live.id, // the client's export record is this job
      signal: live.ctrl.signal,
      onRenderId: (renderId) => {
        live.sent = true;
        live.renderId = renderId;
        void this.patch(live, { renderId, sentAt: this.now() });
      },
      onProgress: (p: ExportProgress) => {
        live.stage = exportStage(p);
        live.percent = p.percent;
        if (p.stage === "rendering" || p.stage === "downloading") void this.patch(live, { state: p.stage === "rendering" ? "rendering" : "saving", percent: p.percent, stage: live.stage });
        this.tell(live);
      },
    });
    // The export record (this job, when the client writes the same ledger) already holds the file.
    await this.finish(live, { renderId: r.renderId, media: [{ url: `file:${r.filePath}`, path: r.filePath, mimeType: "video/mp4", kind: "video" }], extra: { bytes: r.bytes } });
  }

  private async finish(live: Live, patch: Parameters<JobLedger["update"]>[1]): Promise<void> {
    const { media, ...rest } = patch;
    if (media?.length) await this.deps.ledger.addMedia(live.id, media);
    await this.patch(live, { ...rest, state: "done", stage: "Done", percent: undefined, knownBefore: undefined });
  }

  private async fail(live: Live, err: unknown): Promise<void> {
    live.error = err;
    const e = toNemoError(err);
    const watchEnded = err instanceof WatchEnded || live.ctrl.signal.reason instanceof WatchEnded;
    const state = watchEnded ? "interrupted" : e.category === "cancelled" ? "cancelled" : "failed";
    const message = watchEnded ? englishPhrase(WATCH_ENDED) : e.userMessage;
    this.deps.logger.info(`Job ${live.id} ended ${state}: ${watchEnded ? "watch ended" : e.code}`);
    await this.patch(live, { knownBefore: undefined, state, stage: state === "cancelled" ? "Cancelled" : message, error: state === "failed" || watchEnded ? { code: watchEnded ? "WATCH_ENDED" : e.code, message } : undefined }).catch(() => undefined);
  }

  private stage(live: Live, state: Job["state"], stage: string, extra: Parameters<JobLedger["update"]>[1] = {}): void {
    live.stage = stage;
    this.tell(live);
    void this.patch(live, { state, stage, ...extra });
  }

  private async patch(live: Live, patch: Parameters<JobLedger["update"]>[1]): Promise<void> {
    try {
      await this.deps.ledger.update(live.id, patch);
    } catch (err) {
      this.deps.logger.warn(`Could not update job ${live.id}: ${describeError(err)}`);
    }
  }

  private tell(live: Live): void {
    for (const l of live.listeners) l();
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

/** The watch of a job whose caller stopped waiting ran out. */
class WatchEnded extends NemoError {
  constructor() {
    super("TIMEOUT", { userMessage: WATCH_ENDED });
  }
}

