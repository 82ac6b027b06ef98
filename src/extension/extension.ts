/**
 * The extension's entry (dist/extension.js): activation registers what a person can reach and loads
 * nothing else (shell/); the surfaces load on first use (surfaces.ts, dist/surfaces.js).
 */
import type * as vscode from "vscode";
import { activateShell } from "./shell";

export function activate(context: vscode.ExtensionContext): void {
  activateShell(context);
}

export function deactivate(): void {
  // Everything is in context.subscriptions; a running export keeps its pending id for the next window.
}
