/**
 * The Batch view: one row per batch item (the source file's name, its state with a percentage,
 * the reason when it failed). Context values `batch.<state>` drive Cancel / Retry / Reveal.
 */
import * as path from "node:path";
import * as vscode from "vscode";
import { createTreeView } from "../register";
import type { BatchItem } from "../../core/batch/item";
import { elapsedClock, RenderProgress } from "../../core/render/estimate";
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

/** The state as a person reads it; `progress` is the row's render progress (kept by the view, so the number moves between checks and never goes back). */
export function batchStateText(item: BatchItem, now = Date.now(), progress?: RenderProgress): string {
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
      const row = progress ?? new RenderProgress(item.stateSince);
      row.report(pct, now);
      const e = row.at(now);
      const clock = elapsedClock(e.elapsedMs);
      return e.estimated ? vscode.l10n.t("rendering · about {0} % (estimate) · {1}", e.percent, clock) : vscode.l10n.t("rendering {0} % · {1}", e.percent, clock);
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
  /** Each rendering item's progress (by id). */
  private readonly rendering = new Map<string, RenderProgress>();

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
    for (const id of this.rendering.keys()) if (!items.some((i) => i.id === id && i.state === "rendering")) this.rendering.delete(id);
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
    let progress = this.rendering.get(item.id);
    if (!progress && item.state === "rendering" && item.stateSince !== undefined) this.rendering.set(item.id, (progress = new RenderProgress(item.stateSince)));
    row.description = batchStateText(item, Date.now(), progress);
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
