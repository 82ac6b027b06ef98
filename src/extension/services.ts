import type * as vscode from "vscode";
import type { NemoClientApi } from "../core/api";
import type { ExportRecords } from "../core/render/export-records";
import type { Logger } from "../core/support/logger";
import type { Credits } from "../core/types";

/**
 * Why the session changed: "new" — the person started a new one (New Session): the chat starts
 * over; "lost" — the service no longer had it (1002, e.g. after a restart) and a new one was
 * started: the chat keeps its history, the earlier part marked as belonging to the previous session.
 */
export type SessionChange = "new" | "lost";

/**
 * What the extension's pieces share. Built once in extension.ts at activation (no network work),
 * handed to every surface (commands, tree, status bar, chat view).
 */
export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly client: NemoClientApi;
  readonly logger: Logger;
  /** The one export record store of the workspace (survives reloads), written by every export path. */
  readonly exportRecords: ExportRecords;
  /** Ask the status bar / session tree to refresh after something changed credits or the session. */
  refresh(what: "credits" | "session" | "all"): void;
  /** The one place a fetched balance is announced: the status bar and the chat panel both show it. */
  publishCredits(credits: Credits): void;
  readonly onDidChangeCredits: vscode.Event<Credits>;
  /** Fires when the session was replaced: "new" (New Session command: the chat clears its history) or "lost" (1002: the chat keeps it). */
  readonly onDidChangeSession: vscode.Event<SessionChange>;
  /**
   * Something changed the workspace's one session (a generation, an edit, an export), from any
   * surface: ticks the walkthrough's step, and the chat says so in one line when it was not the chat.
   */
  recordActivity(activity: SessionActivity): void;
  readonly onDidRecordActivity: vscode.Event<SessionActivity>;
  /**
   * Files the product moved (the compare view's Keep puts the new version in the original's place;
   * Undo puts it back): the chat relinks the cards that showed them, so a card never says a file
   * was deleted that is only in another place. `undo`: the reverse of an earlier announcement.
   */
  announceMoves(moves: readonly FileMove[]): void;
  readonly onDidMoveFiles: vscode.Event<readonly FileMove[]>;
  /** Show a NemoError (or anything thrown) to the person: one sentence, a next step, a link button when there is one. */
  showError(err: unknown): Promise<void>;
}

/**
 * A file the product moved: absolute paths. `undo` marks the move back of an earlier one (Undo
 * Keep). `replaced`: not a move; the file at `from` (= `to`) now holds another picture (Keep put
 * the new version in the original's place), so what showed the old picture must say so.
 */
export interface FileMove {
  from: string;
  to: string;
  undo?: boolean;
  replaced?: boolean;
}

/** Which surface changed the session. */
export type ActivitySource = "chat" | "palette" | "selection" | "agent" | "tree" | "gallery" | "explorer";

/** One change to the workspace's session, as the walkthrough and the chat hear of it. */
export interface SessionActivity {
  source: ActivitySource;
  kind: "generated" | "edited" | "exported";
  /** The prompt or instruction (shortened when shown). */
  subject?: string;
  /** Absolute paths of the files it saved (images, clips, the MP4). */
  files: readonly string[];
  /** It finished after its caller stopped waiting (a job's detached watch saved it). */
  late?: boolean;
}
