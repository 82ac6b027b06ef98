/**
 * The compare view: a webview panel showing two versions of an image (side by side and under a
 * slider, webview/compare/), with Keep (the new version replaces the original; Undo while the
 * backup lasts, i.e. until the window closes), Keep Both and Discard (the new version to the
 * trash). The decisions on disk are the core's (core/edit/keep.ts); this is the adapter.
 */
import { randomBytes } from "node:crypto";
import { rmSync, promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as vscode from "vscode";
import { keepVersion, undoKeep, type KeepRecord } from "../../core/edit/keep";
import { pixelSizeOf } from "../../core/provenance/size";
import { formatBytes } from "../../core/media/upload-records";
import { Disposable } from "../disposable";
import { guarded, reveal } from "../surface-helpers";
import type { ServicesContext } from "../contracts/services-context";
import type { CompareOutcome, ComparePair, CompareView } from "../contracts/compare-view";
import { COMPARE_ACTIONS, type CompareAction } from "../../shared/compare-protocol";
import type { FileMove } from "../services";
import { compareHtml } from "./html";

export const COMPARE_VIEW_TYPE = "imageGeneration.compare";
/** Context keys: a compare view is focused; a Keep can be undone. */
const ACTIVE_KEY = "imageGeneration.compareActive";
const UNDO_KEY = "imageGeneration.canUndoKeep";

interface Entry {
  panel: vscode.WebviewPanel;
  before: vscode.Uri;
  after: vscode.Uri;
  pair: ComparePair;
}

/** The first 64 KB of a file: enough for an image's pixel size (a JPEG's SOF can sit after long EXIF). */
async function headOf(file: string): Promise<Buffer> {
  const handle = await fs.open(file, "r");
  try {
    const buf = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** "960×540 · 412 KB", from the file's header and size (empty when it cannot be read). */
async function detailOf(file: string): Promise<string> {
  try {
    const [stat, head] = await Promise.all([fs.stat(file), headOf(file)]);
    const px = pixelSizeOf(head);
    return [px ? `${px.width}×${px.height}` : undefined, formatBytes(stat.size)].filter(Boolean).join(" · ");
  } catch {
    return "";
  }
}

/**
 * What a Keep moved, for the views that link files (the chat): the new version to the kept path;
 * and when the kept file has another name than the original (another type), the original's links
 * to the file that replaced it.
 */
function keepMoves(keep: KeepRecord): FileMove[] {
  const moves: FileMove[] = [{ from: keep.version, to: keep.kept }];
  if (path.resolve(keep.kept) !== path.resolve(keep.original)) moves.push({ from: keep.original, to: keep.kept });
  else moves.push({ from: keep.original, to: keep.original, replaced: true });
  return moves;
}

/** The words of a compare view of an original (left) and its new version (right). */
function versionStrings(before: string, after: string): Record<string, string> {
  return {
    title: vscode.l10n.t("Compare versions"),
    original: vscode.l10n.t("Original"),
    newVersion: vscode.l10n.t("New version"),
    divider: vscode.l10n.t("Divider: original on the left, new version on the right"),
    dividerValue: vscode.l10n.t("{0} % original"),
    keep: vscode.l10n.t("Keep"),
    keepTitle: vscode.l10n.t("Replace {0} with the new version (Undo is offered)", before),
    discard: vscode.l10n.t("Discard"),
    discardTitle: vscode.l10n.t("Move {0} to the trash", after),
  };
}

/** The words of a compare view of any two images: A (left) and B (right), no "original" or "version". */
function imageStrings(before: string, after: string): Record<string, string> {
  return {
    title: vscode.l10n.t("Compare images"),
    original: vscode.l10n.t("Image A"),
    newVersion: vscode.l10n.t("Image B"),
    divider: vscode.l10n.t("Divider: image A on the left, image B on the right"),
    dividerValue: vscode.l10n.t("{0} % image A"),
    keep: vscode.l10n.t("Replace A with B"),
    keepTitle: vscode.l10n.t("Replace {0} with {1} (Undo is offered)", before, after),
    discard: vscode.l10n.t("Trash B"),
    discardTitle: vscode.l10n.t("Move {0} to the trash", after),
  };
}

/** The words both kinds of compare view share. */
function commonStrings(): Record<string, string> {
  return {
    view: vscode.l10n.t("View"),
    sideBySide: vscode.l10n.t("Side by side"),
    slider: vscode.l10n.t("Slider"),
    hint: vscode.l10n.t("Drag the divider, or focus it and use the arrow keys (Shift: finer, Home/End: edges)."),
    keepBoth: vscode.l10n.t("Keep Both"),
    keepBothTitle: vscode.l10n.t("Keep both files and close"),
    working: vscode.l10n.t("Working…"),
  };
}

export class CompareViews extends Disposable implements CompareView {
  private readonly entries = new Set<Entry>();
  private active: Entry | undefined;
  private lastKeep: KeepRecord | undefined;
  /** Backups of kept originals: this window's own folder, removed when the window closes. */
  private readonly backupDir = path.join(os.tmpdir(), `imagegen-keep-${process.pid}-${randomBytes(4).toString("hex")}`);
  private readonly changeEmitter = this._register(new vscode.EventEmitter<CompareOutcome>());
  /** Each decision once carried out (tests and other views listen). */
  readonly onDidDecide = this.changeEmitter.event;

  constructor(private readonly ctx: ServicesContext) {
    super();
    this._register({ dispose: () => rmSync(this.backupDir, { recursive: true, force: true }) });
    this._register({ dispose: () => [...this.entries].forEach((e) => e.panel.dispose()) });
  }

  /** Open a compare view of `before` (the original or image A, left) and `after` (the new version or image B, right). */
  async open(before: vscode.Uri, after: vscode.Uri, pair: ComparePair = "versions"): Promise<vscode.WebviewPanel> {
    const name = (u: vscode.Uri): string => path.basename(u.fsPath);
    const title = vscode.l10n.t("Compare: {0} ↔ {1}", name(before), name(after));
    const root = vscode.Uri.joinPath(this.ctx.services.context.extensionUri, "dist", "webview");
    const dirs = [...new Set([path.dirname(before.fsPath), path.dirname(after.fsPath)])].map((d) => vscode.Uri.file(d));
    const panel = vscode.window.createWebviewPanel(COMPARE_VIEW_TYPE, title, vscode.ViewColumn.Active, { enableScripts: true, localResourceRoots: [root, ...dirs] });
    const entry: Entry = { panel, before, after, pair };
    this.entries.add(entry);
    this.active = entry;
    void this.setActive(true);
    const webview = panel.webview;
    // The file's time in the query: a view opened again after a change never shows a cached picture.
    const src = async (u: vscode.Uri): Promise<string> => {
      const mtime = await fs.stat(u.fsPath).then((s) => String(Math.round(s.mtimeMs)), () => "0");
      return webview.asWebviewUri(u).with({ query: `v=${mtime}` }).toString();
    };
    const config = {
      before: { src: await src(before), name: name(before), detail: await detailOf(before.fsPath) },
      after: { src: await src(after), name: name(after), detail: await detailOf(after.fsPath) },
      strings: { ...(pair === "versions" ? versionStrings(name(before), name(after)) : imageStrings(name(before), name(after))), ...commonStrings() },
    };
    webview.html = compareHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(root, "compare.js")).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(root, "compare.css")).toString(),
      lang: vscode.env.language,
      title,
      config,
    });
    panel.onDidChangeViewState((e) => {
      if (e.webviewPanel.active) this.active = entry;
      void this.setActive(e.webviewPanel.active);
    });
    panel.onDidDispose(() => {
      this.entries.delete(entry);
      if (this.active === entry) this.active = undefined;
      void this.setActive(false);
    });
    webview.onDidReceiveMessage((m: unknown) => {
      const msg = m as { type?: unknown; action?: unknown };
      if (msg?.type !== "action" || !COMPARE_ACTIONS.includes(msg.action as CompareAction)) return;
      void this.decide(entry, msg.action as CompareAction);
    });
    return panel;
  }

  /** The action on the focused compare view (else the only open one); undefined when none is open. */
  async decideActive(action: CompareAction): Promise<CompareOutcome | undefined> {
    const entry = this.active ?? (this.entries.size === 1 ? [...this.entries][0] : undefined);
    if (!entry) {
      void vscode.window.showInformationMessage(vscode.l10n.t("Open a compare view first (Compare Images, or edit an image with a prompt)."));
      return undefined;
    }
    return this.decide(entry, action);
  }

  private async decide(entry: Entry, action: CompareAction): Promise<CompareOutcome | undefined> {
    const outcome = await guarded(this.ctx, async (): Promise<CompareOutcome | undefined> => {
      if (action === "keepBoth") return { action };
      if (action === "discard") return (await this.discard(entry.after)) ? { action } : undefined;
      const keep = await keepVersion(entry.before.fsPath, entry.after.fsPath, this.backupDir);
      this.lastKeep = keep;
      await vscode.commands.executeCommand("setContext", UNDO_KEY, true);
      return { action, keep };
    });
    if (!outcome) {
      void entry.panel.webview.postMessage({ type: "failed", text: vscode.l10n.t("Nothing was changed.") });
      return undefined;
    }
    entry.panel.dispose();
    if (outcome.keep) this.ctx.services.announceMoves(keepMoves(outcome.keep));
    this.changeEmitter.fire(outcome);
    if (outcome.keep) void this.offerUndo(outcome.keep, entry.pair);
    return outcome;
  }

  /** The new version to the trash; where the file system has no trash, asked before deleting for good. */
  private async discard(file: vscode.Uri): Promise<boolean> {
    try {
      await vscode.workspace.fs.delete(file, { useTrash: true });
      return true;
    } catch (err) {
      this.ctx.services.logger.info(`No trash for ${file.fsPath}: ${err instanceof Error ? err.message : String(err)}`);
    }
    const del = vscode.l10n.t("Delete");
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t("{0} cannot be moved to the trash here. Delete it for good?", path.basename(file.fsPath)),
      { modal: true },
      del,
    );
    if (choice !== del) return false;
    await vscode.workspace.fs.delete(file, { useTrash: false });
    return true;
  }

  private async offerUndo(keep: KeepRecord, pair: ComparePair): Promise<void> {
    const undo = vscode.l10n.t("Undo");
    const kept = path.basename(keep.kept);
    const choice = await vscode.window.showInformationMessage(
      pair === "versions"
        ? vscode.l10n.t("{0} now holds the new version. The original is kept until this window closes.", kept)
        : vscode.l10n.t("{0} now holds the picture of {1}. The replaced picture is kept until this window closes.", kept, path.basename(keep.version)),
      undo,
    );
    if (choice === undo && this.lastKeep === keep) await this.undo();
  }

  /** Undo the last Keep: the original back, the new version back under its name. Undefined when there is nothing to undo or it failed (shown). */
  async undo(): Promise<{ original: string; version: string } | undefined> {
    const keep = this.lastKeep;
    if (!keep) {
      void vscode.window.showInformationMessage(vscode.l10n.t("There is no Keep to undo."));
      return undefined;
    }
    return guarded(this.ctx, async () => {
      const restored = await undoKeep(keep);
      this.lastKeep = undefined;
      this.ctx.services.announceMoves(keepMoves(keep).map((m) => ({ ...m, from: m.to, to: m.from, undo: true })));
      await vscode.commands.executeCommand("setContext", UNDO_KEY, false);
      await reveal(this.ctx, restored.original);
      void vscode.window.showInformationMessage(vscode.l10n.t("{0} is back; the new version is {1}.", path.basename(restored.original), path.basename(restored.version)));
      return restored;
    });
  }

  private setActive(on: boolean): Thenable<unknown> {
    return vscode.commands.executeCommand("setContext", ACTIVE_KEY, on);
  }
}
