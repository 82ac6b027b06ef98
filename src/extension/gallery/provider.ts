/**
 * The Gallery view (sidebar, collapsed until opened): every image, clip and export of the
 * workspace as the core lists them (core/gallery: the job ledger and the files' own records,
 * newest first). The host scans the output folder(s) when the view shows and again when the
 * ledger or the files change (a file watcher, debounced), posts the items with thumbnail URIs
 * (the files themselves, through webview resource URIs: nothing read into memory, nothing from
 * the network), and runs the actions the view asks for (actions.ts). Every message from the view
 * is checked (shared/gallery-protocol.ts); one that does not match is logged and dropped.
 */
import * as vscode from "vscode";
import * as path from "node:path";
import { buildGallery, MediaScanner, type GalleryItem } from "../../core/gallery";
import { isInside, outputDirIn } from "../../core/media/output-folder";
import { GALLERY_STRINGS, parseGalleryMessage, type GalleryRow, type HostToGallery } from "../../shared/gallery-protocol";
import { Disposable } from "../disposable";
import type { ServicesContext } from "../contracts/services-context";
import type { GalleryView } from "../contracts/gallery-view";
import { editAvailable, runGalleryAction } from "./actions";
import { galleryHtml } from "./html";
import { surfaceWord } from "../views/job-item";

export const GALLERY_VIEW_ID = "imageGeneration.gallery";
/** The scanner's keys: resolved absolute paths. */
const pathKeyOf = (p: string): string => path.resolve(p);
const RESCAN_DELAY_MS = 300;

export class GalleryViewProvider extends Disposable implements GalleryView {
  private view: vscode.WebviewView | undefined;
  private ready = false;
  private items: GalleryItem[] = [];
  private readonly scanner = new MediaScanner();
  private scanning: Promise<void> | undefined;
  private again = false;
  private focusPending = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private watchers: vscode.Disposable[] = [];
  /** Resolves after each posted listing (test seam and the UI test's waits go through the DOM instead). */
  private readonly postedEmitter = this._register(new vscode.EventEmitter<number>());
  readonly onDidPostItems = this.postedEmitter.event;

