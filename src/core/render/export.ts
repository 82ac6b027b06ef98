/**
 * Export (render): pre-check the draft, submit `render_<ms>` (one retry with a new id), poll
 * the job (first after a few seconds, then every production interval), download `output.url` —
 * or, if that fails, the authenticated proxy download. A failed render is retried once as a whole
 * with a new id. A job the service does not know (404 on a poll) is never polled as if running:
 * a resumed one is submitted again with the same id, once. Free: never a chat message.
 */
import type { ExportOptions, Timing } from "../api";
import type { Clock } from "../support/clock";
import { CancelledError, InputError, NemoError, ServerError, throwIfAborted, phrase } from "../errors";
import { downloadUrl, saveResponse, type SavedFile, type SaveFileSystem } from "../media/download";
import { exportFileName, timelineTitle } from "./export-name";
import type { ApiCaller } from "../http/caller";
import { describeError, type Logger } from "../support/logger";
import type { Dispatcher } from "undici";
import { RenderPollSchedule } from "./schedule";
import { parseRenderStatus } from "./status";
import type { ExportResult, SessionState } from "../types";

export interface ExportDeps {
  caller: ApiCaller;
  readState(signal?: AbortSignal): Promise<SessionState>;
  isExportReady(state: SessionState): boolean;
  /** Headers for a download URL: credentials only when it is on the API origin. */
  headersFor(url: string, signal?: AbortSignal): Promise<Record<string, string>>;
  dispatcher?: Dispatcher;
  /** File-system seam of the download (tests inject ENOSPC and friends). */
  fileSystem?: SaveFileSystem;
  /** The provenance step for a render's file (provenance/stamp.ts), run on the temp file before it is named. */
  finishFor?: (renderId: string) => ((tempPath: string) => Promise<void>) | undefined;
  clock: Clock;
  timing: Timing;
  logger: Logger;
}

type PollOutcome = { done: true; url?: string } | { done: false };

export class Exporter {
  private lastIdMs = 0;

  constructor(private readonly deps: ExportDeps) {}

  async exportVideo(opts: ExportOptions): Promise<ExportResult> {
    const draft = await this.readDraft(opts);
    // The name is decided once, from the timeline's title, and remembered (a resumed render keeps it).
    const fileName = exportFileName({ fileName: opts.fileName, title: opts.title ?? draft.title, nowMs: this.deps.clock.now() });
    opts.onFileName?.(fileName);
    const named = { ...opts, title: opts.title ?? draft.title, fileName };
    for (let round = 1; ; round++) {
      const renderId = await this.submit(draft.raw, opts);
      const outcome = await this.poll(renderId, opts);
      if (outcome.done) return this.download(renderId, outcome.url, named);
      if (round >= 2) throw renderFailed(renderId);
      this.deps.logger.warn(`Render ${renderId} failed; retrying once with a new id.`);
    }
  }

  /**
   * Poll an existing render id and download the result. When the service does not know the id
   * (the window closed before the submit reached it), the draft is read afresh and submitted once
   * more under the same id; if that fails too, RENDER_UNKNOWN says the export was forgotten.
   */
  async resumeExport(renderId: string, opts: ExportOptions): Promise<ExportResult> {
    let outcome: PollOutcome;
    try {
      outcome = await this.poll(renderId, opts);
    } catch (err) {
      if (!(err instanceof NemoError && err.code === "RENDER_UNKNOWN")) throw err;
      this.deps.logger.warn(`Render ${renderId} is unknown to the service; submitting it again with the same id.`);
      try {
        const draft = await this.readDraft(opts);
        await this.submitOnce(renderId, draft.raw, opts);
        outcome = await this.poll(renderId, opts);
      } catch (again) {
        if (again instanceof CancelledError || (again instanceof NemoError && again.code === "NO_DRAFT")) throw again;
        this.deps.logger.warn(`Render ${renderId} could not be submitted again: ${describeError(again)}`);
        throw renderForgotten(renderId, again);
      }
    }
    if (!outcome.done) throw renderFailed(renderId);
    return this.download(renderId, outcome.url, opts);
  }

  /** Ask the service to stop a render (the person cancelled). Best effort: failures are logged only. */
  async cancelRender(renderId: string): Promise<boolean> {
    try {
      await this.deps.caller.json({
        route: "render-cancel",
        signal: AbortSignal.timeout(CANCEL_TIMEOUT_MS),
        build: () => ({ method: "POST", path: `/api/render/proxy/lambda/${encodeURIComponent(renderId)}/cancel`, json: {} }),
      });
      this.deps.logger.info(`Render ${renderId} cancelled on the service.`);
      return true;
    } catch (err) {
      this.deps.logger.info(`Render ${renderId}: cancel not confirmed (${describeError(err)}).`);
      return false;
    }
  }

  private async readDraft(opts: ExportOptions): Promise<{ raw: unknown; title?: string }> {
    opts.onProgress?.({ stage: "precheck" });
    const state = await this.deps.readState(opts.signal);
    if (!state.draft || !this.deps.isExportReady(state)) {
      throw new InputError("NO_DRAFT", {
        userMessage: phrase("Nothing to export yet — generate something first."),
        nextStep: phrase("Describe what you want in the chat, then export again."),
      });
    }
    return { raw: state.draft.raw, title: timelineTitle(state.draft) };
  }

  private nextId(): string {
    this.lastIdMs = Math.max(this.deps.clock.now(), this.lastIdMs + 1);
    return `render_${this.lastIdMs}`;
  }

