/**
 * Batch commands: "Process Each with an Instruction…" on media files selected in the Explorer
 * (one instruction for all or one per file, the total cost confirmed once, then the Batch view),
 * and the Batch view's Cancel / Cancel All / Retry / Reveal / Clear Finished.
 */
import * as path from "node:path";
import * as vscode from "vscode";
import { InputError } from "../../core/errors";
import { confirmPaid } from "../rules/confirm";
import { resolveOutputFolder } from "../rules/output";
import type { BatchNode } from "../views/batch-tree";
import { guarded, reveal } from "../surface-helpers";
import type { BatchController } from "../batch/batch-controller";
import type { PaidContext } from "../contracts/services-context";

/** The services, the balance for the cost question, and the batch queue. */
export type BatchCommandsContext = PaidContext & { batch: Pick<BatchController, "add" | "cancel" | "cancelAll" | "clearFinished" | "get" | "list" | "retry"> };

export interface ProcessEachArgs {
  /** The same instruction for every file (skips the questions). */
  instruction?: string;
  /** One instruction per file, in order (skips the questions). */
  instructions?: string[];
  /** false skips the cost question. */
  confirm?: boolean;
}

function fileUris(uri?: unknown, uris?: unknown): vscode.Uri[] {
  const list = Array.isArray(uris) && uris.length > 0 ? uris : uri ? [uri] : [];
  return list.filter((u): u is vscode.Uri => u instanceof vscode.Uri && u.scheme === "file");
}

async function askOneInstruction(title: string, placeHolder: string): Promise<string | undefined> {
  const value = await vscode.window.showInputBox({
    title,
    prompt: placeHolder,
    placeHolder: vscode.l10n.t("e.g. add a title 'Summer 2026' and soft background music"),
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t("Write what the agent should do with the file.")),
  });
  return value?.trim() || undefined;
}

/** One instruction for all, or a step per file (Escape at any step cancels the whole batch). */
async function askInstructions(files: vscode.Uri[]): Promise<string[] | undefined> {
  let perFile = false;
  if (files.length > 1) {
    const same = { label: vscode.l10n.t("One instruction for all {0} files", files.length), perFile: false };
    const each = { label: vscode.l10n.t("A different instruction for each file"), perFile: true };
    const picked = await vscode.window.showQuickPick([same, each], { title: vscode.l10n.t("Process Each with an Instruction"), ignoreFocusOut: true });
    if (!picked) return undefined;
    perFile = picked.perFile;
  }
  if (!perFile) {
    const one = await askOneInstruction(vscode.l10n.t("Process Each with an Instruction"), vscode.l10n.t("What should the agent do with each file?"));
    return one ? files.map(() => one) : undefined;
  }
  const out: string[] = [];
  for (const [i, f] of files.entries()) {
    const title = vscode.l10n.t("Instruction {0}/{1}: {2}", i + 1, files.length, path.basename(f.fsPath));
    const one = await askOneInstruction(title, vscode.l10n.t("What should the agent do with {0}?", path.basename(f.fsPath)));
    if (!one) return undefined;
    out.push(one);
  }
  return out;
}

/** Explorer → "Process Each with an Instruction…". Resolves to the ids of the queued items. */
export async function processEach(ctx: BatchCommandsContext, uri?: unknown, uris?: unknown, args?: ProcessEachArgs): Promise<string[] | undefined> {
  return guarded(ctx, async () => {
    const files = fileUris(uri, uris);
    if (files.length === 0) {
      throw new InputError("BAD_INPUT", {
        userMessage: vscode.l10n.t("Select one or more media files in the Explorer first."),
        nextStep: vscode.l10n.t("Right-click the selection, then choose Process Each with an Instruction…"),
      });
    }
    for (const f of files) await ctx.services.client.checkUploadFile(f.fsPath); // refuse before asking anything
    const instructions =
      args?.instructions && args.instructions.length === files.length
        ? args.instructions
        : args?.instruction?.trim()
          ? files.map(() => (args.instruction as string).trim())
          : await askInstructions(files);
    if (!instructions) return undefined;
    const outDir = await resolveOutputFolder(ctx, { document: files[0] });
    if (!outDir) return undefined;
    if (args?.confirm !== false && !(await confirmPaid(ctx, { kind: "edit", count: files.length }, { verb: vscode.l10n.t("Start") }))) return undefined;
    const added = await ctx.batch.add(files.map((f, i) => ({ source: f.fsPath, instruction: instructions[i], outDir: outDir.fsPath })));
    // The Batch view shows collapsed with a badge (views/batch-tree.ts): opening it here would take
    // the chat's space and undo the sizes the person gave the views.
    return added.map((i) => i.id);
  });
}

const idOf = (node?: BatchNode | string): string | undefined => (typeof node === "string" ? node : node?.id);

export async function cancelBatchItem(ctx: BatchCommandsContext, node?: BatchNode | string): Promise<void> {
  const id = idOf(node);
  if (id) await ctx.batch.cancel(id);
}

export async function cancelBatch(ctx: BatchCommandsContext): Promise<void> {
  await ctx.batch.cancelAll();
}

/** Retry one failed, cancelled or rate-limited item, or every failed and rate-limited one. */
export async function retryBatch(ctx: BatchCommandsContext, node?: BatchNode | string): Promise<number> {
  const id = idOf(node);
  return ctx.batch.retry(id ? [id] : ctx.batch.list().filter((i) => i.state === "failed" || i.state === "rate-limited").map((i) => i.id));
}

export async function revealBatchItem(ctx: BatchCommandsContext, node?: BatchNode | string): Promise<void> {
  const item = ctx.batch.get(idOf(node) ?? "");
  if (item?.output) await reveal(ctx, item.output);
}

export async function clearFinishedBatch(ctx: BatchCommandsContext): Promise<void> {
  await ctx.batch.clearFinished();
}
