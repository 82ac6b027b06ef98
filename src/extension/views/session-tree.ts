import { promises as fs } from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";
import type { ExportRecord } from "../../core/render/export-records";
import { describeError } from "../../core/support/logger";
import { canvasLabel, canvasOf } from "../../core/state/canvas";
import { segmentTitle } from "../../core/state/summary";
import { mediaDisplayName, mediaTitle } from "../../core/media/media-name";
import type { GeneratedMedia, MediaKind, SessionState, TrackKind } from "../../core/types";
import { Disposable } from "../disposable";
import { mediaWord } from "../l10n";
import { timeRange } from "../format";
import type { HostServices } from "../contracts/host-services";
import type { SessionView } from "../contracts/session-view";
import type { SessionModel } from "../model";
import { exportItem } from "./export-item";
import { jobItem, listedInSessionView, SESSION_VIEW_JOBS } from "./job-item";
import { isFinalState, type Job } from "../../core/jobs/types";
import type { UploadRecord } from "../../core/media/upload-records";
import type { UploadsStore } from "../uploads-store";
import type { Group, SessionNode } from "./session-node";
import { uploadItem } from "./upload-item";

const KIND_ICON: Record<TrackKind, string> = { video: "device-camera-video", audio: "music", text: "symbol-text", other: "layers" };
const MEDIA_ICON: Record<MediaKind, string> = { image: "file-media", video: "device-camera-video", audio: "music", unknown: "file" };

function kindLabel(kind: TrackKind): string {
  switch (kind) {
    case "video":
      return vscode.l10n.t("Video");
    case "audio":
      return vscode.l10n.t("Audio");
    case "text":
      return vscode.l10n.t("Text");
    default:
      return vscode.l10n.t("Other");
  }
}

/** The "Session" tree: tracks and segments, generated media, exports. */
export class SessionTreeProvider extends Disposable implements vscode.TreeDataProvider<SessionNode>, SessionView {
  private readonly emitter = this._register(new vscode.EventEmitter<SessionNode | undefined>());
  readonly onDidChangeTreeData = this.emitter.event;
  private state: SessionState | undefined;
  private hasSession = false;
  private visible = false;
  private loading: Promise<void> | undefined;
  /** The export records (newest first) and which finished ones lost their file. */
  private exports: Array<{ record: ExportRecord; missing: boolean }> = [];
  /** The newest jobs of the ledger (every surface's paid and long work), newest first. */
  private jobs: Job[] = [];
  private jobsTimer: ReturnType<typeof setTimeout> | undefined;
  /** The current session's uploads (the ledger's `upload` jobs), newest first. */
  private uploadRecords: UploadRecord[] = [];
  private sessionId: string | undefined;

  constructor(
    private readonly services: HostServices,
    private readonly model: SessionModel,
    private readonly uploads?: UploadsStore,
  ) {
    super();
    this._register(model.onChange(() => this.emitter.fire(undefined)));
    this._register(services.exportRecords.onDidChange(() => void this.loadExports()));
    // Every job's change (a generation's stage, a render's percent): re-read at most every 500 ms.
    this._register(services.exportRecords.ledger.onDidChange(() => this.scheduleJobs()));
    this._register({ dispose: () => this.jobsTimer && clearTimeout(this.jobsTimer) });
    void this.loadExports();
    void this.loadJobs();
    if (uploads) this._register(uploads.onDidChange(() => void this.loadUploads()));
    this._register(services.onDidRequestRefresh((what) => {
      if (what !== "credits") void this.reload();
    }));
    this._register(services.onDidChangeSession(() => {
      this.state = undefined;
      this.uploadRecords = [];
      model.clear();
    }));
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    if (visible) void this.reload();
  }

  /** The export records and whether each finished one's file is still on disk. */
  private async loadExports(): Promise<void> {
    try {
      const records = await this.services.exportRecords.list();
      this.exports = await Promise.all(
        records.map(async (record) => ({
          record,
          missing: record.state === "done" && record.filePath !== undefined && !(await fs.stat(record.filePath).then((s) => s.isFile(), () => false)),
        })),
      );
    } catch (err) {
      this.services.logger.warn(`Could not read the export records: ${describeError(err)}`);
    }
    this.emitter.fire(undefined);
  }

