/**
 * What every command and view does around its work: the output folder or a clear error, errors
 * shown once (guarded), a progress notification with Cancel, and opening or revealing a saved file.
 */
import * as vscode from "vscode";
import { CancelledError } from "../core/errors";
import { resolveOutputFolder } from "./rules/output";
import type { ServicesContext } from "./contracts/services-context";

/**
 * The output folder by the one rule (rules/output.ts); throws the NO_FOLDER error ("Open Folder…")
 * without a folder, and CancelledError when the person dismissed the folder question.
 */
export async function requireOutputFolder(ctx: ServicesContext): Promise<vscode.Uri> {
  const dir = await resolveOutputFolder(ctx);
  if (!dir) throw new CancelledError();
  return dir;
}

/** Run an editor command on a file; a failure is only logged ("<command> failed: …"). */
async function onFile(ctx: ServicesContext, command: string, file: string, ...rest: unknown[]): Promise<void> {
  try {
    await vscode.commands.executeCommand(command, vscode.Uri.file(file), ...rest);
  } catch (err) {
    ctx.services.logger.debug(`${command} failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Show a file in the Explorer; failures (file outside the workspace) are only logged. */
export function reveal(ctx: ServicesContext, file: string): Promise<void> {
  return onFile(ctx, "revealInExplorer", file);
}

/** Open a file in a preview editor; failures are only logged. */
export function openFile(ctx: ServicesContext, file: string): Promise<void> {
  return onFile(ctx, "vscode.open", file, { preview: true, preserveFocus: false });
}

/** Run a command body; anything thrown goes to showError and the command resolves to undefined. */
export async function guarded<T>(ctx: ServicesContext, body: () => Promise<T>): Promise<T | undefined> {
  try {
    return await body();
  } catch (err) {
    await ctx.services.showError(err);
    return undefined;
  }
}

/** An AbortController tied to a progress notification's cancellation token. */
export function abortOn(token: vscode.CancellationToken): AbortController {
  const controller = new AbortController();
  if (token.isCancellationRequested) controller.abort();
  token.onCancellationRequested(() => controller.abort());
  return controller;
}

type ProgressReport = vscode.Progress<{ message?: string; increment?: number }>;

/** A notification with a Cancel button; the token also fires on services.cancelAll(). */
export function cancellableProgress<T>(
  ctx: ServicesContext,
  title: string,
  task: (progress: ProgressReport, token: vscode.CancellationToken) => Promise<T>,
): Promise<T> {
  return Promise.resolve(
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
      const source = new vscode.CancellationTokenSource();
      const subs = [token.onCancellationRequested(() => source.cancel()), ctx.services.onDidCancelAll(() => source.cancel())];
      if (token.isCancellationRequested) source.cancel();
      try {
        return await task(progress, source.token);
      } finally {
        subs.forEach((d) => d.dispose());
        source.dispose();
      }
    }),
  );
}
