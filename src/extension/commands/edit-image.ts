/**
 * "Edit Image with a Prompt…" (Explorer context menu and the image preview's title bar on png,
 * jpg, jpeg and webp files; the palette asks for a file; the gallery calls it with a file): the
 * file checked before anything is sent, the instruction, one cost question (rules/confirm.ts),
 * progress with Cancel, then the new version beside the original (core edit/) and the compare view.
 * The upload and the edit are jobs on the workspace's ledger (edit-job.ts).
 */
import * as path from "node:path";
import * as vscode from "vscode";
import { checkEditableImage, EDITABLE_EXTENSIONS, editFilterExtensions, prepareEdit } from "../../core/edit";
import { confirmPaid } from "../rules/confirm";
import type { CompareView } from "../contracts/compare-view";
import type { EditContext, EditImageArgs, EditImageResult } from "../contracts/edit-image";
import { guarded } from "../surface-helpers";
import { runEditJob } from "./edit-job";

/** The image the command is about: a Uri or a path (Explorer, gallery, other commands), else the active image preview's, else picked in a dialog. */
async function targetImage(target: unknown): Promise<vscode.Uri | undefined> {
  if (target instanceof vscode.Uri) return target;
  if (typeof target === "string" && target.trim()) return path.isAbsolute(target) ? vscode.Uri.file(target) : vscode.Uri.parse(target);
  const tab = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (tab instanceof vscode.TabInputCustom && EDITABLE_EXTENSIONS.includes(path.extname(tab.uri.fsPath).slice(1).toLowerCase())) return tab.uri;
  const extensions = editFilterExtensions();
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    openLabel: vscode.l10n.t("Edit"),
    title: vscode.l10n.t("Edit Image with a Prompt"),
    filters: { [vscode.l10n.t("Images")]: extensions },
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
  });
  return picked?.[0];
}

function askInstruction(name: string): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title: vscode.l10n.t("Edit {0} with a prompt", name),
    prompt: vscode.l10n.t("What should change? The result is saved beside the original as a new version."),
    placeHolder: vscode.l10n.t("e.g. make the sky pink, add a small red boat"),
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t("Say what to change in the picture.")),
  });
}

/** The command; resolves to the original and the new version, or undefined (refused, cancelled or failed: shown). */
export async function editImageWithPrompt(ctx: EditContext, compare: CompareView, target?: unknown, args?: EditImageArgs): Promise<EditImageResult | undefined> {
  return guarded(ctx, async () => {
    const file = await targetImage(target);
    if (!file) return undefined;
    const client = ctx.services.client;
    // The one media-type rule, before the instruction is asked for or a byte is sent.
    const image = await checkEditableImage(client, file.fsPath);
    const instruction = args?.instruction?.trim() || (await askInstruction(image.name))?.trim();
    if (!instruction) return undefined;
    if (args?.confirm !== false && !(await confirmPaid(ctx, { kind: "image-edit" }, { verb: vscode.l10n.t("Edit") }))) return undefined;
    const from = args?.from ?? (target === undefined ? "palette" : "explorer");
    const result = await runEditJob(ctx, await prepareEdit(client, image.path, instruction), from);
    ctx.services.refresh("all");
    if (!result) return undefined; // stopped waiting: the job saves the version when it arrives (announced then)
    ctx.services.recordActivity({ source: from, kind: "edited", subject: instruction, files: [result.file] });
    if (args?.compare !== false) await compare.open(vscode.Uri.file(result.source), vscode.Uri.file(result.file));
    return result;
  });
}
