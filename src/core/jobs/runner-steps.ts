/**
 * The steps of a job as JobRunner (runner.ts) runs it: a generation (the turn, or the watch after
 * the caller stopped waiting, then the saves), an edit (before, the turn, save) and an export, each
 * step written to the ledger and told to the job's listeners. The base class of JobRunner.
 */
import type { TextMode } from "../prompt/gui-stream";
import { englishPhrase, toNemoError } from "../errors";
import { describeError } from "../support/logger";
import { framePrompt } from "../prompt/framing";
import type { Shape } from "../shape/framing";
import type { ChatEvent, ChatResult, ExportProgress, GeneratedMedia } from "../types";
import type { JobLedger } from "./ledger";
import { saveAll, toJobMedia } from "./save";
import { eventStage, exportStage, WATCH_ENDED } from "./stages";
import { defaultJobTiming, type JobTiming } from "./timing";
import type { Job, JobMedia } from "./types";
import { type EditSteps, type JobRunnerDeps, type JobSpec, type Live, WatchEnded } from "./runner-types";
import { watchSession } from "./watch";

export abstract class JobSteps {
  readonly timing: JobTiming;
  protected readonly now: () => number;

  constructor(protected readonly deps: JobRunnerDeps) {
    this.timing = { ...defaultJobTiming, ...Object.fromEntries(Object.entries(deps.timing ?? {}).filter(([, v]) => typeof v === "number")) };
    this.now = deps.now ?? Date.now;
  }

  protected async run(live: Live, spec: JobSpec): Promise<void> {
    switch (spec.kind) {
      case "generate":
        return this.runGenerate(live, spec);
      case "edit":
        return this.runEdit(live, spec);
      case "export":
        return this.runExport(live, spec);
    }
  }

  protected chatHooks(live: Live) {
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
  protected async turnOrWatch(live: Live, message: string, opts: { shape?: Shape; textMode?: TextMode }): Promise<ChatResult | undefined> {
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

  protected async runGenerate(live: Live, spec: Extract<JobSpec, { kind: "generate" }>): Promise<void> {
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

  protected async runEdit(live: Live, spec: Extract<JobSpec, { kind: "edit" }>): Promise<void> {
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
  protected async saveWatched(live: Live, save: NonNullable<EditSteps["save"]>): Promise<void> {
    const job = await this.deps.ledger.get(live.id);
    if (job?.state !== "done") return;
    const unsaved = job.media.filter((m) => !m.path);
    if (unsaved.length === 0) return;
    const asMedia: GeneratedMedia[] = unsaved.map((m) => ({ url: m.url, key: m.key ?? m.url, kind: m.kind ?? "image", mime: m.mimeType }));
    await this.patch(live, { state: "saving", stage: "Downloading…" });
    const saved = await save(asMedia, { signal: live.ctrl.signal, onPercent: (p) => this.downloading(live, p) });
    await this.finish(live, { media: saved });
  }

  protected downloading(live: Live, percent: number | undefined): void {
    live.stage = "Downloading…";
    live.percent = percent;
    this.tell(live);
  }

  protected tellResult(live: Live, result: ChatResult): void {
    try {
      live.onResult?.(result);
    } catch (err) {
      this.deps.logger.warn(`A job result listener failed: ${describeError(err)}`);
    }
  }

  protected async runExport(live: Live, spec: Extract<JobSpec, { kind: "export" }>): Promise<void> {
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

  protected async finish(live: Live, patch: Parameters<JobLedger["update"]>[1]): Promise<void> {
    const { media, ...rest } = patch;
    if (media?.length) await this.deps.ledger.addMedia(live.id, media);
    await this.patch(live, { ...rest, state: "done", stage: "Done", percent: undefined, knownBefore: undefined });
  }

  protected async fail(live: Live, err: unknown): Promise<void> {
    live.error = err;
    const e = toNemoError(err);
    const watchEnded = err instanceof WatchEnded || live.ctrl.signal.reason instanceof WatchEnded;
    const state = watchEnded ? "interrupted" : e.category === "cancelled" ? "cancelled" : "failed";
    const message = watchEnded ? englishPhrase(WATCH_ENDED) : e.userMessage;
    this.deps.logger.info(`Job ${live.id} ended ${state}: ${watchEnded ? "watch ended" : e.code}`);
    await this.patch(live, { knownBefore: undefined, state, stage: state === "cancelled" ? "Cancelled" : message, error: state === "failed" || watchEnded ? { code: watchEnded ? "WATCH_ENDED" : e.code, message } : undefined }).catch(() => undefined);
  }

  protected stage(live: Live, state: Job["state"], stage: string, extra: Parameters<JobLedger["update"]>[1] = {}): void {
    live.stage = stage;
    this.tell(live);
    void this.patch(live, { state, stage, ...extra });
  }

  protected async patch(live: Live, patch: Parameters<JobLedger["update"]>[1]): Promise<void> {
    try {
      await this.deps.ledger.update(live.id, patch);
    } catch (err) {
      this.deps.logger.warn(`Could not update job ${live.id}: ${describeError(err)}`);
    }
  }

  protected tell(live: Live): void {
    for (const l of live.listeners) l();
  }
}
