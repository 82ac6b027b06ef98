/**
 * One job in Session → Jobs, from the ledger's record: what was asked (the prompt, else the file or
 * the kind), its state ("working", "rendering 40 %", "done · red-fox.png", "done · finished after you
 * stopped waiting"), who started it, and the saved file (a click opens it).
 */
import * as path from "node:path";
import * as vscode from "vscode";
import type { Job, JobSurface } from "../../core/jobs/types";
import { startedAtText } from "./export-item";

/** Jobs shown in the Session view (the newest). */
export const SESSION_VIEW_JOBS = 15;

/** The kinds the Jobs section lists (uploads have their own section; cleared batch items are history only). */
export function listedInSessionView(job: Job): boolean {
  if (job.kind === "upload") return false;
  return !(job.kind === "batch-item" && job.extra?.hidden === true);
}

function kindWord(job: Job): string {
  switch (job.kind) {
    case "generate":
      return vscode.l10n.t("Generation");
    case "edit":
      return vscode.l10n.t("Edit");
    case "export":
      return vscode.l10n.t("Export");
    case "upload":
      return vscode.l10n.t("Upload");
    case "batch-item":
      return vscode.l10n.t("Batch item");
  }
}

/** Where a job was started, as a person reads it ("the Command Palette", "the Gallery"). */
export function surfaceWord(surface: JobSurface): string {
  switch (surface) {
    case "palette":
      return vscode.l10n.t("the Command Palette");
    case "selection":
      return vscode.l10n.t("Generate from Selection");
    case "chat":
      return vscode.l10n.t("the chat");
    case "batch":
      return vscode.l10n.t("the batch");
    case "lm-tool":
    case "participant":
    case "mcp":
      return vscode.l10n.t("an agent");
    case "cli":
      return vscode.l10n.t("the command line");
    case "tree":
      return vscode.l10n.t("the Session view");
    case "gallery":
      return vscode.l10n.t("the Gallery");
    case "explorer":
      return vscode.l10n.t("the Explorer");
  }
}

/** The state as a person reads it, from the ledger's record. */
export function jobStateWords(job: Job): string {
  const pct = job.percent === undefined ? "" : ` ${Math.round(job.percent)} %`;
  switch (job.state) {
    case "queued":
      return vscode.l10n.t("queued");
    case "waiting":
      return vscode.l10n.t("waiting for the previous request");
    case "sending":
      return vscode.l10n.t("sending…");
    case "working":
      return vscode.l10n.t("working…");
    case "rendering":
      return vscode.l10n.t("rendering") + pct;
    case "uploading":
      return vscode.l10n.t("uploading") + pct;
    case "saving":
      return vscode.l10n.t("saving") + pct;
    case "done":
      return job.detached ? vscode.l10n.t("done · finished after you stopped waiting") : vscode.l10n.t("done");
    case "failed":
      return vscode.l10n.t("failed");
    case "cancelled":
      return vscode.l10n.t("cancelled");
    case "interrupted":
      return vscode.l10n.t("interrupted");
  }
}

const ICONS: Record<Job["state"], string> = {
  queued: "clock",
  waiting: "clock",
  sending: "sync~spin",
  working: "sync~spin",
  rendering: "sync~spin",
  uploading: "sync~spin",
  saving: "sync~spin",
  done: "pass",
  failed: "error",
  cancelled: "circle-slash",
  interrupted: "debug-pause",
};

function shortened(text: string, max = 50): string {
  const one = text.replace(/\s+/g, " ").trim();
  return one.length <= max ? one : `${one.slice(0, max - 1).trimEnd()}…`;
}

export function jobItem(job: Job): vscode.TreeItem {
  const file = job.media.find((m) => m.path)?.path;
  const source = typeof job.extra?.source === "string" && job.kind === "batch-item" ? path.basename(job.extra.source) : undefined;
  const label = job.prompt && job.kind !== "batch-item" ? shortened(job.prompt) : (source ?? (file ? path.basename(file) : kindWord(job)));
  const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
  item.id = `job:${job.id}`;
  item.iconPath = new vscode.ThemeIcon(ICONS[job.state]);
  const state = jobStateWords(job);
  item.description = file && job.state === "done" ? `${state} · ${path.basename(file)}` : state;
  item.tooltip = [
    `${kindWord(job)} · ${vscode.l10n.t("from {0}", surfaceWord(job.surface))} · ${startedAtText(job.createdAt)}`,
    job.prompt ? shortened(job.prompt, 300) : undefined,
    state,
    job.error?.message || undefined,
    file,
  ]
    .filter((l): l is string => Boolean(l))
    .join("\n");
  item.accessibilityInformation = { label: `${label}, ${item.description}` };
  item.contextValue = `job.${job.state}`;
  if (file) item.command = { command: "vscode.open", title: vscode.l10n.t("Open"), arguments: [vscode.Uri.file(file)] };
  return item;
}
