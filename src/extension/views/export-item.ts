/**
 * One export in Session → Exports, as a person reads it: the file name once saved, else
 * "Export of 23:00"; the state and percentage as the description ("rendering 40 %"); a file that
 * was deleted since is marked so, with a way to download it again.
 */
import * as path from "node:path";
import * as vscode from "vscode";
import { isResumable, type ExportRecord } from "../../core/render/export-records";

/** "23:00", or "Nov 29, 23:00" when not today. */
export function startedAtText(ms: number, now = Date.now()): string {
  const d = new Date(ms);
  const lang = vscode.env.language;
  const time = d.toLocaleTimeString(lang, { hour: "2-digit", minute: "2-digit" });
  if (new Date(now).toDateString() === d.toDateString()) return time;
  return `${d.toLocaleDateString(lang, { month: "short", day: "numeric" })}, ${time}`;
}

function percentText(p: number | undefined): string {
  return p === undefined ? "" : ` ${Math.round(p)} %`;
}

function stateText(r: ExportRecord, missing: boolean): string {
  if (missing) return vscode.l10n.t("file deleted");
  switch (r.state) {
    case "starting":
      return vscode.l10n.t("starting…");
    case "rendering":
      return vscode.l10n.t("rendering") + percentText(r.percent);
    case "downloading":
      return vscode.l10n.t("downloading") + percentText(r.percent);
    case "interrupted":
      return vscode.l10n.t("interrupted");
    case "done":
      return vscode.l10n.t("done");
    case "failed":
      return vscode.l10n.t("failed");
    case "cancelled":
      return vscode.l10n.t("cancelled");
  }
}

const ICONS: Record<ExportRecord["state"], string> = {
  starting: "sync~spin",
  rendering: "sync~spin",
  downloading: "sync~spin",
  interrupted: "debug-pause",
  done: "pass",
  failed: "error",
  cancelled: "circle-slash",
};

/** contextValue: export.done | export.missing | export.running | export.resumable | export.failed | export.cancelled. */
function contextOf(r: ExportRecord, missing: boolean, running: boolean): string {
  if (missing) return r.renderId ? "export.missing" : "export.gone";
  if (r.state === "done") return "export.done";
  if (running) return "export.running";
  if (r.renderId && (r.state === "interrupted" || (r.state === "failed" && r.errorCode === "SAVE_FAILED"))) return "export.resumable";
  return `export.${r.state}`;
}

export function exportItem(r: ExportRecord, missing: boolean): vscode.TreeItem {
  const started = startedAtText(r.startedAt);
  const saved = r.state === "done" && r.filePath && !missing;
  const label = saved && r.filePath ? path.basename(r.filePath) : vscode.l10n.t("Export of {0}", started);
  const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
  const state = stateText(r, missing);
  const running = r.state === "starting" || r.state === "rendering" || r.state === "downloading";
  // A saved one is named by its file (which carries its time or title); the start time is in the tooltip.
  item.description = state;
  item.iconPath = new vscode.ThemeIcon(missing ? "warning" : ICONS[r.state]);
  item.id = `export:${r.id}`;
  const lines = [vscode.l10n.t("Started {0}", new Date(r.startedAt).toLocaleString(vscode.env.language)), state];
  if (r.filePath) lines.push(r.filePath);
  item.tooltip = lines.join("\n");
  item.contextValue = contextOf(r, missing, running && isResumable(r));
  if (saved && r.filePath) item.command = { command: "vscode.open", title: vscode.l10n.t("Open"), arguments: [vscode.Uri.file(r.filePath)] };
  return item;
}
