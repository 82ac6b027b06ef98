import * as path from "node:path";
import * as vscode from "vscode";
import type { ExportOptions } from "../core/api";
import { StoreKeys } from "../core/storage";
import type { ExportProgress, ExportResult } from "../core/types";
import { Disposable } from "./disposable";
import type { ServiceHost } from "./host";
import type { ExportRecord, SessionModel } from "./model";

export interface PendingRender {
  renderId: string;
  sessionId?: string;
  outDir: string;
  startedAt: number;
}

/** Why a run stopped without a file: the person cancelled, or the window is going away. */
const DISPOSED = "window-closing";

/**
 * Runs exports and keeps them resumable. The render id goes into workspaceState
 * (StoreKeys.pendingRender) as soon as it is known and is cleared when the export is done or failed.
 * - Window closes / extension host stops mid-render: the id stays; the next activation resumes it.
 * - The person presses Cancel: polling stops and the id is cleared too (they asked to stop; a
 *   render is free, so nothing paid is lost). The job may still finish on the server, unused.
 */
export class ExportRunner extends Disposable {
  private readonly running = new Set<AbortController>();

  constructor(
    private readonly services: ServiceHost,
    private readonly model: SessionModel,
  ) {
    super();
    this._register({ dispose: () => this.abortAll(DISPOSED) });
  }

  /** Abort every run as if the window closed (keeps the pending render for resume). */
  abortAll(reason: string = DISPOSED): void {
    for (const c of this.running) c.abort(reason);
    this.running.clear();
  }

  async pending(): Promise<PendingRender | undefined> {
    const raw = this.services.context.workspaceState.get<unknown>(StoreKeys.pendingRender);
    if (typeof raw !== "string") return undefined;
    try {
      const v = JSON.parse(raw) as Partial<PendingRender>;
      if (typeof v.renderId === "string" && typeof v.outDir === "string") {
        return { renderId: v.renderId, outDir: v.outDir, sessionId: v.sessionId, startedAt: Number(v.startedAt) || Date.now() };
      }
    } catch {
      // ignore a broken entry
    }
    await this.clearPending();
    return undefined;
  }

  async setPending(p: PendingRender): Promise<void> {
    await this.services.context.workspaceState.update(StoreKeys.pendingRender, JSON.stringify(p));
  }

  clearPending(): Thenable<void> {
    return this.services.context.workspaceState.update(StoreKeys.pendingRender, undefined);
  }

  /** A new export; the promise rejects with the NemoError (callers show it). */
  async start(outDir: string, token?: vscode.CancellationToken, report?: (p: ExportProgress) => void): Promise<ExportResult> {
    const session = await this.services.client.currentSession().catch(() => undefined);
    const rec = this.model.startExport(Date.now());
    return this.track(rec, token, report, (opts) =>
      this.services.client.exportVideo({
        ...opts,
        outDir,
        onRenderId: (renderId) => {
          this.model.updateExport(rec, { renderId });
          report?.({ stage: "rendering", renderId });
          void this.setPending({ renderId, sessionId: session?.sessionId, outDir, startedAt: Date.now() });
        },
      }),
    );
  }

  /** Resume a render started earlier (before a window reload). */
  resume(p: PendingRender, token?: vscode.CancellationToken, report?: (p: ExportProgress) => void): Promise<ExportResult> {
    const rec = this.model.startExport(p.startedAt, p.renderId);
    return this.track(rec, token, report, (opts) => this.services.client.resumeExport(p.renderId, { ...opts, outDir: p.outDir }));
  }

  private async track(
    rec: ExportRecord,
    token: vscode.CancellationToken | undefined,
    report: ((p: ExportProgress) => void) | undefined,
    run: (opts: Omit<ExportOptions, "outDir">) => Promise<ExportResult>,
  ): Promise<ExportResult> {
    const controller = new AbortController();
    this.running.add(controller);
    token?.onCancellationRequested(() => controller.abort("cancelled"));
    try {
      const result = await run({
        signal: controller.signal,
        fileName: `export-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-")}.mp4`,
        onProgress: (p) => {
          if (p.renderId && !rec.renderId) this.model.updateExport(rec, { renderId: p.renderId });
          if (p.percent !== undefined) this.model.updateExport(rec, { percent: p.percent });
          report?.(p);
        },
      });
      this.model.updateExport(rec, { state: "done", filePath: result.filePath, renderId: result.renderId, percent: 100 });
      await this.clearPending();
      this.services.logger.info(`Export ${result.renderId} saved to ${path.basename(result.filePath)} (${result.bytes} bytes).`);
      return result;
    } catch (err) {
      const closing = controller.signal.aborted && controller.signal.reason === DISPOSED;
      this.model.updateExport(rec, { state: "failed" });
      // Window closing: keep the id so the next activation resumes. Otherwise the job is finished with.
      if (!closing) await this.clearPending();
      throw err;
    } finally {
      this.running.delete(controller);
    }
  }
}
