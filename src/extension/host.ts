import * as vscode from "vscode";
import type { NemoClientApi } from "../core/api";
import { ExportRecords } from "../core/render/export-records";
import type { Credits, Notice } from "../core/types";
import { VERSION } from "../core/support/version";
import type { KeyValueStore } from "../core/support/storage";
import { ClientSwitch } from "./client-switch";
import { Disposable } from "./disposable";
import { CLIENT_SETTINGS, resolveEndpoints } from "./endpoints";
import { ErrorPresenter } from "./errors";
import { heavy } from "./lazy";
import { ChannelLogger } from "./logger";
import { translatePhrase } from "./l10n";
import { detectPlatform } from "./platform";
import type { FileMove, SessionActivity, SessionChange } from "./services";
import type { ClientFactory, HostServices, RefreshKind } from "./contracts/host-services";
import { MementoStore, SecretStore } from "./stores";
import { isTestMode } from "./test-mode";

/** True when the extension runs under the editor tests (adds test seams, fast timing). */
export { isTestMode } from "./test-mode";

/** The Services every surface shares. Building it does no network work. */
export class ServiceHost extends Disposable implements HostServices, ClientFactory {
  readonly logger: ChannelLogger;
  readonly client: ClientSwitch;
  readonly errors: ErrorPresenter;
  /** The last notices from the core (test seam and diagnostics). */
  readonly notices: Notice[] = [];
  /** The one export record store of this workspace; every client built here writes to it. */
  readonly exportRecords: ExportRecords;
  private readonly sessionEmitter = this._register(new vscode.EventEmitter<SessionChange>());
  readonly onDidChangeSession = this.sessionEmitter.event;
  private readonly refreshEmitter = this._register(new vscode.EventEmitter<RefreshKind>());
  readonly onDidRequestRefresh = this.refreshEmitter.event;
  private readonly creditsEmitter = this._register(new vscode.EventEmitter<Credits>());
  readonly onDidChangeCredits = this.creditsEmitter.event;
  private readonly activityEmitter = this._register(new vscode.EventEmitter<SessionActivity>());
  readonly onDidRecordActivity = this.activityEmitter.event;
  private readonly movesEmitter = this._register(new vscode.EventEmitter<readonly FileMove[]>());
  readonly onDidMoveFiles = this.movesEmitter.event;
  private readonly cancelEmitter = this._register(new vscode.EventEmitter<void>());
  /** Fires when every running progress should be cancelled (test seam: same path as the Cancel button). */
  readonly onDidCancelAll = this.cancelEmitter.event;

