/**
 * The Batch view: one row per batch item (the source file's name, its state with a percentage,
 * the reason when it failed). Context values `batch.<state>` drive Cancel / Retry / Reveal.
 */
import * as path from "node:path";
import * as vscode from "vscode";
import type { BatchItem } from "../../core/batch/item";
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

/** The state as a person reads it. */
export function batchStateText(item: BatchItem): string {
  const pct = item.percent;
  switch (item.state) {
    case "queued":
      return vscode.l10n.t("queued");
    case "uploading":
      return pct === undefined ? vscode.l10n.t("uploading…") : vscode.l10n.t("uploading {0} %", pct);
    case "waiting":
      return vscode.l10n.t("waiting for the agent…");
    case "rendering":
      return pct === undefined ? vscode.l10n.t("rendering…") : vscode.l10n.t("rendering {0} %", pct);
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

  constructor(private readonly batch: BatchController) {
    super();
    this._register(batch.onDidChange(() => this.changeEmitter.fire(undefined)));
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
    row.description = batchStateText(item);
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
  const view = vscode.window.createTreeView("imageGeneration.batch", { treeDataProvider: provider, canSelectMany: false });
  return vscode.Disposable.from(provider, view);
}