  constructor(private readonly ctx: ServicesContext) {
    super();
    this._register(ctx.services.exportRecords.ledger.onDidChange(() => this.schedule()));
    this._register(ctx.services.onDidRecordActivity(() => this.schedule()));
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration("imageGeneration.outputFolder")) {
          this.watch();
          this.schedule();
        }
      }),
    );
    this._register(vscode.workspace.onDidChangeWorkspaceFolders(() => (this.watch(), this.schedule())));
    this._register({ dispose: () => (this.watchers.forEach((w) => w.dispose()), this.timer && clearTimeout(this.timer)) });
  }

  /** The folders scanned: the output folder of each workspace folder (the `imageGeneration.outputFolder` rule). */
  outputFolders(): string[] {
    const setting = vscode.workspace.getConfiguration("imageGeneration").get<string>("outputFolder");
    return [...new Set((vscode.workspace.workspaceFolders ?? []).map((f) => outputDirIn(f.uri.fsPath, setting)))];
  }

  private webviewRoot(): vscode.Uri {
    return vscode.Uri.joinPath(this.ctx.services.context.extensionUri, "dist", "webview");
  }

  /** What the view may load: its bundle, the workspace folders and any output folder outside them. */
  private resourceRoots(): vscode.Uri[] {
    const folders = vscode.workspace.workspaceFolders ?? [];
    const outside = this.outputFolders().filter((dir) => !folders.some((f) => isInside(f.uri.fsPath, dir)));
    return [this.webviewRoot(), ...folders.map((f) => f.uri), ...outside.map((d) => vscode.Uri.file(d))];
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.ready = false;
    const webview = view.webview;
    webview.options = { enableScripts: true, localResourceRoots: this.resourceRoots() };
    const root = this.webviewRoot();
    const strings = Object.fromEntries(Object.entries(GALLERY_STRINGS).map(([id, english]) => [id, vscode.l10n.t(english)]));
    webview.html = galleryHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(root, "gallery.js")).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(root, "gallery.css")).toString(),
      codiconUri: webview.asWebviewUri(vscode.Uri.joinPath(root, "codicon.css")).toString(),
      title: vscode.l10n.t("Gallery"),
      lang: vscode.env.language,
      strings,
    });
    const subs = [
      webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      view.onDidChangeVisibility(() => view.visible && this.schedule(0)),
    ];
    view.onDidDispose(() => {
      subs.forEach((s) => s.dispose());
      if (this.view === view) this.view = undefined;
    });
    this.watch();
  }

  private async receive(raw: unknown): Promise<void> {
    const msg = parseGalleryMessage(raw);
    if (!msg) {
      this.ctx.services.logger.warn("Gallery: dropped a message that is not in the protocol.");
      return;
    }
    if (msg.type === "ready") {
      this.ready = true;
      this.schedule(0);
      if (this.focusPending) {
        this.focusPending = false;
        await this.focusSearch();
      }
    } else if (msg.type === "refresh") this.schedule(0);
    else if (msg.type === "generate") await vscode.commands.executeCommand("imageGeneration.generateImage");
    else {
      const item = this.items.find((i) => i.id === msg.id);
      if (!item) return;
      const changed = await runGalleryAction(this.ctx, msg.action, item);
      if (changed) {
        this.scanner.forget(item.path);
        this.schedule(0);
      }
    }
  }

  /** Watch the output folders for media appearing, changing or going away (the view rescans). */
  private watch(): void {
    this.watchers.forEach((w) => w.dispose());
    this.watchers = this.outputFolders().map((dir) => {
      const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(dir), "**/*.{png,jpg,jpeg,webp,gif,mp4,mov,webm,m4v,PNG,JPG,JPEG,WEBP,GIF,MP4,MOV,WEBM,M4V}"));
      const again = (): void => this.schedule();
      w.onDidCreate(again);
      w.onDidChange(again);
      w.onDidDelete(again);
      return w;
    });
  }

  /** Rescan soon (events come in bursts: a save is a temp file, a write and a rename). */
  schedule(delayMs = RESCAN_DELAY_MS): void {
    if (!this.view) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh();
    }, delayMs);
  }

  /** Scan and post; a call during a scan runs one more scan after it. */
  refresh(): Promise<void> {
    if (this.scanning) {
      this.again = true;
      return this.scanning;
    }
    this.scanning = this.scan()
      .catch((err: unknown) => this.ctx.services.logger.warn(`Gallery: the scan failed: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => {
        this.scanning = undefined;
        if (this.again) {
          this.again = false;
          void this.refresh();
        }
      });
    return this.scanning;
  }

  private async scan(): Promise<void> {
    if (!this.view || !this.ready) return;
    const firstListing = this.items.length === 0;
    if (firstListing) await this.post(true);
    const jobs = await this.ctx.services.exportRecords.ledger.list();
    const ledgerPaths = jobs.flatMap((j) => j.media.map((m) => m.path).filter((p): p is string => !!p));
    // The first listing shows the newest files (the first screen) before everything. A rescan
    // replaces the list once, whole: a partial list would shorten it and lose the person's place.
    const files = await this.scanner.scan(this.outputFolders(), ledgerPaths, {
      onFirst: (first, known) => {
        if (!firstListing || first.length === 0) return;
        this.items = buildGallery({ jobs, files: first, exists: (p) => known.has(pathKeyOf(p)) });
        void this.post(true);
      },
    });
    this.items = buildGallery({ jobs, files });
    await this.post(false);
  }

  private async post(scanning: boolean): Promise<void> {
    const view = this.view;
    if (!view || !this.ready) return;
    const roots = this.resourceRoots().map((u) => u.fsPath);
    const rows: GalleryRow[] = this.items.map((i) => ({
      ...i,
      // The words a person reads ("the Command Palette"), not the ledger's id ("palette").
      madeIn: i.surface ? surfaceWord(i.surface) : undefined,
      thumb: roots.some((r) => isInside(r, i.path)) ? view.webview.asWebviewUri(vscode.Uri.file(i.path)).toString() : undefined,
    }));
    const msg: HostToGallery = { type: "items", items: rows, editAvailable: await editAvailable(), scanning };
    await view.webview.postMessage(msg);
    if (!scanning) this.postedEmitter.fire(rows.length);
  }

  /** Put the cursor in the view's search box ("Open Gallery"), now or as soon as the view is ready. */
  async focusSearch(): Promise<void> {
    if (this.view && this.ready) await this.view.webview.postMessage({ type: "focusSearch" } satisfies HostToGallery);
    else this.focusPending = true;
  }

  /** Runs a row's action as the view's button does (test seam); resolves to whether the files changed. */
  async runForTests(action: string, id: string): Promise<boolean> {
    const msg = parseGalleryMessage({ type: "action", action, id });
    const item = msg?.type === "action" ? this.items.find((i) => i.id === msg.id) : undefined;
    if (!msg || msg.type !== "action" || !item) throw new Error(`no gallery item ${id} or no action ${action}`);
    return runGalleryAction(this.ctx, msg.action, item);
  }

  /** The listing as last posted (test seam). */
  listing(): readonly GalleryItem[] {
    return this.items;
  }
}
