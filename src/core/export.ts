/**
 * Export (render): pre-check the draft, submit `render_<ms>` (one retry with a new id), poll
 * the job, download `output.url` — or, if that fails, the authenticated proxy download.
 * A failed render is retried once as a whole with a new id. Free: never a chat message.
 */
import { z } from "zod";
import type { ExportOptions, Timing } from "./api";
import type { Clock } from "./clock";
import { CancelledError, InputError, NemoError, ServerError, throwIfAborted, phrase } from "./errors";
import { ensureExtension, sanitizeFileName, timestampForName } from "./files";
import { downloadUrl, saveResponse, type SavedFile } from "./download";
import type { ApiCaller } from "./http/caller";
import { describeError, type Logger } from "./logger";
import type { Dispatcher } from "undici";
import type { ExportResult, SessionState } from "./types";

export interface ExportDeps {
  caller: ApiCaller;
  readState(signal?: AbortSignal): Promise<SessionState>;
  isExportReady(state: SessionState): boolean;
  /** Headers for a download URL: credentials only when it is on the API origin. */
  headersFor(url: string, signal?: AbortSignal): Promise<Record<string, string>>;
  dispatcher?: Dispatcher;
  clock: Clock;
  timing: Timing;
  logger: Logger;
}

const pollSchema = z.looseObject({
  status: z.string().transform((s) => s.toLowerCase()).optional(),
  progress: z.union([z.number(), z.string().regex(/^\d+(\.\d+)?$/).transform(Number)]).optional(),
  output: z.looseObject({ url: z.string().optional() }).optional(),
  error: z.unknown().optional(),
});

type PollOutcome = { done: true; url?: string } | { done: false };

/** Progress as 0..100: values up to 1 are read as fractions. */
export function normalisePercent(p: number | undefined): number | undefined {
  if (p === undefined || !Number.isFinite(p) || p < 0) return undefined;
  return Math.min(100, Math.round((p <= 1 ? p * 100 : p) * 10) / 10);
}

export class Exporter {
  private lastIdMs = 0;

  constructor(private readonly deps: ExportDeps) {}

  async exportVideo(opts: ExportOptions): Promise<ExportResult> {
    opts.onProgress?.({ stage: "precheck" });
    const state = await this.deps.readState(opts.signal);
    if (!state.draft || !this.deps.isExportReady(state)) {
      throw new InputError("NO_DRAFT", {
        userMessage: phrase("Nothing to export yet — generate something first."),
        nextStep: phrase("Describe what you want in the chat, then export again."),
      });
    }
    for (let round = 1; ; round++) {
      const renderId = await this.submit(state.draft.raw, opts);
      const outcome = await this.poll(renderId, opts);
      if (outcome.done) return this.download(renderId, outcome.url, opts);
      if (round >= 2) throw renderFailed(renderId);
      this.deps.logger.warn(`Render ${renderId} failed; retrying once with a new id.`);
    }
  }

  /** Poll an existing render id and download the result; no new submit. */
  async resumeExport(renderId: string, opts: ExportOptions): Promise<ExportResult> {
    const outcome = await this.poll(renderId, opts);
    if (!outcome.done) throw renderFailed(renderId);
    return this.download(renderId, outcome.url, opts);
  }

  private nextId(): string {
    this.lastIdMs = Math.max(this.deps.clock.now(), this.lastIdMs + 1);
    return `render_${this.lastIdMs}`;
  }

  private async submit(draft: unknown, opts: ExportOptions): Promise<string> {
    for (let attempt = 1; ; attempt++) {
      const id = this.nextId();
      opts.onRenderId?.(id);
      opts.onProgress?.({ stage: "submitting", renderId: id });
      try {
        await this.deps.caller.json({
          route: "render-submit",
          session: true,
          signal: opts.signal,
          build: (s) => ({
            method: "POST",
            path: "/api/render/proxy/lambda",
            json: { id, sessionId: s?.sessionId, draft, output: { format: "mp4", quality: "high" } },
          }),
        });
        return id;
      } catch (err) {
        if (attempt >= 2 || !retryable(err)) throw err;
        this.deps.logger.warn(`Render submit ${id} failed (${describeError(err)}); retrying with a new id.`);
      }
    }
  }

  private async poll(renderId: string, opts: ExportOptions): Promise<PollOutcome> {
    let lastError: unknown;
    for (let i = 0; i < this.deps.timing.renderMaxPolls; i++) {
      await this.deps.clock.sleep(this.deps.timing.renderPollMs, opts.signal);
      let data: unknown;
      try {
        data = await this.deps.caller.json({
          route: "render-poll",
          signal: opts.signal,
          build: () => ({ method: "GET", path: `/api/render/proxy/lambda/${encodeURIComponent(renderId)}` }),
        });
      } catch (err) {
        if (!retryable(err)) throw err;
        lastError = err;
        this.deps.logger.warn(`Render poll ${i + 1} for ${renderId} failed: ${describeError(err)}`);
        continue;
      }
      const parsed = pollSchema.safeParse(data);
      const status = parsed.success ? (parsed.data.status ?? "processing") : "processing";
      const percent = parsed.success ? normalisePercent(parsed.data.progress) : undefined;
      opts.onProgress?.({ stage: "rendering", renderId, status, percent: status === "completed" ? 100 : percent });
      if (status === "completed" || status === "succeeded" || status === "done") {
        return { done: true, url: parsed.success ? parsed.data.output?.url : undefined };
      }
      if (status === "failed" || status === "error") return { done: false };
    }
    if (lastError instanceof NemoError && lastError.category !== "server") throw lastError;
    throw new ServerError("TIMEOUT", {
      cause: lastError,
      userMessage: phrase("The render did not finish after {0} checks.", this.deps.timing.renderMaxPolls),
      nextStep: phrase("It may still finish: resume the export later (render {0}).", renderId),
    });
  }

  private async download(renderId: string, url: string | undefined, opts: ExportOptions): Promise<ExportResult> {
    const fileName = ensureExtension(
      sanitizeFileName(opts.fileName ?? `export-${timestampForName(this.deps.clock.now())}.mp4`, "export.mp4"),
      "video",
      "video/mp4",
    );
    const target = {
      outDir: opts.outDir,
      fileName,
      signal: opts.signal,
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
        if (err instanceof CancelledError) throw err;
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

function renderFailed(renderId: string): ServerError {
  return new ServerError("RENDER_FAILED", {
    userMessage: phrase("The render failed ({0}).", renderId),
    nextStep: phrase("Try the export again in a few minutes; if it keeps failing, check the timeline with Status."),
  });
}
