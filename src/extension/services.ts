import type * as vscode from "vscode";
import type { NemoClientApi } from "../core/api";
import type { Logger } from "../core/logger";
import type { Credits } from "../core/types";

/**
 * What the extension's pieces share. Built once in extension.ts at activation (no network work),
 * handed to every surface (commands, tree, status bar, chat view).
 */
export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly client: NemoClientApi;
  readonly logger: Logger;
  /** Ask the status bar / session tree to refresh after something changed credits or the session. */
  refresh(what: "credits" | "session" | "all"): void;
  /** The one place a fetched balance is announced: the status bar and the chat panel both show it. */
  publishCredits(credits: Credits): void;
  readonly onDidChangeCredits: vscode.Event<Credits>;
  /** Fires when the session was replaced (New Session command, or 1002). The chat clears its history. */
  readonly onDidChangeSession: vscode.Event<void>;
  /** Show a NemoError (or anything thrown) to the person: one sentence, a next step, a link button when there is one. */
  showError(err: unknown): Promise<void>;
}
