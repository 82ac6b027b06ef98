/**
 * The edge between the editor's CancellationToken and the core's AbortSignal for the agent
 * surfaces: cancelling the token aborts with a CancelledError, and the subscription is disposed
 * when the work ends.
 */
import type * as vscode from "vscode";
import { CancelledError } from "../../core/errors";

export interface TokenSignal extends vscode.Disposable {
  readonly signal: AbortSignal;
}

export function tokenSignal(token: vscode.CancellationToken | undefined): TokenSignal {
  const controller = new AbortController();
  if (token?.isCancellationRequested) controller.abort(new CancelledError());
  const sub = token?.onCancellationRequested(() => controller.abort(new CancelledError()));
  return { signal: controller.signal, dispose: () => sub?.dispose() };
}
