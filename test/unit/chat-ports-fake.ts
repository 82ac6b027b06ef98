/**
 * A ChatPorts for tests and the chat-page bench: a folder open, no dialogs, the credit question
 * answered yes, nothing opened or revealed. Pass only what a test looks at.
 */
import * as path from "node:path";
import type { ChatPorts } from "../../src/extension/chat/ports";

export function fakeChatPorts(dir: string, overrides: Partial<ChatPorts> = {}): ChatPorts {
  return {
    post: () => undefined,
    previewUri: (p) => `webview:${p}`,
    outputFolder: async () => path.join(dir, "out"),
    hasFolder: () => true,
    saveAs: async () => undefined,
    confirmPaid: async () => true,
    announceSaved: () => undefined,
    recordUploads: () => undefined,
    cacheFolder: () => path.join(dir, "cache"),
    pickFiles: async () => [],
    uriToPath: () => undefined,
    openExternal: async () => true,
    openExternalFile: async () => true,
    openFile: async () => undefined,
    revealFile: async () => undefined,
    refresh: () => undefined,
    publishCredits: () => undefined,
    ...overrides,
  };
}
