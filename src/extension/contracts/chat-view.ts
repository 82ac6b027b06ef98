/**
 * The sidebar chat as activation drives it (chat/index.ts), before and after its bundle loaded:
 * chat/provider.ts ChatViewProvider implements it.
 */
import type * as vscode from "vscode";
import type { Credits } from "../../core/types";
import type { FileMove, SessionActivity, SessionChange } from "../services";

export interface ChatView extends vscode.WebviewViewProvider, vscode.Disposable {
  resolveWebviewView(view: vscode.WebviewView): void;
  /** The session was replaced ("new": the chat starts over; "lost": it keeps its history). */
  sessionChanged(change: SessionChange): void;
  /** Another surface changed the session: the chat says so in one line. */
  announce(activity: SessionActivity): void;
  /** Files the product moved: the cards that showed them link the new place. */
  relinkFiles(moves: readonly FileMove[]): void;
  /** Put the cursor in the chat's input. */
  focusInput(): Promise<void>;
  /** Put a prompt (and its shape) into the input (Show Prompt, Regenerate from this File). */
  prefill(text: string, rawShape?: unknown): Promise<void>;
  readonly controller: {
    /** The balance the panel shows. */
    setCredits(credits: Credits): void;
    /** Export Chat as Markdown: resolves to the saved file's path. */
    exportMarkdown(): Promise<string>;
  };
}