  private async submit(draft: unknown, opts: ExportOptions): Promise<string> {
    for (let attempt = 1; ; attempt++) {
      const id = this.nextId();
      opts.onRenderId?.(id);
      try {
        await this.submitOnce(id, draft, opts);
        return id;
      } catch (err) {
        if (attempt >= 2 || !retryable(err)) throw err;
        this.deps.logger.warn(`Render submit ${id} failed (${describeError(err)}); retrying with a new id.`);
      }
    }
  }

  private async submitOnce(id: string, draft: unknown, opts: ExportOptions): Promise<void> {
    opts.onProgress?.({ stage: "submitting", renderId: id });
    const answer = await this.deps.caller.json({
      route: "render-submit",
      session: true,
      signal: opts.signal,
      build: (s) => ({
        method: "POST",
        path: "/api/render/proxy/lambda",
        json: { id, sessionId: s?.sessionId, draft, output: { format: "mp4", quality: "high" } },
      }),
    });
    const status = parseRenderStatus(answer);
    opts.onProgress?.({ stage: "rendering", renderId: id, status: status.status ?? "pending", percent: status.percent });
  }

  /** Polls on the schedule of ./render/schedule.ts: soon, every 10 s while there is progress, bounded by the expected time. */
  private async poll(renderId: string, opts: ExportOptions): Promise<PollOutcome> {
    let lastError: unknown;
    const clock = this.deps.clock;
    const schedule = new RenderPollSchedule(this.deps.timing, clock.now());
    for (let i = 0; ; i++) {
      const delay = schedule.nextDelay(clock.now());
      if (delay === undefined) break;
      await clock.sleep(delay, opts.signal);
      let data: unknown;
      try {
        data = await this.deps.caller.json({
          route: "render-poll",
          signal: opts.signal,
          build: () => ({ method: "GET", path: `/api/render/proxy/lambda/${encodeURIComponent(renderId)}` }),
        });
      } catch (err) {
        if (err instanceof NemoError && err.backendCode === 404) throw renderUnknown(renderId, err);
        if (!retryable(err)) throw err;
        lastError = err;
        schedule.failed();
        this.deps.logger.warn(`Render poll ${i + 1} for ${renderId} failed: ${describeError(err)}`);
        continue;
      }
      const job = parseRenderStatus(data);
      schedule.observe(clock.now(), job.percent, job.status ?? job.phase);
      opts.onProgress?.({ stage: "rendering", renderId, status: job.status ?? job.phase, percent: job.percent });
      if (job.phase === "completed") return { done: true, url: job.url };
      if (job.phase === "failed") return { done: false };
    }
    if (lastError instanceof NemoError && lastError.category !== "server") throw lastError;
    throw new ServerError("TIMEOUT", {
      cause: lastError,
      userMessage: phrase("The render did not finish in its expected time ({0} min).", Math.max(1, Math.round(schedule.boundMs() / 60_000))),
      nextStep: phrase("It may still finish: resume the export later (render {0}).", renderId),
    });
  }

  private async download(renderId: string, url: string | undefined, opts: ExportOptions): Promise<ExportResult> {
    const fileName = exportFileName({ fileName: opts.fileName, title: opts.title, nowMs: this.deps.clock.now() });
    const target = {
      outDir: opts.outDir,
      fileName,
      signal: opts.signal,
      fileSystem: this.deps.fileSystem,
      finish: this.deps.finishFor?.(renderId),
      onProgress: (p: { receivedBytes: number; totalBytes?: number }) =>
        opts.onProgress?.({
          stage: "downloading",
          renderId,
          percent: p.totalBytes ? Math.round((p.receivedBytes / p.totalBytes) * 1000) / 10 : undefined,
        }),
    };
    let saved: SavedFile | undefined;
    if (url) {
      try {
        const absolute = new URL(url, this.deps.caller.url("/")).toString();
        const headersFor = (u: string) => this.deps.headersFor(u, opts.signal);
        saved = await downloadUrl(absolute, { ...target, headersFor, dispatcher: this.deps.dispatcher });
      } catch (err) {
        if (err instanceof CancelledError || (err instanceof NemoError && err.code === "SAVE_FAILED")) throw err;
        this.deps.logger.warn(`Download of render ${renderId} failed (${describeError(err)}); using the proxy download.`);
      }
    }
    if (!saved) {
      throwIfAborted(opts.signal);
      const res = await this.deps.caller.raw({
        route: "render-download",
        signal: opts.signal,
        build: () => ({ method: "GET", path: `/api/render/proxy/${encodeURIComponent(renderId)}/download` }),
      });
      saved = await saveResponse(res, target);
    }
    opts.onProgress?.({ stage: "done", renderId, percent: 100 });
    this.deps.logger.info(`Export ${renderId} saved (${saved.bytes} bytes).`);
    return { renderId, filePath: saved.path, bytes: saved.bytes };
  }
}

function retryable(err: unknown): boolean {
  if (!(err instanceof NemoError)) return true;
  return err.category === "server" || err.category === "network";
}

const CANCEL_TIMEOUT_MS = 10_000;

function renderUnknown(renderId: string, cause: unknown): ServerError {
  return new ServerError("RENDER_UNKNOWN", {
    cause,
    backendCode: 404,
    userMessage: phrase("The service does not know the render {0}.", renderId),
    nextStep: phrase("Export again."),
  });
}

function renderForgotten(renderId: string, cause: unknown): ServerError {
  return new ServerError("RENDER_UNKNOWN", {
    cause,
    userMessage: phrase("The export started earlier ({0}) never reached the service and could not be started again, so it was forgotten.", renderId),
    nextStep: phrase("Export again when you are ready; exports are free."),
  });
}

function renderFailed(renderId: string): ServerError {
  return new ServerError("RENDER_FAILED", {
    userMessage: phrase("The render failed ({0}).", renderId),
    nextStep: phrase("Try the export again in a few minutes; if it keeps failing, check the timeline with Status."),
  });
}
