/**
 * Export commands: Export Timeline (palette and Session tree), resume of an export an earlier
 * window left unfinished (at activation, or "Resume Export" on a tree item), Reveal Export.
 */
import * as path from "node:path";
import * as vscode from "vscode";
import type { ExportRecord } from "../../core/render/export-records";
import { elapsedClock, RenderProgress, type RenderEstimate } from "../../core/render/estimate";
import type { ExportProgress, ExportResult } from "../../core/types";
import { confirmExport } from "../rules/confirm";
import type { ActivitySource } from "../services";
import type { SessionNode } from "../views/session-node";
import { guarded, openFile, requireOutputFolder, reveal, cancellableProgress } from "../surface-helpers";
import type { ExportJobs } from "../contracts/export-jobs";
import type { PaidContext } from "../contracts/services-context";

/** The services, the balance for the export question, and the export runner. */
export type ExportContext = PaidContext & { exports: ExportJobs };

export interface ExportArgs {
  /** false: no "Open / Reveal" notification afterwards (tests). */
  notify?: boolean;
  /** Which surface ran the command (the Session tree's button passes "tree"). */
  source?: "palette" | "tree";
}

function stageMessage(p: ExportProgress, estimate: RenderEstimate | undefined): string {
  switch (p.stage) {
    case "precheck":
      return vscode.l10n.t("Checking the timeline…");
    case "submitting":
      return vscode.l10n.t("Starting the render…");
    case "rendering":
      return renderingMessage(p, estimate ?? new RenderProgress(Date.now()).at(Date.now()));
    case "downloading":
      return p.percent !== undefined ? vscode.l10n.t("Downloading the MP4 {0} %", Math.round(p.percent)) : vscode.l10n.t("Downloading the MP4…");
    case "done":
      return vscode.l10n.t("Done");
  }
}

/**
 * "Rendering · about 40 % (estimate) · 0:41" between the service's checks, "Rendering 85 % · 1:02"
 * when the service's own number is ahead; that number carried on at its pace between checks,
 * marked as an estimate (core/render/estimate.ts): never a number that sits still for the 30 s
 * between checks, nor one that goes back.
 */
function renderingMessage(p: ExportProgress, e: RenderEstimate): string {
  const clock = elapsedClock(e.elapsedMs);
  if (p.status === "pending" && p.percent === undefined && e.elapsedMs < 3_000) return vscode.l10n.t("Waiting for the renderer… · {0}", clock);
  return e.estimated ? vscode.l10n.t("Rendering · about {0} % (estimate) · {1}", e.percent, clock) : vscode.l10n.t("Rendering {0} % · {1}", e.percent, clock);
}

/**
 * Runs `work` with a progress reporter that turns percentages into increments. While it renders the
 * message is redrawn once a second with the elapsed time and the estimate, so a person sees it is
 * alive between the service's checks (every 30 s, NEMO_API.md).
 */
async function withReporter<T>(progress: vscode.Progress<{ message?: string; increment?: number }>, work: (report: (p: ExportProgress) => void) => Promise<T>): Promise<T> {
  let last = 0;
  let current: ExportProgress | undefined;
  let rendering: RenderProgress | undefined;
  const show = (): void => {
    if (!current) return;
    const estimate = current.stage === "rendering" ? rendering?.at(Date.now()) : undefined;
    const message = stageMessage(current, estimate);
    const pct = estimate ? Math.min(90, Math.round(estimate.percent * 0.9)) : current.stage === "downloading" ? 90 : current.stage === "done" ? 100 : last;
    progress.report({ message, increment: Math.max(0, pct - last) });
    last = Math.max(last, pct);
  };
  const ticker = setInterval(() => current?.stage === "rendering" && show(), 1_000);
  try {
    return await work((p) => {
      if (p.stage === "rendering") {
        rendering ??= new RenderProgress(Date.now());
        rendering.report(p.percent, Date.now());
      }
      current = p;
      show();
    });
  } finally {
    clearInterval(ticker);
  }
}

export async function exportTimeline(ctx: ExportContext, args?: ExportArgs): Promise<ExportResult | undefined> {
  return guarded(ctx, async () => {
    const outDir = await requireOutputFolder(ctx);
    if (!(await confirmExport(ctx, () => ctx.services.client.state()))) return undefined;
    const result = await cancellableProgress(ctx, vscode.l10n.t("Exporting MP4"), (progress, token) =>
      withReporter(progress, (report) => ctx.exports.start(outDir.fsPath, token, { report }, args?.source ?? "palette")),
    );
    await finished(ctx, result, args?.notify !== false, args?.source ?? "palette");
    return result;
  });
}

/** Resume a render left pending by an earlier window (no network unless one is pending). */
export async function resumePendingExport(ctx: ExportContext, args?: ExportArgs): Promise<ExportResult | undefined> {
  const pending = await ctx.exports.pending();
  if (!pending) return undefined;
  return resumeRecord(ctx, pending, args);
}

/** Tree context "Resume Export" on an interrupted export, or one whose file could not be saved or was deleted. */
export async function resumeExport(ctx: ExportContext, node?: SessionNode, args?: ExportArgs): Promise<ExportResult | undefined> {
  const rec = node?.type === "export" ? node.record : await ctx.exports.pending();
  if (!rec?.renderId) {
    void vscode.window.showInformationMessage(vscode.l10n.t("No export to resume."));
    return undefined;
  }
  return resumeRecord(ctx, rec, args);
}

async function resumeRecord(ctx: ExportContext, rec: ExportRecord, args?: ExportArgs): Promise<ExportResult | undefined> {
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
async function finished(ctx: ExportContext, result: ExportResult, notify: boolean, source: ActivitySource = "palette"): Promise<void> {
  ctx.services.refresh("all");
  ctx.services.recordActivity({ source, kind: "exported", files: [result.filePath] });
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
export async function revealExport(ctx: ExportContext, node?: SessionNode): Promise<void> {
  const rec = node?.type === "export" ? node.record : (await ctx.services.exportRecords.list()).find((r) => r.state === "done");
  if (!rec?.filePath) {
    void vscode.window.showInformationMessage(vscode.l10n.t("No finished export to reveal yet."));
    return;
  }
  await reveal(ctx, rec.filePath);
}
