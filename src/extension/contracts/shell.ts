/**
 * What activation (the shell, src/extension/shell/, bundled alone as dist/extension.js) hands the
 * rest of the extension (surfaces.ts, dist/surfaces.js) when it loads on first use. Activation
 * registers every command, view and status bar item the person can reach at once, as forwarders;
 * the surfaces put their real handlers behind them through these (src/extension/register.ts).
 */
import type * as vscode from "vscode";
import type { ChannelLogger } from "../logger";
import type { AgentContext } from "./agent-surface";

export interface ShellHandles {
  /**
   * The handler behind an id activation registered (every contributed command and the internal
   * ones it lists); `undefined` for any other id (register it with VS Code directly).
   */
  setCommand(id: string, handler: (...args: unknown[]) => unknown): vscode.Disposable | undefined;
  /** The provider behind a webview view activation registered; `undefined` for any other view id. */
  setWebviewView(id: string, provider: vscode.WebviewViewProvider): vscode.Disposable | undefined;
  /**
   * The tree view activation created for `id` (it already shows), now backed by `provider`;
   * `undefined` for any other view id.
   */
  connectTreeView<T>(id: string, provider: vscode.TreeDataProvider<T>): vscode.TreeView<T> | undefined;
  /** The extension's one log, made at activation. */
  readonly logger: ChannelLogger;
  /** The credits item activation created and showed with the last known balance. */
  readonly creditsItem: vscode.StatusBarItem;
  /** Whether activate() itself loaded dist/client.js or dist/surfaces.js (it must not); undefined before it returned. */
  loadedByActivation(): { client: boolean; surfaces: boolean } | undefined;
  /** Ids activation registered that have no handler yet (none once the surfaces loaded: test seam). */
  unhandledCommands(): string[];
}

/** What the surfaces give back to activation once loaded. */
export interface Surfaces {
  /** The agent surfaces' context (the language model tools, `@imagegen`). */
  readonly agentContext: AgentContext;
}
