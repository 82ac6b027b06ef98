/**
 * The contract of the one core client. The extension, the webview host and the CLI use only this.
 * Implemented by `NemoClient` in ./client.ts.
 */
import type { TextMode } from "./prompt/gui-stream";
import type { Dispatcher } from "undici";
import type { Clock } from "./support/clock";
import type { SaveFileSystem } from "./media/download";
import type { ExportRecords, ExportSource } from "./render/export-records";
import type { Logger } from "./support/logger";
import type { Shape } from "./shape/framing";
import type { SessionQueue } from "./jobs/session-queue";
import type { KeyValueStore } from "./support/storage";
import type {
  ChatEvent,
  ChatResult,
  Credits,
  DownloadProgress,
  ExportProgress,
  ExportResult,
  GeneratedMedia,
  Notice,
  SessionIds,
  SessionState,
  UploadProgress,
  UploadResult,
} from "./types";

/** Every delay of the protocol, injectable so tests and the simulator run fast. Milliseconds. */
export interface Timing {
  rateLimitWaitMs: number; // 429 without Retry-After: wait this long, then retry (30 s)
  rateLimitBudgetMs: number; // 429/503 waits of one request, all together, at most (3 min); past it: RATE_LIMITED at once
  /** Real ms per second of a service's Retry-After, ÷ 1000 (1; the simulator's time scale in tests and demos, whose seconds are scaled). */
  retryAfterScale: number;
  stillWorkingEveryMs: number; // "Still working…" while only heartbeats (2 min)
  heartbeatOnlyTimeoutMs: number; // heartbeats only this long = timeout (10 min)
  streamCapMs: number; // hard cap of one /run_sse request (15 min)
  recoveryFirstWaitMs: number; // dropped stream: first state read after (30 s)
  recoveryNextWaitMs: number; // then every (60 s)
  recoveryMaxReads: number; // unchanged reads before giving up (5)
  renderFirstPollMs: number; // first render poll after the submit (3 s): state and percentage soon
  renderPollMs: number; // render poll interval while the service reports progress (10 s)
  renderSlowPollMs: number; // the interval backs off towards this while it does not (30 s)
  renderMaxWaitMs: number; // the render's expected time: the wait's bound (10 min; see render/schedule.ts)
}

export const defaultTiming: Timing = {
  rateLimitWaitMs: 30_000,
  rateLimitBudgetMs: 180_000,
  retryAfterScale: 1,
  stillWorkingEveryMs: 120_000,
  heartbeatOnlyTimeoutMs: 600_000,
  streamCapMs: 900_000,
  recoveryFirstWaitMs: 30_000,
  recoveryNextWaitMs: 60_000,
  recoveryMaxReads: 5,
  renderFirstPollMs: 3_000,
  renderPollMs: 10_000,
  renderSlowPollMs: 30_000,
  renderMaxWaitMs: 600_000,
};

export const DEFAULT_API_URL = "https://mega-api-prod.nemovideo.ai";
export const DEFAULT_WEB_URL = "https://nemovideo.com";
export const SKILL_SOURCE = "image-generation-generator";

export interface NemoClientOptions {
  apiUrl: string;
  webUrl: string;
  /** X-Skill-Platform: vscode, cursor, code-server, cli, ... */
  platform: string;
  /** X-Skill-Version: from package.json at build time. */
  version: string;
  /** Display language for new sessions, e.g. "en", "zh-cn". */
  language: string;
  /** Long-lived, per user: client id. */
  globalStore: KeyValueStore;
  /** Per workspace: session ids, pending render. */
  workspaceStore: KeyValueStore;
  /** Token only. */
  secrets: KeyValueStore;
  /** Environment for NEMO_TOKEN / NEMO_CLIENT_ID: the adapter passes it (the core never reads process.env). */
  env: Record<string, string | undefined>;
  /** An explicit token (e.g. --token); wins over everything. */
  token?: string;
  clock?: Clock;
  logger?: Logger;
  /** undici dispatcher (proxy agent); default: undici's global dispatcher. */
  dispatcher?: Dispatcher;
  timing?: Partial<Timing>;
  onNotice?: (notice: Notice) => void;
  /** The export record store; default: one over `workspaceStore`. A host that lists exports passes its own. */
  exportRecords?: ExportRecords;
  /** File-system seam of downloads (tests inject disk faults); default: node:fs. */
  fileSystem?: SaveFileSystem;
  /**
   * Whether saved files carry the prompt (`imageGeneration.embedPromptInFiles`, CLI
   * `--no-embed-prompt`); asked at each save, so a changed setting applies at once. Default true.
   * The AI-generated mark and the rest of the record are written either way (provenance/).
   */
  embedPromptInFiles?: boolean | (() => boolean);
  /**
   * One turn at a time per backend session (jobs/session-queue.ts). Default: the process-wide
   * queue; the CLI and the MCP server pass one that also locks across processes.
   */
  sessionQueue?: SessionQueue;
}

export interface CallOptions {
  signal?: AbortSignal;
}

