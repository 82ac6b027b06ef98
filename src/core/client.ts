/**
 * NemoClient: the one implementation of NemoClientApi. Wires the HTTP caller (headers, envelope,
 * error table and recoveries), auth, the workspace session, chat turns, uploads, export and
 * downloads. Everything external is injected through NemoClientOptions.
 */
import type { Dispatcher } from "undici";
import {
  type CallOptions,
  type ChatOptions,
  defaultTiming,
  type DownloadOptions,
  type ExportOptions,
  type GenerateOptions,
  type GenerateResult,
  type NemoClientApi,
  type NemoClientOptions,
  SKILL_SOURCE,
  type Timing,
  type UploadOptions,
} from "./api";
import { AuthManager } from "./session/auth";
import { sessionLostError } from "./chat/recovery";
import { runQueuedTurn, type SentTo } from "./chat/queued-turn";
import { type Clock, systemClock } from "./support/clock";
import { downloadUrl } from "./media/download";
import { InputError, phrase } from "./errors";
import { Exporter } from "./render/export";
import { ExportRecords } from "./render/export-records";
import { processSessionQueue, type SessionQueue } from "./jobs/session-queue";
import { trackCancel, trackExport } from "./render/track";
import { mediaFileName } from "./media/files";
import { ApiCaller } from "./http/caller";
import { httpUrlError } from "./http/url-setting";
import { claimOrTaskLink } from "./session/claim-link";
import { decodeCredits, decodeStateData, endpoints } from "./http/endpoints";
import { type Logger, redactingLogger, silentLogger } from "./support/logger";
import { framePrompt } from "./prompt/framing";
import { stampStep } from "./provenance/stamp";
import { SessionManager } from "./session/workspace";
import { isExportReady, parseState } from "./state";
import type { ChatResult, Credits, ExportResult, GeneratedMedia, Notice, SessionIds, SessionState, UploadResult } from "./types";
import { checkUploadFile } from "./media/upload";
import { uploadFiles, uploadUrls } from "./media/upload-call";
import { downloadEach } from "./media/download-each";
import { VERSION } from "./support/version";

export { WAITING_FOR_SESSION } from "./chat/queued-turn";

export class NemoClient implements NemoClientApi {
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly timing: Timing;
  private readonly dispatcher?: Dispatcher;
  private readonly auth: AuthManager;
  private readonly caller: ApiCaller;
  private readonly sessions: SessionManager;
  private readonly exporter: Exporter;
  private readonly exportRecords: ExportRecords;
  private readonly noticeListeners = new Set<(n: Notice) => void>();
  /** The canvas of the last state read: it labels the files saved next with their ratio (provenance). */
  private lastCanvas: SessionState["canvas"];
  private readonly sessionQueue: SessionQueue;

  constructor(private readonly options: NemoClientOptions) {
    this.clock = options.clock ?? systemClock;
    this.logger = redactingLogger(options.logger ?? silentLogger);
    const overrides = Object.entries(options.timing ?? {}).filter(([, v]) => typeof v === "number" && Number.isFinite(v));
    this.timing = { ...defaultTiming, ...Object.fromEntries(overrides) };
    this.dispatcher = options.dispatcher;
    const notify = (n: Notice): void => this.notify(n);
    this.auth = new AuthManager({
      explicitToken: options.token,
      env: options.env,
      secrets: options.secrets,
      globalStore: options.globalStore,
      webUrl: options.webUrl,
      logger: this.logger,
      notify,
      requestAnonymous: (signal) => this.caller.json(endpoints.anonymousToken(signal)),
    });
    this.caller = new ApiCaller({
      apiUrl: options.apiUrl,
      configError: httpUrlError(options.apiUrl, "API URL") ?? httpUrlError(options.webUrl, "web URL"),
      platform: options.platform,
      version: options.version || VERSION,
      skillSource: SKILL_SOURCE,
      dispatcher: this.dispatcher,
      clock: this.clock,
      logger: this.logger,
      timing: this.timing,
      auth: this.auth,
      sessions: () => this.sessions,
      notify,
    });
    this.sessions = new SessionManager({
      store: options.workspaceStore,
      logger: this.logger,
      notify,
      requestCreate: (signal) => this.caller.json(endpoints.createSession(options.language || "en", signal)),
      noteUserId: (id) => this.auth.noteUserId(id),
    });
    this.exporter = new Exporter({
      caller: this.caller,
      readState: (signal) => this.state({ signal }),
      isExportReady: (s) => isExportReady(s),
      headersFor: (url, signal) => this.headersFor(url, signal),
      dispatcher: this.dispatcher,
      fileSystem: options.fileSystem,
      finishFor: (renderId) => this.stamp({ jobId: renderId, kind: "export" }),
      clock: this.clock,
      timing: this.timing,
      logger: this.logger,
    });
    this.exportRecords = options.exportRecords ?? new ExportRecords(options.workspaceStore, () => this.clock.now());
    this.sessionQueue = options.sessionQueue ?? processSessionQueue;
  }

