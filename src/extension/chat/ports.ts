/**
 * What the chat host logic needs from the editor, as a small port, so the logic itself stays
 * vscode-free (unit tests and the latency bench drive it without an editor).
 */
import type { ExportRecord } from "../../core/render/export-records";
import type { NemoClientApi } from "../../core/api";
import type { PhraseTranslator } from "../../core/errors";
import type { PaidAction } from "../../core/prompt/cost";
import type { SentUpload, UploadJobs } from "../../core/media/upload-records";
import type { JobRunner } from "../../core/jobs";
import type { Logger } from "../../core/support/logger";
import type { Credits, Route, SessionState, UploadResult } from "../../core/types";
import type { Translate } from "../../shared/strings";
import type { ChatHistoryStore } from "./history-store";

export interface ChatPorts {
  /** Post to the webview; a no-op until the webview said `ready`. */
  post(message: object): void;
  /** A webview URI for a local file (thumbnail cache), or undefined when it cannot be shown. */
  previewUri(fsPath: string): string | undefined;
  /**
   * Absolute path of the output folder by the one rule (rules/output.ts; may ask which folder in a
   * multi-root workspace); undefined when no folder is open. Throws CancelledError when the person
   * dismissed the folder question.
   */
  outputFolder(): Promise<string | undefined>;
  /** Whether a folder is open (else media stays in the chat until saved, and Save asks where). */
  hasFolder(): boolean;
  /** A save dialog for one file (no folder open); the chosen path, or undefined when cancelled. */
  saveAs(suggestedName: string): Promise<string | undefined>;
  /** The one confirmation before spending (rules/confirm.ts); true to go ahead. */
  confirmPaid(action: PaidAction): Promise<boolean>;
  /**
   * The export question before an export (rules/confirm.ts confirmExport): names what the MP4 will
   * contain, read with `loadState` only when the question is asked; true to go ahead.
   */
  confirmExport?(loadState: () => Promise<SessionState | undefined>): Promise<boolean>;
  /** The person's own styles (the `imageGeneration.styles` setting, unvalidated: the core's shape rule reads it). */
  customStyles?(): unknown;
  /** Give the keyboard back to the chat's input (after a modal question took it). */
  focusInput?(): void;
  /** The chat generated, changed or exported something in the session (ticks the walkthrough's step). */
  recordActivity?(kind: "generated" | "edited" | "exported", files: readonly string[]): void;
  /** "Saved to app/generated-media/x.png" with Reveal (rules/output.ts). */
  announceSaved(files: string[]): void;
  /**
   * Runs one upload call with its records on the workspace ledger from its start (uploading → done,
   * failed or cancelled; the Session view's Uploads node lists them), as UploadsStore.track does;
   * resolves or rejects as `run` does.
   */
  trackUploads<T extends Pick<UploadResult, "uploaded">>(sent: readonly SentUpload[], run: (jobs: UploadJobs) => Promise<T>): Promise<T>;
  /** Folder for preview copies of generated media. */
  cacheFolder(): string;
  /** The file picker; returns absolute paths (empty when cancelled). */
  pickFiles(extensions: readonly string[]): Promise<string[]>;
  /** A dropped URI (file:, vscode-remote:) as a local path, or undefined. */
  uriToPath(uri: string): string | undefined;
  openExternal(url: string): Promise<boolean>;
  openFile(fsPath: string): Promise<void>;
  /** Open a local file with the system's default app (a media file the controller checked). */
  openExternalFile(fsPath: string): Promise<boolean>;
  revealFile(fsPath: string): Promise<void>;
  refresh(what: "credits" | "session" | "all"): void;
  /** Announce a balance the chat fetched, so the status bar shows the same number. */
  publishCredits(credits: Credits): void;
  /** Insert a saved image's markup at the active editor's cursor; resolves to the text inserted. */
  insertIntoEditor?(fsPath: string, alt: string): Promise<string>;
}

export interface ChatDeps {
  client: NemoClientApi;
  logger: Logger;
  store: ChatHistoryStore;
  ports: ChatPorts;
  route: (text: string) => Route;
  now?: () => number;
  /** Words what the host shows in the chat (the provider passes the vscode.l10n table); English by default. */
  t?: Translate;
  /** Translates core sentences (errors); English by default. */
  phrases?: PhraseTranslator;
  /**
   * The workspace's job runner (its ledger is the one every surface shows): each paid chat turn is a
   * job of it, and replies the chat stopped waiting for follow their job's record (job-replies.ts).
   * Unset: a runner over a ledger in memory (tests that do not look at jobs).
   */
  jobs?: JobRunner;
  /** The export records (the job ledger's exports): export cards show what they say (export-cards.ts). */
  exports?: ExportRecordSource;
}

/** What the chat reads of the export records. */
export interface ExportRecordSource {
  list(): Promise<ExportRecord[]>;
  onDidChange(listener: () => void): { dispose(): void };
}
