// Placeholder until the chat view lands (owned by the chat-panel engineer): replaced wholesale.
import * as vscode from "vscode";
import type { Services } from "../services";

export function registerChatView(_services: Services): vscode.Disposable {
  return new vscode.Disposable(() => undefined);
}
