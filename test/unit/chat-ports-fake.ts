/**
 * A ChatPorts for tests and the chat-page bench: a folder open, no dialogs, the credit question
 * answered yes, nothing opened or revealed. Pass only what a test looks at.
 */
import * as path from "node:path";
import type { NemoClientApi } from "../../src/core/api";
import type { ChatPorts } from "../../src/extension/chat/ports";

const notImplemented = (): never => {
  throw new Error("not scripted");
};

/** A client whose every call throws "not scripted" but the balance (80 of 100); pass what a test uses. */
export function fakeClient(over: Partial<NemoClientApi>): NemoClientApi {
  return {
    ensureToken: notImplemented,
    ensureSession: notImplemented,
    newSession: notImplemented,
    currentSession: notImplemented,
    setToken: notImplemented,
    tokenSource: notImplemented,
    credits: async () => ({ available: 80, frozen: 20, total: 100 }),
    state: notImplemented,
    claimLink: notImplemented,
    creditsLink: notImplemented,
    chat: notImplemented,
    generate: notImplemented,
    checkUploadFile: notImplemented,
    uploadFiles: notImplemented,
    uploadUrls: notImplemented,
    exportVideo: notImplemented,
    resumeExport: notImplemented,
    cancelExport: notImplemented,
    downloadMedia: notImplemented,
    ...over,
  };
}

export function fakeChatPorts(dir: string, overrides: Partial<ChatPorts> = {}): ChatPorts {
  return {
    post: () => undefined,
    previewUri: (p) => `webview:${p}`,
    outputFolder: async () => path.join(dir, "out"),
    hasFolder: () => true,
    saveAs: async () => undefined,
    confirmPaid: async () => true,
    announceSaved: () => undefined,
    trackUploads: (_sent, run) => run({ ids: [], progress: () => undefined, done: async () => undefined, failed: async () => undefined }),
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
