import * as vscode from "vscode";
import { registerCommand } from "../register";
import { openInBrowser, setToken, showCredits, signOut, type AccountContext } from "./account";
import { exportTimeline, resumeExport, revealExport, type ExportContext } from "./export";
import { generateImage, type GenerateContext } from "./generate";
import { regenerateFromFile, showFilePrompt } from "./file-prompt";
import { copyTimelineSummary, downloadMedia, newSession, refreshSession, type SessionCommandsContext } from "./session";
import { uploadFiles, uploadUrl, type UploadContext } from "./upload";
import { cancelBatch, cancelBatchItem, clearFinishedBatch, processEach, type BatchCommandsContext, type ProcessEachArgs, retryBatch, revealBatchItem } from "./batch";
import { generateFromSelection, insertMediaIntoEditor, type InsertContext, type SelectionArgs } from "./insert-image";

/** What the palette's commands need together: each command module declares its own part. */
export type CommandsContext = AccountContext & SessionCommandsContext & GenerateContext & InsertContext & ExportContext & UploadContext & BatchCommandsContext;

/**
 * Every command of the extension (except the chat panel's). Commands take optional arguments so
 * tests and other surfaces can skip the input boxes, and return what they did.
 */
export function registerCommands(ctx: CommandsContext): vscode.Disposable[] {
  const reg = (id: string, fn: (...args: never[]) => unknown): vscode.Disposable =>
    registerCommand(`imageGeneration.${id}`, fn);
  return [
    reg("setToken", (token?: string) => setToken(ctx, token)),
    reg("signOut", () => signOut(ctx)),
    reg("showLog", () => ctx.services.logger.show()),
    reg("newSession", (args?: { confirm?: boolean }) => newSession(ctx, args)),
    reg("generateImage", (args?: { prompt?: string; confirm?: boolean; open?: boolean }) => generateImage(ctx, args)),
    reg("uploadFiles", (uri?: unknown, uris?: unknown) => uploadFiles(ctx, uri, uris)),
    reg("uploadUrl", (url?: string) => uploadUrl(ctx, typeof url === "string" ? url : undefined)),
    reg("exportTimeline", (args?: { notify?: boolean; source?: "palette" | "tree" }) => exportTimeline(ctx, args)),
    reg("resumeExport", (node?: never, args?: { notify?: boolean }) => resumeExport(ctx, node, args)),
    reg("showCredits", (args?: { notify?: boolean }) => showCredits(ctx, args)),
    reg("refreshSession", () => refreshSession(ctx)),
    reg("openInBrowser", (args?: { open?: boolean }) => openInBrowser(ctx, args)),
    reg("copyTimelineSummary", () => copyTimelineSummary(ctx)),
    reg("downloadMedia", (node?: never) => downloadMedia(ctx, node)),
    reg("revealExport", (node?: never) => revealExport(ctx, node)),
    reg("generateFromSelection", (args?: SelectionArgs) => generateFromSelection(ctx, args)),
    reg("insertIntoEditor", (node?: never) => insertMediaIntoEditor(ctx, node)),
    reg("showFilePrompt", (uri?: unknown) => showFilePrompt(ctx, uri)),
    reg("regenerateFromFile", (uri?: unknown, _uris?: unknown, args?: { where?: "palette" | "chat" }) => regenerateFromFile(ctx, uri, args)),
    reg("processEach", (uri?: unknown, uris?: unknown, args?: ProcessEachArgs) => processEach(ctx, uri, uris, args)),
    reg("batch.cancel", (node?: never) => cancelBatchItem(ctx, node)),
    reg("batch.cancelAll", () => cancelBatch(ctx)),
    reg("batch.retry", (node?: never) => retryBatch(ctx, node)),
    reg("batch.retryFailed", () => retryBatch(ctx)),
    reg("batch.reveal", (node?: never) => revealBatchItem(ctx, node)),
    reg("batch.clearFinished", () => clearFinishedBatch(ctx)),
  ];
}
