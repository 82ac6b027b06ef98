/**
 * The Batch view: one row per batch item (the source file's name, its state with a percentage,
 * the reason when it failed). Context values `batch.<state>` drive Cancel / Retry / Reveal.
 */
import * as path from "node:path";
import * as vscode from "vscode";
import { createTreeView } from "../register";
import type { BatchItem } from "../../core/batch/item";
import { elapsedClock, renderEstimate, type ReportedProgress } from "../../core/render/estimate";
import type { BatchController } from "../batch/batch-controller";
import { Disposable } from "../disposable";

export interface BatchNode {
  id: string;
}

const ICONS: Record<BatchItem["state"], [string, string?]> = {
  queued: ["clock"],
  uploading: ["sync~spin", "charts.blue"],
  waiting: ["loading~spin", "charts.blue"],
  rendering: ["sync~spin", "charts.blue"],
  saved: ["pass-filled", "testing.iconPassed"],
  failed: ["error", "testing.iconFailed"],
  cancelled: ["circle-slash"],
  "rate-limited": ["watch", "testing.iconQueued"],
};

/** A rendering row's memory (batch-tree keeps one per item): the service's last number and when it arrived, the highest number shown. */
export interface RowClock {
  report?: ReportedProgress;
  shown: number;
}

/** The state as a person reads it; `clock` carries a render's number on between checks and keeps it from going back. */
export function batchStateText(item: BatchItem, now = Date.now(), clock?: RowClock): string {
  const pct = item.percent;
  switch (item.state) {
    case "queued":
      return vscode.l10n.t("queued");
    case "uploading":
      return pct === undefined ? vscode.l10n.t("uploading…") : vscode.l10n.t("uploading {0} %", pct);
    case "waiting":
      return vscode.l10n.t("waiting for the agent…");
    case "rendering": {
      // Between the service's checks (every 30 s): the elapsed time and an estimate, marked so.
      if (item.stateSince === undefined) return pct === undefined ? vscode.l10n.t("rendering…") : vscode.l10n.t("rendering {0} %", pct);
      if (clock && pct !== undefined && clock.report?.percent !== pct) clock.report = { percent: pct, atMs: now };
      const e = renderEstimate(item.stateSince, now, clock?.report ?? pct);
      const elapsed = elapsedClock(e.elapsedMs);
      const percent = Math.max(e.percent, clock?.shown ?? 0);
      if (clock) clock.shown = percent;
      return e.estimated || percent > e.percent ? vscode.l10n.t("rendering · about {0} % (estimate) · {1}", percent, elapsed) : vscode.l10n.t("rendering {0} % · {1}", percent, elapsed);
    }
    case "saved":
      return vscode.l10n.t("saved as {0}", path.basename(item.output ?? ""));
    case "failed":
      return vscode.l10n.t("failed: {0}", item.error?.message ?? "");
    case "cancelled":
      return item.error ? vscode.l10n.t("cancelled: {0}", item.error.message) : vscode.l10n.t("cancelled");
    case "rate-limited":
      return vscode.l10n.t("rate-limited: {0}", item.error?.message ?? "");
  }
}

export class BatchTreeProvider extends Disposable implements vscode.TreeDataProvider<BatchNode> {
  private readonly changeEmitter = this._register(new vscode.EventEmitter<BatchNode | undefined>());
  readonly onDidChangeTreeData = this.changeEmitter.event;

  /** Redraws the rows once a second while one renders (its elapsed time and estimate move). */
  private ticker: ReturnType<typeof setInterval> | undefined;
  /** Per rendering item (by id). */
  private readonly clocks = new Map<string, RowClock>();

  constructor(private readonly batch: BatchController) {
    super();
    this._register(batch.onDidChange(() => {
      this.changeEmitter.fire(undefined);
      this.tick();
    }));
    this._register({ dispose: () => clearInterval(this.ticker) });
    this.tick();
  }

  private tick(): void {
    const items = this.batch.list();
    const rendering = items.some((i) => i.state === "rendering");
    for (const id of this.clocks.keys()) if (!items.some((i) => i.id === id && i.state === "rendering")) this.clocks.delete(id);
    if (rendering && !this.ticker) this.ticker = setInterval(() => this.changeEmitter.fire(undefined), 1_000);
    else if (!rendering && this.ticker) {
      clearInterval(this.ticker);
      this.ticker = undefined;
    }
  }

  getChildren(node?: BatchNode): BatchNode[] {
    if (node) return [];
    return this.batch.list().map((i) => ({ id: i.id }));
  }

  getTreeItem(node: BatchNode): vscode.TreeItem {
    const item = this.batch.get(node.id);
    if (!item) return new vscode.TreeItem("");
    const row = new vscode.TreeItem(path.basename(item.source), vscode.TreeItemCollapsibleState.None);
    row.id = item.id;
    let clock = this.clocks.get(item.id);
    if (!clock && item.state === "rendering") this.clocks.set(item.id, (clock = { shown: 0 }));
    row.description = batchStateText(item, Date.now(), clock);
    const [icon, color] = ICONS[item.state];
    row.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
    row.contextValue = `batch.${item.state}`;
    const tip = new vscode.MarkdownString();
    tip.appendText(`${item.source}\n\n`);
    tip.appendText(vscode.l10n.t("Instruction: {0}", item.instruction));
    if (item.error) tip.appendText(`\n\n${item.error.message}`);
    if (item.output) tip.appendText(`\n\n${item.output}`);
    row.tooltip = tip;
    if (item.state === "saved" && item.output) {
      row.command = { command: "vscode.open", title: vscode.l10n.t("Open"), arguments: [vscode.Uri.file(item.output)] };
    }
    return row;
  }
}

/** The Batch view (shown while a batch exists: context key imageGeneration.hasBatch). */
export function registerBatchView(batch: BatchController): vscode.Disposable {
  const provider = new BatchTreeProvider(batch);
  const view = createTreeView("imageGeneration.batch", provider, { canSelectMany: false });
  // The view appears collapsed, so it never takes the chat's space; the badge (on the side bar's
  // icon) and the header's description say how many files are still being processed.
  const label = (): void => {
    const items = batch.list();
    const working = items.filter((i) => !FINISHED.has(i.state)).length;
    view.badge = working > 0 ? { value: working, tooltip: vscode.l10n.t("{0} batch file(s) in progress", working) } : undefined;
    view.description = items.length === 0 ? undefined : working > 0 ? vscode.l10n.t("{0} of {1} in progress", working, items.length) : vscode.l10n.t("{0} done", items.length);
  };
  label();
  return vscode.Disposable.from(provider, view, batch.onDidChange(label));
}

const FINISHED = new Set<BatchItem["state"]>(["saved", "failed", "cancelled"]);
