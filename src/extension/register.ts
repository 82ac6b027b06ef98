/**
 * How the surfaces register commands and views: behind the forwarders activation already
 * registered (shell/, through its ShellHandles), or with VS Code directly for anything it did not
 * register, and when there is no shell (tests that build the surfaces from source).
 * surfaces.ts calls `useShell` before anything registers.
 */
import * as vscode from "vscode";
import type { ShellHandles } from "./contracts/shell";

let shell: ShellHandles | undefined;

export function useShell(handles: ShellHandles | undefined): void {
  shell = handles;
}

export function registerCommand(id: string, handler: (...args: never[]) => unknown): vscode.Disposable {
  const fn = handler as (...args: unknown[]) => unknown;
  return shell?.setCommand(id, fn) ?? vscode.commands.registerCommand(id, fn);
}

export function registerWebviewViewProvider(id: string, provider: vscode.WebviewViewProvider): vscode.Disposable {
  return shell?.setWebviewView(id, provider) ?? vscode.window.registerWebviewViewProvider(id, provider);
}

/** The view backed by `provider`; `options` apply only when there is no shell (it made the view with the same ones). */
export function createTreeView<T>(id: string, provider: vscode.TreeDataProvider<T>, options: Omit<vscode.TreeViewOptions<T>, "treeDataProvider"> = {}): vscode.TreeView<T> {
  return shell?.connectTreeView(id, provider) ?? vscode.window.createTreeView(id, { ...options, treeDataProvider: provider });
}
