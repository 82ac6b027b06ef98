/**
 * "Show Prompt" and "Regenerate from this File" on an image (Explorer context menu, the image
 * preview's title bar): the record the file carries (core provenance/read.ts) shown, and its
 * prompt, ratio and style brought back into the palette (pre-filled, to change or accept) or the
 * chat (in the input and the shape picker, to send).
 */
import * as path from "node:path";
import * as vscode from "vscode";
import type { ReadRecord } from "../../core/provenance";
import { findStyle, parseAspectRatio } from "../../core/shape";
import { heavy } from "../lazy";
import { guarded } from "../surface-helpers";
import { generateImage, type GenerateContext } from "./generate";
import { customStyles } from "./shape-pick";

/** The image the command is about: the Explorer's item, else the active image preview's. */
function targetFile(uri?: unknown): vscode.Uri | undefined {
  if (uri instanceof vscode.Uri) return uri;
  const tab = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (tab instanceof vscode.TabInputCustom || tab instanceof vscode.TabInputText) return tab.uri;
  return undefined;
}

/** The file's record; the extension host reads the workspace's files through their fsPath (local and remote hosts alike). */
function recordOf(uri: vscode.Uri): Promise<ReadRecord> {
  return heavy().readProvenance(uri.fsPath);
}

function noPrompt(uri: vscode.Uri, rec: ReadRecord): void {
  const name = path.basename(uri.fsPath);
  void vscode.window.showInformationMessage(
    rec.aiGenerated
      ? vscode.l10n.t("{0} says it was AI-generated ({1}) but carries no prompt: it was saved with prompts turned off (imageGeneration.embedPromptInFiles).", name, [rec.product, rec.productVersion].filter(Boolean).join(" ") || vscode.l10n.t("unknown product"))
      : vscode.l10n.t("{0} carries no prompt.", name),
  );
}

/** The file's shape as the chat and the palette take it (values not on offer dropped). */
function shapeOf(rec: ReadRecord): { ratio?: string; style?: string } {
  return { ratio: parseAspectRatio(rec.ratio), style: findStyle(rec.style, customStyles())?.id };
}

export interface ShowPromptResult {
  record: ReadRecord;
  choice?: string;
}

/** "Show Prompt": the prompt and settings in a dialog, with Regenerate (palette), Open in Chat and Copy Prompt. */
export async function showFilePrompt(ctx: GenerateContext, uri?: unknown): Promise<ShowPromptResult | undefined> {
  return guarded(ctx, async () => {
    const file = targetFile(uri);
    if (!file) {
      void vscode.window.showInformationMessage(vscode.l10n.t("Select an image in the Explorer or open one, then try again."));
      return undefined;
    }
    const record = await recordOf(file);
    if (!record.prompt) {
      noPrompt(file, record);
      return { record };
    }
    const lines = [
      vscode.l10n.t("Prompt: {0}", record.prompt),
      record.ratio ? vscode.l10n.t("Aspect ratio: {0}", record.ratio) : undefined,
      record.style ? vscode.l10n.t("Style: {0}", record.style) : undefined,
      record.createdAt ? vscode.l10n.t("Made: {0}", new Date(record.createdAt).toLocaleString(vscode.env.language)) : undefined,
      record.product ? vscode.l10n.t("With: {0}", [record.product, record.productVersion].filter(Boolean).join(" ")) : undefined,
      record.aiGenerated ? vscode.l10n.t("Marked as AI-generated (IPTC trainedAlgorithmicMedia).") : undefined,
    ].filter((l): l is string => !!l);
    const regenerate = vscode.l10n.t("Regenerate…");
    const inChat = vscode.l10n.t("Open in Chat");
    const copy = vscode.l10n.t("Copy Prompt");
    const choice = await vscode.window.showInformationMessage(path.basename(file.fsPath), { modal: true, detail: lines.join("\n") }, regenerate, inChat, copy);
    if (choice === regenerate) await regenerateInPalette(ctx, record);
    else if (choice === inChat) await vscode.commands.executeCommand("imageGeneration.prefillChat", record.prompt, shapeOf(record));
    else if (choice === copy) await vscode.env.clipboard.writeText(record.prompt);
    return { record, choice };
  });
}

function regenerateInPalette(ctx: GenerateContext, record: ReadRecord): Promise<unknown> {
  return generateImage(ctx, { initialPrompt: record.prompt, shape: shapeOf(record) });
}

/** "Regenerate from this File": the palette opens with the file's prompt, then its ratio and style, for the person to change or accept. */
export async function regenerateFromFile(ctx: GenerateContext, uri?: unknown, args?: { where?: "palette" | "chat" }): Promise<unknown> {
  return guarded(ctx, async () => {
    const file = targetFile(uri);
    if (!file) {
      void vscode.window.showInformationMessage(vscode.l10n.t("Select an image in the Explorer or open one, then try again."));
      return undefined;
    }
    const record = await recordOf(file);
    if (!record.prompt) {
      noPrompt(file, record);
      return undefined;
    }
    if (args?.where === "chat") return vscode.commands.executeCommand("imageGeneration.prefillChat", record.prompt, shapeOf(record));
    return regenerateInPalette(ctx, record);
  });
}