  /** `logger`: the one activation made (shell/); a new one when absent (and then disposed with this). */
  constructor(
    readonly context: vscode.ExtensionContext,
    logger?: ChannelLogger,
  ) {
    super();
    this.logger = logger ?? this._register(new ChannelLogger());
    this.errors = new ErrorPresenter(this.logger, () => this.logger.show());
    this.exportRecords = new ExportRecords(new MementoStore(context.workspaceState));
    this.client = new ClientSwitch(() => this.buildClient()); // built (and its bundle loaded) on first use
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (CLIENT_SETTINGS.some((s) => e.affectsConfiguration(s))) {
          this.logger.info("Connection settings changed; rebuilding the client.");
          this.client.replace(() => this.buildClient());
          this.refresh("all");
        }
      }),
    );
  }

  refresh(what: RefreshKind): void {
    this.refreshEmitter.fire(what);
  }

  publishCredits(credits: Credits): void {
    this.creditsEmitter.fire(credits);
  }

  /**
   * The session was replaced: "new" (New Session: the chat and the tree start over) or "lost"
   * (1002: the tree starts over, the chat keeps its history and marks where the new session begins).
   */
  sessionChanged(change: SessionChange = "new"): void {
    this.sessionEmitter.fire(change);
    this.refresh("all");
  }

  recordActivity(activity: SessionActivity): void {
    // The walkthrough's steps complete on these context keys (package.json completionEvents), so a
    // generation or export from any surface ticks them, not only the palette commands.
    const step = activity.kind === "exported" ? "exported" : "generated";
    void vscode.commands.executeCommand("setContext", `imageGeneration.walkthrough.${step}`, true);
    this.activityEmitter.fire(activity);
  }

  announceMoves(moves: readonly FileMove[]): void {
    if (moves.length > 0) this.movesEmitter.fire(moves);
  }

  cancelAll(): void {
    this.cancelEmitter.fire();
  }

  showError(err: unknown): Promise<void> {
    return this.errors.show(err);
  }

  /**
   * A client over its own workspace store (a batch item's session), sharing the token and client
   * id; its notices are only logged, so a batch item never touches the person's chat session.
   */
  clientFor(workspaceStore: KeyValueStore): NemoClientApi {
    return this.buildClient(workspaceStore);
  }

  /** The protocol's rate-limit wait (shorter under test). */
  get rateLimitWaitMs(): number {
    return heavy().rateLimitWaitMs(isTestMode());
  }

  private buildClient(workspaceStore?: KeyValueStore): NemoClientApi {
    const cfg = vscode.workspace.getConfiguration();
    const { apiUrl, webUrl } = resolveEndpoints(
      { apiUrl: cfg.get<string>("imageGeneration.apiUrl"), webUrl: cfg.get<string>("imageGeneration.webUrl") },
      process.env,
    );
    const platform = detectPlatform({
      appName: vscode.env.appName,
      uriScheme: vscode.env.uriScheme,
      appHost: vscode.env.appHost,
      remoteName: vscode.env.remoteName,
    });
    this.logger.info(`Client: api ${apiUrl}, web ${webUrl}, platform ${platform}, version ${VERSION}`);
    return heavy().createClient({
      apiUrl,
      webUrl,
      platform,
      version: VERSION,
      language: vscode.env.language,
      globalStore: new MementoStore(this.context.globalState),
      workspaceStore: workspaceStore ?? new MementoStore(this.context.workspaceState),
      secrets: new SecretStore(this.context.secrets),
      env: process.env,
      logger: this.logger,
      proxy: {
        proxy: cfg.get<string>("http.proxy") || undefined,
        strictSSL: cfg.get<boolean>("http.proxyStrictSSL", true),
        noProxy: cfg.get<string[]>("http.noProxy", []),
      },
      testMode: isTestMode(),
      // A batch item's client: its notices are only logged, its exports stay in its own store.
      onNotice: workspaceStore ? (n) => this.logger.info(`Batch notice (${n.kind}): ${n.message}`) : (n) => this.onNotice(n),
      exportRecords: workspaceStore ? undefined : this.exportRecords,
      // Asked at each save, so turning it off applies to the next file at once.
      embedPromptInFiles: () => vscode.workspace.getConfiguration("imageGeneration").get<boolean>("embedPromptInFiles", true),
    });
  }

  private onNotice(n: Notice): void {
    this.notices.push(n);
    if (this.notices.length > 20) this.notices.shift();
    switch (n.kind) {
      case "connecting":
        vscode.window.setStatusBarMessage(`$(sync~spin) ${vscode.l10n.t("Connecting to NemoVideo…")}`, 4000);
        return;
      case "rate-limited":
        vscode.window.setStatusBarMessage(`$(watch) ${vscode.l10n.t("The service is busy; retrying shortly…")}`, 8000);
        return;
      case "session-replaced":
        void vscode.window.showWarningMessage(
          vscode.l10n.t("The service no longer has your previous session, so a new one was started. Your chat history and saved files are kept."),
        );
        this.sessionChanged("lost");
        return;
      case "token-renewed":
        return;
      case "token-not-kept":
        void vscode.window.showWarningMessage(n.phrase ? translatePhrase(n.phrase) : n.message);
        return;
    }
  }
}
