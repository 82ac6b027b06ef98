/**
 * The sidebar chat panel: registers the webview view and its two commands
 * (imageGeneration.focusChat, imageGeneration.exportChatMarkdown). The panel itself (provider,
 * controller, protocol, history) is in the heavy bundle: it is loaded when the view is first
 * shown, a chat command runs, or the session or the balance changes.
 */
import * as vscode from "vscode";
import { registerCommand, registerWebviewViewProvider } from "../register";
import type { ChatView } from "../contracts/chat-view";
import { heavy } from "../lazy";
import type { JobRunner } from "../../core/jobs";
import type { RulesContext } from "../rules/context";
import type { Services } from "../services";
import type { UploadTracker } from "../contracts/upload-tracker";

/** The chat's host side for the test seam (test-seam.ts): created on first use, as the view does. */
let forTests: (() => ChatView) | undefined;

export function chatProviderForTests(): ChatView | undefined {
  return forTests?.();
}

/** Must match CHAT_VIEW_ID in provider.ts (kept here so activation does not load the provider). */
const CHAT_VIEW_ID = "imageGeneration.chat";

/** `jobs`: the workspace's job runner (its paid turns are jobs of it), loaded with the panel. */
export function registerChatView(services: Services, rules: RulesContext, uploads: UploadTracker, jobs: () => JobRunner): vscode.Disposable {
  let provider: ChatView | undefined;
  /** Created on first need; it subscribes to later events itself (an emitter does not deliver the current one to it). */
  const real = (): ChatView => (provider ??= new (heavy().ChatViewProvider)(services, rules, uploads, jobs()));
  forTests = real;
  return vscode.Disposable.from(
    { dispose: () => provider?.dispose() },
    registerWebviewViewProvider(CHAT_VIEW_ID, {
      resolveWebviewView: (view) => real().resolveWebviewView(view),
    }),
    services.onDidChangeSession((change) => {
      if (!provider) real().sessionChanged(change);
    }),
    services.onDidChangeCredits((credits) => {
      if (!provider) real().controller.setCredits(credits);
    }),
    services.onDidRecordActivity((a) => {
      // Created now, the provider hears the next ones itself; this one it is told here.
      if (!provider) real().announce(a);
    }),
    services.onDidMoveFiles((moves) => {
      // The chat's history links files even when the view was never opened in this window.
      if (!provider) real().relinkFiles(moves);
    }),
    registerCommand("imageGeneration.focusChat", () => real().focusInput()),
    // Internal (no palette entry): Show Prompt / Regenerate from this File put a prompt back into the chat.
    registerCommand("imageGeneration.prefillChat", (text?: unknown, shape?: unknown) =>
      typeof text === "string" ? real().prefill(text.slice(0, 100_000), shape) : undefined,
    ),
    registerCommand("imageGeneration.exportChatMarkdown", async () => {
      try {
        await real().controller.exportMarkdown();
      } catch (err) {
        await services.showError(err);
      }
    }),
  );
}