  private notify(n: Notice): void {
    this.logger.info(`Notice (${n.kind}): ${n.message}`);
    for (const listener of [this.options.onNotice, ...this.noticeListeners]) {
      try {
        listener?.(n);
      } catch (err) {
        this.logger.error("A notice listener failed", err);
      }
    }
  }

  /** Credentials only for the API origin; nothing extra for anything else (CDNs, storage). */
  private async headersFor(url: string, signal?: AbortSignal): Promise<Record<string, string>> {
    return new URL(url).origin === this.caller.apiOrigin ? this.caller.apiHeaders(signal) : {};
  }

  async ensureToken(opts?: CallOptions): Promise<void> {
    await this.auth.token(opts?.signal);
  }
  ensureSession(opts?: CallOptions): Promise<SessionIds> {
    return this.sessions.current(opts?.signal);
  }
  newSession(opts?: CallOptions): Promise<SessionIds> {
    return this.sessions.replace(opts?.signal);
  }
  currentSession(): Promise<SessionIds | undefined> {
    return this.sessions.peek();
  }
  setToken(token: string | undefined): Promise<void> {
    return this.auth.setToken(token);
  }
  tokenSource(): Promise<"explicit" | "env" | "stored" | "none"> {
    return this.auth.tokenSource();
  }
  creditsLink(): Promise<string> {
    return this.auth.creditsLink();
  }

  async credits(opts?: CallOptions): Promise<Credits> {
    return decodeCredits(await this.caller.json(endpoints.credits(opts?.signal)));
  }

  async state(opts?: CallOptions): Promise<SessionState> {
    const state = parseState(decodeStateData(await this.caller.json(endpoints.state(opts?.signal))));
    this.lastCanvas = state.canvas;
    return state;
  }

  /** The provenance step of a save: the record assembled in provenance/stamp.ts, with the session id and the prompt setting. */
  private stamp(input: { prompt?: string; style?: string; ratio?: string; jobId?: string; kind?: "export" }): (tempPath: string) => Promise<void> {
    const setting = this.options.embedPromptInFiles;
    const embedPrompt = typeof setting === "function" ? setting() : setting !== false;
    return async (tempPath) => {
      const ids = await this.sessions.peek().catch(() => undefined);
      await stampStep({ ...input, embedPrompt, sessionId: ids?.sessionId, nowMs: this.clock.now(), version: this.options.version || VERSION, canvas: this.lastCanvas }, this.logger)(tempPath);
    };
  }

  /** The claim link; when the claim-token call is missing (404) or refused, the task link instead. */
  async claimLink(opts?: CallOptions): Promise<string> {
    return claimOrTaskLink({ caller: this.caller, sessions: this.sessions, logger: this.logger, webUrl: this.options.webUrl }, opts?.signal);
  }

  /**
   * POST /run_sse; the body once the answer is known to be a stream. Never re-sent after that.
   * `sentTo` learns the session the message went to (after a 1002 on the send itself, the new one).
   */
  private async openStream(message: string, signal: AbortSignal, sentTo?: (to: SentTo) => void): Promise<AsyncIterable<Uint8Array>> {
    const spec = endpoints.runSse(message, signal);
    let session: SessionIds | undefined;
    const res = await this.caller.raw({ ...spec, build: (s, user) => ((session = s), spec.build(s, user)) });
    if (session) sentTo?.({ ids: session, generation: this.sessions.generation });
    return res.body as AsyncIterable<Uint8Array>;
  }

