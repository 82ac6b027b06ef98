/**
 * What the gallery's buttons do, each through the product's existing rule: Open (the editor's
 * own viewer), Reveal (rules/output.ts revealSaved), Insert into Editor (editor-insert.ts:
 * markup, link and alt text), Copy Prompt, Re-run and Variations (the Generate Image command: the same
 * prompt, ratio and style, and the one cost question — N variations asked about once), Edit with
 * a Prompt (`imageGeneration.editImageWithPrompt`, another part of the product: when it is not
 * registered the action says so), and Delete (to the trash, after a modal question; where the window's file system has no trash,
 * a second question before deleting for good).
 */
import * as vscode from "vscode";
import type { GalleryItem } from "../../core/gallery";
import { MAX_VARIATIONS, MIN_VARIATIONS } from "../../core/shape";
import type { GalleryAction } from "../../shared/gallery-protocol";
import { guarded, openFile } from "../surface-helpers";
import type { ServicesContext } from "../contracts/services-context";
import { insertFileIntoEditor } from "../editor-insert";
import { revealSaved } from "../rules/output";

/** The command of "Edit Image with a Prompt…" (it takes the image's vscode.Uri). */
export const EDIT_COMMAND = "imageGeneration.editImageWithPrompt";
/** Rerun and Variations run Generate Image as a command (the gallery, a view, never imports a command's module). */
const GENERATE_COMMAND = "imageGeneration.generateImage";

/** Whether "Edit Image with a Prompt…" exists in this build. */
export async function editAvailable(): Promise<boolean> {
  return (await vscode.commands.getCommands(true)).includes(EDIT_COMMAND);
}

function needsPrompt(item: GalleryItem): string | undefined {
  if (item.prompt) return item.prompt;
  void vscode.window.showInformationMessage(vscode.l10n.t("{0} carries no prompt, so there is nothing to copy or run again.", item.name));
  return undefined;
}

/** The item's shape for the generate command (ratio and style as the file or the job said). */
const shapeOf = (item: GalleryItem): { ratio?: string; style?: string } => ({ ratio: item.ratio, style: item.style });

async function askVariations(item: GalleryItem): Promise<number | undefined> {
  const rows: (vscode.QuickPickItem & { n: number })[] = [];
  for (let n = MIN_VARIATIONS; n <= MAX_VARIATIONS; n++) rows.push({ label: vscode.l10n.t("Make {0} variations", n), description: vscode.l10n.t("one cost question for all {0}", n), n });
  const picked = await vscode.window.showQuickPick(rows, { title: vscode.l10n.t("Variations of {0}", item.name), placeHolder: item.prompt });
  return picked?.n;
}

async function deleteItem(item: GalleryItem): Promise<boolean> {
  const del = vscode.l10n.t("Move to Trash");
  const choice = await vscode.window.showWarningMessage(vscode.l10n.t("Delete {0}?", item.name), { modal: true, detail: vscode.l10n.t("The file goes to the trash; you can restore it from there.") }, del);
  if (choice !== del) return false;
  const uri = vscode.Uri.file(item.path);
  try {
    await vscode.workspace.fs.delete(uri, { useTrash: true });
    return true;
  } catch (err) {
    // A remote or web window's file system may have no trash (code-server says "provider does not
    // support it"): ask again, plainly, before deleting for good — as the Explorer does there.
    if (!/trash/i.test(err instanceof Error ? err.message : String(err))) throw err;
  }
  const forGood = vscode.l10n.t("Delete Permanently");
  const again = await vscode.window.showWarningMessage(vscode.l10n.t("{0} cannot go to the trash in this window. Delete it permanently?", item.name), { modal: true, detail: vscode.l10n.t("This cannot be undone.") }, forGood);
  if (again !== forGood) return false;
  await vscode.workspace.fs.delete(uri, { useTrash: false });
  return true;
}

/**
 * Runs one action on one item; resolves true when the file set changed (the view rescans).
 * Failures are shown through the one error presenter (a sentence and a next step).
 */
export async function runGalleryAction(ctx: ServicesContext, action: GalleryAction, item: GalleryItem): Promise<boolean> {
  const result = await guarded(ctx, async (): Promise<boolean> => {
    switch (action) {
      case "open":
        await openFile(ctx, item.path);
        return false;
      case "reveal":
        await revealSaved(ctx, item.path);
        return false;
      case "insert":
        await insertFileIntoEditor(item.path, item.prompt ?? "");
        return false;
      case "copyPrompt": {
        const prompt = needsPrompt(item);
        if (!prompt) return false;
        await vscode.env.clipboard.writeText(prompt);
        vscode.window.setStatusBarMessage(vscode.l10n.t("Copied the prompt of {0}.", item.name), 4000);
        return false;
      }
      case "rerun": {
        const prompt = needsPrompt(item);
        if (prompt) await vscode.commands.executeCommand(GENERATE_COMMAND, { prompt, shape: shapeOf(item), from: "gallery" });
        return false;
      }
      case "variations": {
        const prompt = needsPrompt(item);
        const n = prompt ? await askVariations(item) : undefined;
        if (prompt && n) await vscode.commands.executeCommand(GENERATE_COMMAND, { prompt, shape: { ...shapeOf(item), variations: n }, from: "gallery" });
        return false;
      }
      case "edit":
        if (!(await editAvailable())) {
          void vscode.window.showInformationMessage(vscode.l10n.t("Edit with a Prompt is not available in this version of the extension."));
          return false;
        }
        await vscode.commands.executeCommand(EDIT_COMMAND, vscode.Uri.file(item.path), { from: "gallery" });
        return false;
      case "delete":
        return deleteItem(item);
    }
  });
  return result === true;
}
