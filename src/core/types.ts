/**
 * Domain types shared by the core, the extension, the webview protocol and the CLI.
 * Network shapes (zod schemas) live next to the code that decodes them; these are the
 * already-validated, tolerant views the rest of the code works with.
 */
import type { Phrase } from "./errors";

export interface Credits {
  available: number;
  frozen: number;
  total: number;
}

export interface SessionIds {
  taskId: string;
  sessionId: string;
}

export type TrackKind = "video" | "audio" | "text" | "other";

export interface Segment {
  /** Position within its track, 0-based. */
  index: number;
  name?: string;
  startMs: number;
  endMs: number;
  durationMs: number;
  /** Volume 0..1 when the metadata has one. */
  volume?: number;
  text?: string;
  sourceUrl?: string;
  /** Pixel size when the metadata has one (`m.width`, `m.height`). */
  width?: number;
  height?: number;
  /** The metadata as sent (unpublished shape). */
  meta: Record<string, unknown>;
}

export interface Track {
  index: number;
  kind: TrackKind;
  /** The raw `tt` value. */
  typeCode: number;
  segments: Segment[];
}

export interface Draft {
  tracks: Track[];
  /** The draft exactly as received, to send back to the render endpoint. */
  raw: unknown;
}

export type MediaKind = "image" | "video" | "audio" | "unknown";

export interface GeneratedMedia {
  url: string;
  kind: MediaKind;
  /** A stable key: the backend id when there is one, else the URL. */
  key: string;
  name?: string;
  mime?: string;
  /** The title or prompt the backend gave it, when it did (names the saved file). */
  title?: string;
  /** When the backend says it was made (ms since the epoch), when it does. */
  createdAtMs?: number;
}

/** The project's canvas (`canvas_config`), each part when the state says it or it follows from the others. */
export interface Canvas {
  /** Pixels. */
  width?: number;
  height?: number;
  /** Aspect ratio as "W:H" ("16:9"): as sent, else from width and height in lowest terms. */
  ratio?: string;
}

export interface SessionState {
  draft?: Draft;
  /** The canvas, when the state has a readable `canvas_config` (read it through `canvasOf`). */
  canvas?: Canvas;
  generatedMedia: GeneratedMedia[];
  /** `data.state` as received. */
  raw: unknown;
}

/** What a chat turn reports while it runs. */
export type ChatEvent =
  | { type: "text"; delta: string } // a piece of agent text, already GUI-translated
  | { type: "retract"; chars: number } // the last `chars` characters of text were GUI talk: take them back
  | { type: "tool"; name: string; phase: "call" | "result" } // quiet "working: <name>"
  | { type: "heartbeat" }
  | { type: "still-working"; elapsedMs: number } // every 2 minutes of heartbeats only
  | { type: "action"; action: GuiAction } // the agent's GUI talk turned into something to do
  | { type: "changes"; sentences: string[] } // what changed in the state (after a silent close or recovery)
  | { type: "media"; media: GeneratedMedia[] } // media that appeared during the turn
  | { type: "recovering"; attempt: number; maxAttempts: number; nextCheckMs: number }
  | { type: "notice"; message: string; phrase?: Phrase }; // e.g. "Your previous session expired; started a new one."

export type GuiAction = "export" | "credits" | "show-state" | "show-tracks";

export type ChatOutcome =
  | "completed" // text arrived and the stream closed
  | "silent-close" // no text; state diff reported
  | "recovered"; // the stream dropped, a later state read showed changes

export interface ChatResult {
  outcome: ChatOutcome;
  /** All agent text of the turn, GUI-translated, once (no duplicated final repeat). */
  text: string;
  changes: string[];
  newMedia: GeneratedMedia[];
  actions: GuiAction[];
  state?: SessionState;
}

export interface UploadProgress {
  file: string; // base name or URL
  sentBytes: number;
  totalBytes: number;
}

/** One file the service says it took (`data.files[]` of the upload answer; every field but the name optional). */
export interface UploadedFile {
  fileName: string;
  kind?: "video" | "image" | "audio";
  url?: string;
  durationSec?: number;
  width?: number;
  height?: number;
  fps?: number;
  hash?: string;
}

export interface UploadResult {
  /** The names (or URLs) that were sent. */
  files: string[];
  /** What the service reported back for them, when it did (parseUploadFiles); may be empty. */
  uploaded: UploadedFile[];
  /** Response data, informative only (unpublished shape). */
  data: unknown;
}

export type ExportStage = "precheck" | "submitting" | "rendering" | "downloading" | "done";

export interface ExportProgress {
  stage: ExportStage;
  renderId?: string;
  /** 0..100 when known. */
  percent?: number;
  status?: string;
}

export interface ExportResult {
  renderId: string;
  filePath: string;
  bytes: number;
}

export interface DownloadProgress {
  receivedBytes: number;
  totalBytes?: number;
}

/** Something the core wants the person to know that is not an error. */
export interface Notice {
  kind: "session-replaced" | "token-renewed" | "rate-limited" | "connecting" | "token-not-kept";
  /** English. */
  message: string;
  /** The same sentence for a host to translate. */
  phrase?: Phrase;
}

export type Route =
  | { kind: "export" }
  | { kind: "credits" }
  | { kind: "state" }
  | { kind: "upload" }
  | { kind: "agent" };
