/** Public types of the backend simulator (see docs/CONTRACTS.md, "Simulator"). */
import type { ScheduledWork } from "./schedule";

export interface SimOptions {
  /** 0 = a free port. */
  port?: number;
  seed?: number;
  /** 1 = demo timing (an image turn takes ~15 s), 0.001-0.01 in tests. */
  timeScale?: number;
  /** Share of edit turns that close with no text (0.3). */
  silentCloseRate?: number;
  /** Credits of every new user (100). */
  initialCredits?: number;
  /** Token lifetime in real ms (7 days). */
  tokenTtlMs?: number;
  /** Upload limit per file in bytes (200 MiB). Added: lets tests check 4002 without 200 MB. */
  maxUploadBytes?: number;
  /** Added: how long a render job takes, in real ms (default: 30 s of sim time, scaled). The demo sets
   * ~25 s so a person sees the export's percentage while its turns stay quick. */
  renderMs?: number;
  /** Chance of a trailing "I encountered a temporary issue" event after a normal answer (0.15). */
  trailingIssueRate?: number;
  /** Added: the real-ms clock render jobs move by (Date.now); tests step it to see every stage. */
  now?: () => number;
  /** Added (issue 21): the stream and state dialect, "adk" (default) or "reference" (the vendor's API
   * reference: flat events); default from env SIM_SHAPE. See test/sim/shape.ts. */
  shape?: "adk" | "reference";
  /** Added (issue 21): the user-path form accepted, "both" (default), "me" or "user-id"; default from env SIM_USER_PATHS. */
  userPaths?: "both" | "me" | "user-id";
  /** Added (net): serve HTTPS with this certificate and key (PEM); `url` is then https://127.0.0.1:<port>. */
  tls?: { cert: string; key: string };
  /** Added: keep the world (tokens, balances, sessions, renders, media) in this JSON file and start from
   * it (persist.ts); without `port`, the saved port is taken again when free. */
  statePath?: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  receivedAt: number;
  aborted: boolean;
  bodyBytes: number;
  /** Added: the route the request matched ("control", "blob", "unknown" for non-API routes). */
  route: string;
  /** Added: which of X-Skill-Source / -Version / -Platform were missing. */
  missingSkillHeaders: string[];
}

export interface RecordedUpload {
  sessionId: string;
  fileName: string;
  size: number;
  sha256: string;
  /** Added: set for JSON URL uploads (size 0, sha256 of the URL string). */
  url?: string;
}

export type RouteName =
  | "anonymous-token"
  | "create-session"
  | "claim-token"
  | "run_sse"
  | "upload"
  | "credits"
  | "state"
  | "render-submit"
  | "render-poll"
  | "render-download"
  | "render-cancel"
  | "media"
  | "blob"
  | "any";

export type Fault =
  | { type: "code"; code: number }
  /** Added: `retryAfter` (seconds) sets Retry-After; `html` answers a proxy's HTML page instead of an envelope; `message` the envelope's. */
  | { type: "status"; status: number; retryAfter?: number; html?: boolean; message?: string }
  | { type: "drop"; afterEvents: number }
  /** Added: run_sse → after `afterEvents` events the stream sends only heartbeats while the turn
   * completes, and stays open `holdMs` more: a client still "working" when its window reloads. */
  | { type: "mute"; afterEvents: number; holdMs: number }
  | { type: "stall"; ms: number }
  | { type: "malformed" }
  | { type: "stream-error"; message: string }
  | { type: "silent-close" }
  | { type: "xss" }
  | { type: "slow"; ms: number }
  | { type: "cut"; afterBytes: number }
  /** Added: render-submit → the job fails halfway through processing; render-poll → it fails now. */
  | { type: "render-failed"; message?: string }
  /** Added (net): any route → a 200 text/html page (a captive portal or proxy login page). */
  | { type: "html" }
  /** Added (net): run_sse → the stream gzip-encoded (Content-Encoding: gzip). */
  | { type: "gzip" }
  /** Added (net): run_sse → every byte of the stream in its own write. */
  | { type: "trickle" }
  /** Added (net): anonymous-token → `expires_at` in the past (the token itself still works). */
  | { type: "expired-at" }
  /** Added (net): upload → the later vendor answer `data.files[]` (filename, file_type, cdn_url, duration, width, height, fps, hash). */
  | { type: "upload-files" };

/**
 * Added: which of the vendor's documented render-status shapes the poll answers with (control API
 * `POST /__sim/render-shape`): "mixed" (default: top level and `data` both), "top" (top level
 * only), "envelope" (`{code:0, data:{…}}`), "success" (`{success:true, data:{id, status, progress,
 * outputUrl, createdAt, completedAt}}`, no code), "url-only" (like "top", but a finished job has an
 * `output.url` and no `status`). `progress`: "percent" (0–100, default) or "fraction" (0–1).
 */
export type RenderShape = "mixed" | "top" | "envelope" | "success" | "url-only";
export interface RenderShapeOptions {
  shape: RenderShape;
  progress: "percent" | "fraction";
}

export interface FaultSpec {
  route: RouteName;
  times?: number;
  fault: Fault;
}

export interface Simulator {
  url: string;
  close(): Promise<void>;
  inject(spec: FaultSpec): void;
  clearFaults(): void;
  reset(): void;
  requests: RecordedRequest[];
  uploads: RecordedUpload[];
  /** Added: make every issued token expire now (next call answers 1001). */
  expireTokens(): void;
  /** Added: set the available credits of every user, and of users created later. */
  setCredits(available: number): void;
  /** Added: the raw `data.state` of a session, or undefined. */
  sessionState(sessionId: string): unknown;
  /** Added: the render-status shape the poll answers with (also `POST /__sim/render-shape`). */
  setRenderShape(shape: RenderShapeOptions): void;
  /**
   * Added: image turns serve `data` instead of their PNG, at a media URL with no extension, with
   * `mime` as the Content-Type and the media entry's type (say a wrong one to test sniffing);
   * undefined goes back to PNGs. Cleared by reset.
   */
  setImageBytes(data: Buffer | undefined, mime?: string): void;
  /** Added: a restart that lost the sessions (also `POST /__sim/forget-sessions`): open agent streams are
   * cut, every session answers 1002 from now on; tokens and credits stay. Returns how many were forgotten. */
  forgetSessions(): number;
  /** Added: every duration drawn so far (sim ms and real ms; also `GET /__sim/schedule`). */
  schedule(): ScheduledWork[];
  /** Added: write the state file now (no-op without `statePath`); it is also written every 250 ms and on close. */
  saveState(): void;
  /** Added (issue 21): switch the dialect and/or user-path form until reset() (also `POST /__sim/shape`). */
  setShape(opts: { shape?: "adk" | "reference"; userPaths?: "both" | "me" | "user-id" }): void;
}
