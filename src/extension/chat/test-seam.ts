/**
 * The chat panel's host side for the in-editor tests (test seam op "chat"), as the webview drives
 * it: `send` / `retry` (the requests the panel sends, validated the same way), `messages` (the
 * history), `busy` (a request still runs), `reloadHistory` (what a window reload reads: the history file, flushed, then loaded
 * by a new store). Only reachable when the test seam is registered (NEMO_TEST_MODE).
 */
import { silentLogger } from "../../core/support/logger";
import { parseRequest, type AnyRequest } from "../../shared/protocol";
import { ChatHistoryStore } from "./history-store";
import type { ChatView } from "../contracts/chat-view";
import { ChatViewProvider } from "./provider";

function request(method: string, params: unknown): AnyRequest {
  const parsed = parseRequest({ type: "request", id: 1, method, params });
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.value;
}

export async function chatTestSeam(view: ChatView, arg: unknown): Promise<unknown> {
  if (!(view instanceof ChatViewProvider)) throw new Error("the chat seam needs the chat's ChatViewProvider");
  const provider = view;
  const a = (arg ?? {}) as { op?: string; text?: string; messageId?: string };
  await provider.whenLoaded();
  switch (a.op) {
    case "send":
      return provider.controller.handle(request("send", { text: a.text ?? "", attachmentIds: [] }));
    case "retry":
      return provider.controller.handle(request("retry", { messageId: a.messageId ?? "" }));
    case "messages":
      return provider.store.messages();
    case "busy": // a request (with its follow-ups) is still running
      return provider.controller.busy;
    case "reloadHistory": {
      await provider.store.flush();
      return new ChatHistoryStore(provider.store.file, { logger: silentLogger }).load();
    }
    default:
      throw new Error(`unknown chat op ${a.op}`);
  }
}