  /**
   * The state of the session a message went to. When the service no longer has it (a 1002: the
   * caller has started a new session for what comes next), the request's result cannot be read
   * any more: SESSION_LOST instead of the new session's state, which would look like nothing happened.
   */
  private async stateOf(sentTo: SentTo | undefined, signal?: AbortSignal): Promise<SessionState> {
    const state = await this.state({ signal });
    const now = await this.sessions.peek();
    if (sentTo && (now?.sessionId !== sentTo.ids.sessionId || this.sessions.generation !== sentTo.generation)) {
      this.logger.warn(`Session ${sentTo.ids.sessionId} is gone while a request on it was running.`);
      throw sessionLostError();
    }
    return state;
  }

  async chat(message: string, opts: ChatOptions = {}): Promise<ChatResult> {
    if (!message.trim()) throw new InputError("BAD_INPUT", {
        userMessage: phrase("The message is empty."),
        nextStep: phrase("Type what you want to create."),
      });
    return runQueuedTurn(
      {
        ensureSession: (o) => this.ensureSession(o),
        sessionQueue: this.sessionQueue,
        noticeListeners: this.noticeListeners,
        openStream: (m, signal, sentTo) => this.openStream(m, signal, sentTo),
        stateOf: (sentTo, signal) => this.stateOf(sentTo, signal),
        clock: this.clock,
        logger: this.logger,
        timing: this.timing,
      },
      message,
      opts,
    );
  }

  async generate(prompt: string, opts: GenerateOptions): Promise<GenerateResult> {
    const result = await this.chat(framePrompt(prompt, opts.kind), opts);
    const files = await downloadEach(
      result.newMedia,
      (media) =>
        this.downloadMedia(media, {
          outDir: opts.outDir,
          title: prompt,
          prompt,
          style: opts.shape?.style?.label,
          ratio: opts.shape?.ratio,
          signal: opts.signal,
          onProgress: (p) => opts.onDownloadProgress?.({ ...p, media }),
        }),
      { onEvent: opts.onEvent, logger: this.logger },
    );
    return { ...result, files };
  }

  checkUploadFile(path: string): Promise<{ size: number; name: string }> {
    return checkUploadFile(path).then((f) => ({ size: f.size, name: f.name }));
  }

  async uploadFiles(paths: string[], opts: UploadOptions = {}): Promise<UploadResult> {
    return uploadFiles(this.caller, paths, opts);
  }

  async uploadUrls(urls: string[], opts: CallOptions = {}): Promise<UploadResult> {
    return uploadUrls(this.caller, urls, opts);
  }

  async exportVideo(opts: ExportOptions): Promise<ExportResult> {
    return this.trackRender(opts, (o) => this.exporter.exportVideo(o));
  }

  async resumeExport(renderId: string, opts: ExportOptions): Promise<ExportResult> {
    return this.trackRender(opts, (o) => this.exporter.resumeExport(renderId, o), renderId);
  }

  async cancelExport(renderId: string): Promise<void> {
    await trackCancel(this.exportRecords, renderId, () => this.exporter.cancelRender(renderId), this.logger);
  }

  /** Every export, whatever started it, is written to the one export record store (resumable meanwhile). */
  private trackRender(opts: ExportOptions, run: (o: ExportOptions) => Promise<ExportResult>, resumeOf?: string): Promise<ExportResult> {
    return trackExport({ records: this.exportRecords, logger: this.logger, session: () => this.sessions.peek() }, opts, run, resumeOf);
  }

  async downloadMedia(media: GeneratedMedia, opts: DownloadOptions): Promise<string> {
    const url = new URL(media.url, this.caller.url("/")).toString();
    const fileName = mediaFileName({ url, kind: media.kind, title: opts.fileName ? undefined : opts.title, name: opts.fileName ?? media.name, mime: media.mime, nowMs: this.clock.now() });
    const saved = await downloadUrl(url, {
      outDir: opts.outDir,
      fileName,
      signal: opts.signal,
      onProgress: opts.onProgress,
      headersFor: (u) => this.headersFor(u, opts.signal),
      dispatcher: this.dispatcher,
      fileSystem: this.options.fileSystem,
      nameAt: opts.nameAt,
      finish: this.stamp({ prompt: opts.prompt ?? opts.title ?? media.title, style: opts.style, ratio: opts.ratio, jobId: media.key !== media.url ? media.key : undefined }),
    });
    return saved.path;
  }
}

export function createClient(options: NemoClientOptions): NemoClient {
  return new NemoClient(options);
}
