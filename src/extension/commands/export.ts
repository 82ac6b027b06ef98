/**
 * Export commands: Export Timeline (palette and Session tree), resume of an export an earlier
 * window left unfinished (at activation, or "Resume Export" on a tree item), Reveal Export.
 */
import * as path from "node:path";
import * as vscode from "vscode";
import type { ExportRecord } from "../../core/export-records";
import type { ExportProgress, ExportResult } from "../../core/types";
import type { SessionNode } from "../views/session-tree";
import { guarded, openFile, requireOutputFolder, reveal, cancellableProgress, type CommandContext } from "./common";

export interface ExportArgs {
  /** false: no "Open / Reveal" notification afterwards (tests). */
  notify?: boolean;
  /** Which surface ran the command (the Session tree's button passes "tree"). */
  source?: "palette" | "tree";
}

function stageMessage(p: ExportProgress): string {
  switch (p.stage) {
    case "precheck":
      return vscode.l10n.t("Checking the timeline…");
    case "submitting":
      return vscode.l10n.t("Starting the render…");
    case "rendering":
      if (p.percent !== undefined) return vscode.l10n.t("Rendering {0} %", Math.round(p.percent));
      return p.status === "pending" ? vscode.l10n.t("Waiting for the renderer… (usually 30–90 seconds)") : vscode.l10n.t("Rendering… (usually 30–90 seconds)");
    case "downloading":
      return p.percent !== undefined ? vscode.l10n.t("Downloading the MP4 {0} %", Math.round(p.percent)) : vscode.l10n.t("Downloading the MP4…");
    case "done":
      return vscode.l10n.t("Done");
  }
}

/** "0:41": minutes and seconds since `startMs`. */
function elapsedText(startMs: number): string {
  const s = Math.max(0, Math.floor((Date.now() - startMs) / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

/**
 * Runs `work` with a progress reporter that turns percentages into increments. The service is
 * polled every 30 s (NEMO_API.md), so while it renders the message also counts the time
 * ("Rendering 12 % · 0:41"), once a second, and a person sees it is alive between polls.
 */
async function withReporter<T>(progress: vscode.Progress<{ message?: string; increment?: number }>, work: (report: (p: ExportProgress) => void) => Promise<T>): Promise<T> {
  let last = 0;
  let current: ExportProgress | undefined;
  const started = Date.now();
  const show = (increment: number): void => {
    if (!current) return;
    const message = current.stage === "rendering" ? `${stageMessage(current)} · ${elapsedText(started)}` : stageMessage(current);
    progress.report({ message, increment });
  };
  const ticker = setInterval(() => current?.stage === "rendering" && show(0), 1_000);
  try {
    return await work((p) => {
      const pct = p.stage === "rendering" && p.percent !== undefined ? Math.min(90, Math.round(p.percent * 0.9)) : p.stage === "downloading" ? 90 : p.stage === "done" ? 100 : last;
      current = p;
      show(Math.max(0, pct - last));
      last = Math.max(last, pct);
    });
  } finally {
    clearInterval(ticker);
  }
}

export async function exportTimeline(ctx: CommandContext, args?: ExportArgs): Promise<ExportResult | undefined> {
  return guarded(ctx, async () => {
    const outDir = await requireOutputFolder(ctx);
    const result = await cancellableProgress(ctx, vscode.l10n.t("Exporting MP4"), (progress, token) =>
      withReporter(progress, (report) => ctx.exports.start(outDir.fsPath, token, { report }, args?.source ?? "palette")),
    );
    await finished(ctx, result, args?.notify !== false);
    return result;
  });
}

/** Resume a render left pending by an earlier window (no network unless one is pending). */
export async function resumePendingExport(ctx: CommandContext, args?: ExportArgs): Promise<ExportResult | undefined> {
  const pending = await ctx.exports.pending();
  if (!pending) return undefined;
  return resumeRecord(ctx, pending, args);
}

/** Tree context "Resume Export" on an interrupted export, or one whose file could not be saved or was deleted. */
export async function resumeExport(ctx: CommandContext, node?: SessionNode, args?: ExportArgs): Promise<ExportResult | undefined> {
  const rec = node?.type === "export" ? node.record : await ctx.exports.pending();
  if (!rec?.renderId) {
    void vscode.window.showInformationMessage(vscode.l10n.t("No export to resume."));
    return undefined;
  }
  return resumeRecord(ctx, rec, args);
}

async function resumeRecord(ctx: CommandContext, rec: ExportRecord, args?: ExportArgs): Promise<ExportResult | undefined> {
  ctx.services.logger.info(`Resuming export ${rec.renderId ?? rec.id}.`);
  return guarded(ctx, async () => {
    const result = await cancellableProgress(ctx, vscode.l10n.t("Resuming the export started earlier"), (progress, token) =>
      withReporter(progress, (report) => ctx.exports.resume(rec, token, { report })),
    );
    await finished(ctx, result, args?.notify !== false);
    return result;
  });
}

/** The export is saved: the views refresh and a notification offers Open / Reveal (the sidebar is left as it is). */
async function finished(ctx: CommandContext, result: ExportResult, notify: boolean): Promise<void> {
  ctx.services.refresh("all");
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
  const rec = node?.type === "export" ? node.record : (await ctx.services.exportRecords.list()).find((r) => r.state === "done");
  if (!rec?.filePath) {
    void vscode.window.showInformationMessage(vscode.l10n.t("No finished export to reveal yet."));
    return;
  }
  await reveal(ctx, rec.filePath);
}
