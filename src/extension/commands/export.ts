import * as path from "node:path";
import * as vscode from "vscode";
import type { ExportProgress, ExportResult } from "../../core/types";
import type { PendingRender } from "../exportRunner";
import type { SessionNode } from "../views/sessionTree";
import { guarded, openFile, requireOutputFolder, reveal, cancellableProgress, type CommandContext } from "./common";

export interface ExportArgs {
  /** false: no "Open / Reveal" notification afterwards (tests). */
  notify?: boolean;
}

function stageMessage(p: ExportProgress): string {
  switch (p.stage) {
    case "precheck":
      return vscode.l10n.t("Checking the timeline…");
    case "submitting":
      return vscode.l10n.t("Starting the render…");
    case "rendering":
      return p.percent !== undefined ? vscode.l10n.t("Rendering… {0}%", p.percent) : vscode.l10n.t("Rendering… (usually 30–90 seconds)");
    case "downloading":
      return p.percent !== undefined ? vscode.l10n.t("Downloading the MP4… {0}%", p.percent) : vscode.l10n.t("Downloading the MP4…");
    case "done":
      return vscode.l10n.t("Done");
  }
}

/** A progress reporter that turns percentages into increments. */
function reporter(progress: vscode.Progress<{ message?: string; increment?: number }>): (p: ExportProgress) => void {
  let last = 0;
  return (p) => {
    const pct = p.stage === "rendering" && p.percent !== undefined ? Math.min(90, Math.round(p.percent * 0.9)) : p.stage === "downloading" ? 90 : p.stage === "done" ? 100 : last;
    progress.report({ message: stageMessage(p), increment: Math.max(0, pct - last) });
    last = Math.max(last, pct);
  };
}

export async function exportTimeline(ctx: CommandContext, args?: ExportArgs): Promise<ExportResult | undefined> {
  return guarded(ctx, async () => {
    const outDir = await requireOutputFolder(ctx);
    const result = await cancellableProgress(ctx, vscode.l10n.t("Exporting MP4"), (progress, token) =>
      ctx.exports.start(outDir.fsPath, token, reporter(progress)),
    );
    await finished(ctx, result, args?.notify !== false);
    return result;
  });
}

/** Resume a render left pending by an earlier window (no network unless one is pending). */
export async function resumePendingExport(ctx: CommandContext, args?: ExportArgs): Promise<ExportResult | undefined> {
  const pending: PendingRender | undefined = await ctx.exports.pending();
  if (!pending) return undefined;
  ctx.services.logger.info(`Resuming export ${pending.renderId}.`);
  return guarded(ctx, async () => {
    const result = await cancellableProgress(ctx, vscode.l10n.t("Resuming the export started earlier"), (progress, token) =>
      ctx.exports.resume(pending, token, reporter(progress)),
    );
    await finished(ctx, result, args?.notify !== false);
    return result;
  });
}

async function finished(ctx: CommandContext, result: ExportResult, notify: boolean): Promise<void> {
  ctx.services.refresh("all");
  await reveal(ctx, result.filePath);
  if (!notify) return;
  const open = vscode.l10n.t("Open");
  const revealLabel = vscode.l10n.t("Reveal in Explorer");
  const browser = vscode.l10n.t("Open in Browser");
  void vscode.window
    .showInformationMessage(vscode.l10n.t("Exported {0}.", path.basename(result.filePath)), open, revealLabel, browser)
    .then(async (picked) => {
      if (picked === open) await openFile(ctx, result.filePath);
      else if (picked === revealLabel) await reveal(ctx, result.filePath);
      else if (picked === browser) await vscode.commands.executeCommand("imageGeneration.openInBrowser");
    });
}

/** Tree context on a finished export: show it in the Explorer. */
export async function revealExport(ctx: CommandContext, node?: SessionNode): Promise<void> {
  const rec = node?.type === "export" ? node.record : ctx.model.exports.find((r) => r.state === "done");
  if (!rec?.filePath) {
    void vscode.window.showInformationMessage(vscode.l10n.t("No finished export to reveal yet."));
    return;
  }
  await reveal(ctx, rec.filePath);
}
