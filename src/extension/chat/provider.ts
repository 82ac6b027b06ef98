/**
 * The sidebar chat: a WebviewViewProvider. It builds the HTML (strict CSP), validates every
 * message from the webview (invalid → logged and dropped), hands requests to the ChatController,
 * and posts notifications only after the webview said `ready`.
 */
import * as path from "node:path";
import * as vscode from "vscode";
import { CancelledError, toNemoError } from "../../core/errors";
import { route } from "../../core/prompt/router";
import { isInside, outputDirIn } from "../../core/media/output-folder";
import { makeResponse, parseRequest, parseShapeChoice, type AnyRequest, type ShapeChoice } from "../../shared/protocol";
import { buildStringTable, makeTranslator, type StringTable } from "../../shared/strings";
import { confirmExport, confirmPaid } from "../rules/confirm";
import type { RulesContext } from "../rules/context";
import { announceSaved, resolveOutputFolder, revealSaved } from "../rules/output";
import type { FileMove, SessionActivity, SessionChange, Services } from "../services";
import type { JobRunner } from "../../core/jobs";
import type { UploadTracker } from "../contracts/upload-tracker";
import { ChatController } from "./controller";
import { errorInfo } from "./localize";
import { adoptLegacyHistory, historyPlace } from "./history-location";
import { ChatHistoryStore } from "./history-store";
import { chatHtml } from "./html";
import { translatePhrase } from "../l10n";
import type { ChatPorts } from "./ports";
import { activityLine } from "../activity";
import { insertFileIntoEditor } from "../editor-insert";
import type { ChatView } from "../contracts/chat-view";

export const CHAT_VIEW_ID = "imageGeneration.chat";

export class ChatViewProvider implements ChatView {
  readonly controller: ChatController;
  readonly store: ChatHistoryStore;
  private view: vscode.WebviewView | undefined;
  private ready = false;
  private focusPending = false;
  private prefillPending: { text: string; shape?: ShapeChoice } | undefined;
  private loaded: Promise<unknown>;
  private historyLoaded = false;
  private readonly disposables: vscode.Disposable[] = [];
  /** The chat's UI strings in the editor's language (l10n/bundle.l10n.<lang>.json). */
  private readonly strings: StringTable = buildStringTable((english) => vscode.l10n.t(english));

  constructor(
    private readonly services: Services,
    private readonly rules: RulesContext,
    private readonly uploads: UploadTracker,
    jobs: JobRunner,
  ) {
    const ctx = services.context;
    const workspaceIds = vscode.workspace.workspaceFile ? [vscode.workspace.workspaceFile.toString()] : (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.toString());
    const place = historyPlace(ctx.globalStorageUri.fsPath, ctx.storageUri?.fsPath, workspaceIds);
    this.store = new ChatHistoryStore(place.file, { logger: services.logger });
    this.loaded = adoptLegacyHistory(place, services.logger)
      .then(() => this.store.load())
      .finally(() => (this.historyLoaded = true));
    this.controller = new ChatController({
      client: services.client,
      logger: services.logger,
      store: this.store,
      ports: this.ports(),
      route: (text) => route(text),
      t: makeTranslator(this.strings),
      phrases: translatePhrase,
      exports: services.exportRecords,
      jobs,
    });
    this.disposables.push(this.controller);
    this.disposables.push(services.onDidChangeSession((change) => this.sessionChanged(change)));
    this.disposables.push(services.onDidChangeCredits((credits) => this.controller.setCredits(credits)));
    // One workspace, one timeline: what another surface added is said in the chat, in one line.
    this.disposables.push(services.onDidRecordActivity((a) => this.announce(a)));
    this.disposables.push(services.onDidMoveFiles((moves) => this.relinkFiles(moves)));
    this.disposables.push(vscode.window.onDidChangeActiveTextEditor(() => this.postEditorState()));
  }

  /** Files the product moved (compare view Keep / Undo): the cards link them where they are now, once the history is loaded. */
  relinkFiles(moves: readonly FileMove[]): void {
    void this.loaded.then(() => this.controller.relinkFiles(moves));
  }