  private scheduleJobs(): void {
    if (this.jobsTimer) return;
    this.jobsTimer = setTimeout(() => {
      this.jobsTimer = undefined;
      void this.loadJobs();
    }, 500);
  }

  /** The newest jobs of the ledger (the Jobs section). */
  private async loadJobs(): Promise<void> {
    try {
      const all = await this.services.exportRecords.ledger.list({ limit: SESSION_VIEW_JOBS * 4 });
      this.jobs = all.filter(listedInSessionView).slice(0, SESSION_VIEW_JOBS);
    } catch (err) {
      this.services.logger.warn(`Could not read the job ledger: ${describeError(err)}`);
    }
    this.emitter.fire(undefined);
  }

  /** The uploads of the session last read (none before the view read it). */
  private async loadUploads(): Promise<void> {
    try {
      this.uploadRecords = (await this.uploads?.list(this.sessionId)) ?? [];
    } catch (err) {
      this.services.logger.warn(`Could not read the upload records: ${describeError(err)}`);
    }
    this.emitter.fire(undefined);
  }

  /** Read the session state (only when a session exists and the view is visible or forced). */
  reload(force = false): Promise<void> {
    if (!this.visible && !force) return Promise.resolve();
    if (this.loading) return this.loading;
    this.loading = Promise.all([this.load(), this.loadExports(), this.loadJobs()]).then(() => undefined).finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async load(): Promise<void> {
    try {
      const session = await this.services.client.currentSession();
      this.hasSession = session !== undefined;
      this.sessionId = session?.sessionId;
      await this.loadUploads();
      await vscode.commands.executeCommand("setContext", "imageGeneration.hasSession", this.hasSession);
      this.state = this.hasSession ? await this.services.client.state() : undefined;
    } catch (err) {
      this.services.logger.warn(`Could not read the session state: ${describeError(err)}`);
    }
    this.emitter.fire(undefined);
  }

  get currentState(): SessionState | undefined {
    return this.state;
  }

  getChildren(node?: SessionNode): SessionNode[] {
    if (!node) {
      if (!this.hasSession && this.exports.length === 0 && this.uploadRecords.length === 0 && this.jobs.length === 0) return [];
      return [
        { type: "group", group: "tracks" },
        { type: "group", group: "media" },
        { type: "group", group: "uploads" },
        { type: "group", group: "exports" },
        { type: "group", group: "jobs" },
      ];
    }
    switch (node.type) {
      case "group":
        return this.groupChildren(node.group);
      case "track":
        return node.track.segments.map((segment) => ({ type: "segment", track: node.track, segment }));
      default:
        return [];
    }
  }

  private groupChildren(group: Group): SessionNode[] {
    if (group === "jobs") {
      return this.jobs.length ? this.jobs.map((job) => ({ type: "job", job })) : [{ type: "empty", text: vscode.l10n.t("No jobs yet.") }];
    }
    if (group === "uploads") {
      const records = this.uploadRecords;
      return records.length ? records.map((record) => ({ type: "upload", record })) : [{ type: "empty", text: vscode.l10n.t("No uploads yet.") }];
    }
    if (group === "tracks") {
      const tracks = this.state?.draft?.tracks ?? [];
      return tracks.length
        ? tracks.map((track) => ({ type: "track", track }))
        : [{ type: "empty", text: vscode.l10n.t("No tracks yet: generate something first.") }];
    }
    if (group === "media") {
      const media = this.state?.generatedMedia ?? [];
      return media.length ? media.map((m) => ({ type: "media", media: m })) : [{ type: "empty", text: vscode.l10n.t("Nothing generated yet.") }];
    }
    return this.exports.length
      ? this.exports.map(({ record, missing }) => ({ type: "export", record, missing }))
      : [{ type: "empty", text: vscode.l10n.t("No exports yet.") }];
  }

  getTreeItem(node: SessionNode): vscode.TreeItem {
    switch (node.type) {
      case "group":
        return this.groupItem(node.group);
      case "track": {
        const item = new vscode.TreeItem(`${node.track.index + 1}. ${kindLabel(node.track.kind)}`, vscode.TreeItemCollapsibleState.Expanded);
        item.iconPath = new vscode.ThemeIcon(KIND_ICON[node.track.kind]);
        const n = node.track.segments.length;
        item.description = n === 1 ? vscode.l10n.t("1 segment") : vscode.l10n.t("{0} segments", n);
        item.contextValue = "track";
        return item;
      }
      case "segment": {
        const s = node.segment;
        // The core's one naming rule (as the chat's status lines): a title's words, a prompt's subject, never an id.
        const name = segmentTitle(s, node.track.kind) ?? vscode.l10n.t("Segment {0}", s.index + 1);
        const item = new vscode.TreeItem(name, vscode.TreeItemCollapsibleState.None);
        // Music says its volume in words; a clip's own sound at full volume says nothing.
        const volume = node.track.kind === "audio" && s.volume !== undefined ? `, ${vscode.l10n.t("volume {0}%", Math.round(s.volume * 100))}` : "";
        const size = s.width && s.height ? ` · ${s.width}×${s.height}` : "";
        item.description = timeRange(s.startMs, s.endMs) + volume + size;
        // Words a person reads: never the media's URL (the backend's ids are in it).
        item.tooltip = `${name}\n${item.description}`;
        item.contextValue = "segment";
        return item;
      }
      case "media":
        return this.mediaItem(node.media);
      case "upload":
        return uploadItem(node.record);
      case "export":
        return exportItem(node.record, node.missing);
      case "job":
        return jobItem(node.job);
      case "empty": {
        const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
        item.contextValue = "empty";
        return item;
      }
    }
  }

  private groupItem(group: Group): vscode.TreeItem {
    const labels = { tracks: vscode.l10n.t("Tracks"), media: vscode.l10n.t("Generated media"), uploads: vscode.l10n.t("Uploads"), exports: vscode.l10n.t("Exports"), jobs: vscode.l10n.t("Jobs") };
    const icons = { tracks: "list-tree", media: "sparkle", uploads: "cloud-upload", exports: "export", jobs: "history" };
    const item = new vscode.TreeItem(labels[group], group === "jobs" ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.Expanded);
    item.iconPath = new vscode.ThemeIcon(icons[group]);
    item.id = `group:${group}`;
    item.contextValue = `group.${group}`;
    if (group === "jobs") {
      const running = this.jobs.filter((j) => !isFinalState(j.state)).length;
      const late = this.jobs.filter((j) => j.state === "done" && j.detached).length;
      const parts = [
        running ? vscode.l10n.t("{0} running", running) : undefined,
        late ? vscode.l10n.t("{0} finished after you stopped waiting", late) : undefined,
      ].filter((p): p is string => Boolean(p));
      if (parts.length) item.description = parts.join(" · ");
    }
    if (group === "tracks") {
      // The canvas the timeline renders to, e.g. "1920×1080 · 16:9" (canvas_config, read by the core).
      const canvas = canvasLabel(canvasOf(this.state));
      if (canvas) {
        item.description = canvas;
        item.tooltip = vscode.l10n.t("Canvas: {0}", canvas);
      }
    }
    return item;
  }

  private mediaItem(m: GeneratedMedia): vscode.TreeItem {
    const file = this.model.downloads.get(m.key);
    // What a person recognises: the saved file's name, else the title or prompt, else "Generated image · 14:05"
    // (core/media/media-name.ts); never the backend's id or URL. A saved file's path is the tooltip's second line.
    const label = file ? path.basename(file) : mediaDisplayName(m, { word: mediaWord });
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    item.iconPath = new vscode.ThemeIcon(MEDIA_ICON[m.kind]);
    item.description = file ? vscode.l10n.t("downloaded") : mediaTitle(m) ? mediaWord(m.kind) : undefined;
    item.tooltip = file ? `${label}\n${file}` : `${label}\n${vscode.l10n.t("Click to download it into the workspace.")}`;
    item.accessibilityInformation = { label: file ? vscode.l10n.t("{0}, downloaded", label) : label };
    item.contextValue = file ? "media.downloaded" : "media";
    item.command = { command: "imageGeneration.downloadMedia", title: vscode.l10n.t("Download Media"), arguments: [{ type: "media", media: m }] };
    return item;
  }
}
