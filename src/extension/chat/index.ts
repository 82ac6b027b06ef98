/**
 * The sidebar chat panel: registers the webview view and its two commands
 * (imageGeneration.focusChat, imageGeneration.exportChatMarkdown).
 */
import * as vscode from "vscode";
import type { RulesContext } from "../rules/context";
import type { Services } from "../services";
import type { UploadsStore } from "../uploads-store";
import { CHAT_VIEW_ID, ChatViewProvider } from "./provider";

export function registerChatView(services: Services, rules: RulesContext, uploads: UploadsStore): vscode.Disposable {
  const provider = new ChatViewProvider(services, rules, uploads);
  return vscode.Disposable.from(
    provider,
    vscode.window.registerWebviewViewProvider(CHAT_VIEW_ID, provider),
    vscode.commands.registerCommand("imageGeneration.focusChat", () => provider.focusInput()),
    vscode.commands.registerCommand("imageGeneration.exportChatMarkdown", async () => {
      try {
        await provider.controller.exportMarkdown();
      } catch (err) {
        await services.showError(err);
      }
    }),
  );
}