export interface ChatOptions extends CallOptions {
  onEvent?: (event: ChatEvent) => void;
  /**
   * "sentence" (default): each sentence arrives whole and nothing is ever taken back (for output
   * that cannot be rewritten: a pipe, an LM tool result, a chat participant's stream). "word": text
   * arrives word by word, and a sentence that turns out to be GUI talk after some of it was shown
   * is taken back with a `retract` event (the chat panel, the CLI on a terminal).
   */
  textMode?: TextMode;
  /**
   * Aspect ratio, style and variations for what the message makes: the core adds them to the
   * message as words (shape/framing.ts `frameShape`, the one place). Unset: the message as typed.
   */
  shape?: Shape;
  /** Another turn holds the session: this one waits for it (the notice event says so too). */
  onWaiting?: () => void;
  /** The turn holds its session and read the state before sending (its media keys are the "before"). */
  onTurnStart?: (info: { sessionId: string; before: SessionState }) => void;
  /** The backend accepted the message (the stream started): from here on it may be charged. */
  onSent?: () => void;
}

export interface UploadOptions extends CallOptions {
  onProgress?: (progress: UploadProgress) => void;
}

export interface ExportOptions extends CallOptions {
  outDir: string;
  onProgress?: (progress: ExportProgress) => void;
  /** Called as soon as the render id is known, so the host can persist it for resume. */
  onRenderId?: (renderId: string) => void;
  /** Called once the file name is decided (before the render starts), so a resumed render is saved under the same name. */
  onFileName?: (fileName: string) => void;
  /** File name without directory; sanitised; default from `title`, else "export-<date>.mp4" (export-name.ts). */
  fileName?: string;
  /** The timeline's title, when known: the file is named after it. */
  title?: string;
  /** Which surface started it, for the export record. */
  source?: ExportSource;
  /** The export job already on the ledger for this export (a job runner created it): written instead of a new record. */
  recordId?: string;
}

export interface DownloadOptions extends CallOptions {
  outDir: string;
  fileName?: string;
  /** The prompt or title the media was made from: its short form names the file (files.ts `slugName`). */
  title?: string;
  onProgress?: (progress: DownloadProgress) => void;
  /** The prompt the media was made from, for the file's record (default: `title`, else the backend's copy). */
  prompt?: string;
  /** The style asked for, for the file's record (the ratio is read back: shape/read-back.ts). */
  style?: string;
  /** The ratio asked for: recorded only when nothing can be read back. */
  ratio?: string;
  /** The n-th name to try (n ≥ 1) instead of the name and its "-n" collision names (download.ts `SaveTarget.nameAt`). */
  nameAt?: (n: number) => string;
}

export interface GenerateOptions extends ChatOptions {
  outDir: string;
  /**
   * What to make. When set and the prompt names no medium, the core sends "Generate an image of
   * <prompt>" / "Generate a video of <prompt>" (src/core/prompt/framing.ts); unset: the prompt as typed.
   */
  kind?: "image" | "video";
  onDownloadProgress?: (progress: DownloadProgress & { media: GeneratedMedia }) => void;
}

export interface GenerateResult extends ChatResult {
  /** Paths of the new media downloaded into outDir. */
  files: string[];
}

export interface NemoClientApi {
  /** Make sure a token exists (anonymous if needed); no session. */
  ensureToken(opts?: CallOptions): Promise<void>;
  /** Create or load the workspace session. */
  ensureSession(opts?: CallOptions): Promise<SessionIds>;
  /** Forget the current session and create a new one. */
  newSession(opts?: CallOptions): Promise<SessionIds>;
  currentSession(): Promise<SessionIds | undefined>;
  /** Set (or clear with undefined) the user's own token. */
  setToken(token: string | undefined): Promise<void>;
  /** Whether the token in use came from the environment, storage or is anonymous. */
  tokenSource(): Promise<"explicit" | "env" | "stored" | "none">;

  credits(opts?: CallOptions): Promise<Credits>;
  state(opts?: CallOptions): Promise<SessionState>;
  /** Claim-token browser link; never carries the real token. */
  claimLink(opts?: CallOptions): Promise<string>;
  /** Registration (anonymous) or top-up link for 2001. */
  creditsLink(): Promise<string>;

  chat(message: string, opts?: ChatOptions): Promise<ChatResult>;
  /** chat() then download every new media item into outDir. */
  generate(prompt: string, opts: GenerateOptions): Promise<GenerateResult>;

  /** Throws InputError (UNSUPPORTED_FILE / FILE_TOO_LARGE) without sending anything. */
  checkUploadFile(path: string): Promise<{ size: number; name: string }>;
  uploadFiles(paths: string[], opts?: UploadOptions): Promise<UploadResult>;
  uploadUrls(urls: string[], opts?: CallOptions): Promise<UploadResult>;

  exportVideo(opts: ExportOptions): Promise<ExportResult>;
  /** Resume polling and downloading a render started earlier (e.g. before a window reload). */
  resumeExport(renderId: string, opts: ExportOptions): Promise<ExportResult>;
  /** The person cancelled: tell the service to stop the render (best effort) and mark the record cancelled. */
  cancelExport(renderId: string): Promise<void>;
  downloadMedia(media: GeneratedMedia, opts: DownloadOptions): Promise<string>;
}