  private mediaCache(): vscode.Uri {
    return vscode.Uri.joinPath(this.services.context.globalStorageUri, "chat-media");
  }

  /** What the panel may load: its bundle, the preview cache, and the workspace (finished exports play in the chat). */
  private resourceRoots(): vscode.Uri[] {
    const folders = vscode.workspace.workspaceFolders ?? [];
    const setting = vscode.workspace.getConfiguration("imageGeneration").get<string>("outputFolder");
    // An absolute output folder lies outside every workspace folder: allow it too.
    const outside = folders.map((f) => outputDirIn(f.uri.fsPath, setting)).filter((dir) => !folders.some((f) => isInside(f.uri.fsPath, dir)));
    return [this.webviewRoot(), this.mediaCache(), ...folders.map((f) => f.uri), ...[...new Set(outside)].map((dir) => vscode.Uri.file(dir))];
  }

  private webviewRoot(): vscode.Uri {
    return vscode.Uri.joinPath(this.services.context.extensionUri, "dist", "webview");
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.ready = false;
    const webview = view.webview;
    webview.options = { enableScripts: true, localResourceRoots: this.resourceRoots() };
    const root = this.webviewRoot();
    webview.html = chatHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(root, "main.js")).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(root, "style.css")).toString(),
      codiconUri: webview.asWebviewUri(vscode.Uri.joinPath(root, "codicon.css")).toString(),
      title: this.strings.chatTitle,
      lang: vscode.env.language,
      strings: this.strings,
    });
    const subs = [
      webview.onDidReceiveMessage((raw: unknown) => void this.receive(view, raw)),
      view.onDidChangeVisibility(() => {
        if (view.visible) this.controller.onVisible();
      }),
    ];
    view.onDidDispose(() => {
      subs.forEach((s) => s.dispose());
      if (this.view === view) {
        this.view = undefined;
        this.ready = false;
      }
    });
    if (view.visible) this.controller.onVisible();
  }

  /** Resolves once the history file is read (the test seam waits for it). */
  whenLoaded(): Promise<unknown> {
    return this.loaded;
  }

  /** The session changed: once the history is loaded (at once when it is: where the divider goes depends on the running request now). */
  sessionChanged(change: SessionChange): void {
    if (this.historyLoaded) this.controller.onSessionChanged(change);
    else void this.loaded.then(() => this.controller.onSessionChanged(change));
  }

  /**
   * What another surface added to the timeline, said in one line; after the history is read (a
   * line added before it would be replaced by the loaded history).
   */
  announce(a: SessionActivity): void {
    if (a.source === "chat") return;
    if (this.historyLoaded) this.controller.announceActivity(activityLine(a), a.files);
    else void this.loaded.then(() => this.controller.announceActivity(activityLine(a), a.files));
  }

  /** Command "Focus Chat Input". */
  async focusInput(): Promise<void> {
    await vscode.commands.executeCommand(`${CHAT_VIEW_ID}.focus`);
    if (this.ready) this.post({ type: "notify", name: "focus", payload: {} });
    else this.focusPending = true;
  }

  /** "Regenerate from this File" in the chat: the prompt and the file's shape wait in the composer for the person to send. */
  async prefill(text: string, rawShape?: unknown): Promise<void> {
    const shape = parseShapeChoice(rawShape);
    await vscode.commands.executeCommand(`${CHAT_VIEW_ID}.focus`);
    if (this.ready) this.post({ type: "notify", name: "prefill", payload: { text, shape } });
    else this.prefillPending = { text, shape };
  }

  private async receive(view: vscode.WebviewView, raw: unknown): Promise<void> {
    const parsed = parseRequest(raw);
    if (!parsed.ok) {
      this.services.logger.warn(`Chat: dropped an invalid message from the webview (${parsed.reason})`);
      return;
    }
    const req: AnyRequest = parsed.value;
    if (req.method === "ready") {
      await this.loaded;
      if (this.view !== view) return;
      this.ready = true;
    }
    let response;
    try {
      const result = await this.controller.handle(req);
      response = makeResponse(req.id, { ok: true, result });
    } catch (err) {
      const e = toNemoError(err);
      if (e.code !== "CANCELLED") this.services.logger.error(`Chat request ${req.method} failed`, err);
      response = makeResponse(req.id, { ok: false, error: errorInfo(e, translatePhrase) });
    }
    if (this.view === view) void view.webview.postMessage(response);
    if (req.method === "ready") this.postEditorState();
    if (req.method === "ready" && this.prefillPending) {
      this.post({ type: "notify", name: "prefill", payload: this.prefillPending });
      this.prefillPending = undefined;
    }
    if (req.method === "ready" && this.focusPending) {
      this.focusPending = false;
      this.post({ type: "notify", name: "focus", payload: {} });
    }
  }

  /** Tell the panel whether a text editor is open ("Insert into editor" is disabled without one). */
  private postEditorState(): void {
    this.post({ type: "notify", name: "editor", payload: { open: vscode.window.activeTextEditor !== undefined } });
  }

  private post(message: object): void {
    if (this.view && this.ready) void this.view.webview.postMessage(message);
  }

  private ports(): ChatPorts {
    return {
      post: (m) => this.post(m),
      previewUri: (fsPath) => this.view?.webview.asWebviewUri(vscode.Uri.file(fsPath)).toString(),
      outputFolder: async () => {
        if (!vscode.workspace.workspaceFolders?.length) return undefined;
        const dir = await resolveOutputFolder(this.rules);
        if (!dir) throw new CancelledError();
        return dir.fsPath;
      },
      hasFolder: () => (vscode.workspace.workspaceFolders?.length ?? 0) > 0,
      saveAs: async (suggestedName) => {
        const home = process.env.HOME ?? process.env.USERPROFILE;
        const picked = await vscode.window.showSaveDialog({
          title: vscode.l10n.t("Save the generated media"),
          saveLabel: vscode.l10n.t("Save"),
          defaultUri: home ? vscode.Uri.file(path.join(home, suggestedName)) : undefined,
        });
        return picked?.fsPath;
      },
      confirmPaid: (action) => confirmPaid(this.rules, action, { verb: vscode.l10n.t("Send") }),
      confirmExport: (loadState) => confirmExport(this.rules, loadState),
      customStyles: () => vscode.workspace.getConfiguration("imageGeneration").get<unknown>("styles", []),
      focusInput: () => void this.focusInput(),
      recordActivity: (kind, files) => this.services.recordActivity({ source: "chat", kind, files }),
      announceSaved: (files) => announceSaved(this.rules, files),
      trackUploads: (sent, run) => this.uploads.track(sent, "chat", run),
      cacheFolder: () => this.mediaCache().fsPath,
      pickFiles: async (extensions) => {
        const picked = await vscode.window.showOpenDialog({
          canSelectMany: true,
          openLabel: vscode.l10n.t("Attach"),
          filters: { [vscode.l10n.t("Images, video and audio")]: [...extensions] },
        });
        return (picked ?? []).map((u) => u.fsPath);
      },
      uriToPath: (uri) => {
        try {
          const u = vscode.Uri.parse(uri.trim(), true);
          return u.scheme === "file" || u.scheme === "vscode-remote" ? u.fsPath : undefined;
        } catch {
          return undefined;
        }
      },
      openExternal: (url) => Promise.resolve(vscode.env.openExternal(vscode.Uri.parse(url, true))),
      openExternalFile: (fsPath) => Promise.resolve(vscode.env.openExternal(vscode.Uri.file(fsPath))),
      openFile: async (fsPath) => {
        await vscode.commands.executeCommand("vscode.open", vscode.Uri.file(fsPath));
      },
      revealFile: (fsPath) => revealSaved(this.rules, fsPath),
      refresh: (what) => this.services.refresh(what),
      publishCredits: (credits) => this.services.publishCredits(credits),
      insertIntoEditor: (fsPath, alt) => insertFileIntoEditor(fsPath, alt),
    };
  }

  dispose(): void {
    this.controller.cancel();
    void this.store.flush();
    this.disposables.forEach((d) => d.dispose());
  }
}
