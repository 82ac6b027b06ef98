/**
 * Runs the editor's exports (palette, Session tree, resume) with a cancellable progress and keeps
 * them resumable. What happened to each export lives in the one export record store
 * (core/render/export-records.ts), which the client writes for every path, the chat included:
 * - Window closes / extension host stops mid-render: the record stays resumable; the next
 *   activation resumes it.
 * - The person presses Cancel: the request is aborted, the service is asked to stop the render
 *   (best effort) and the record is marked cancelled.
 */
import * as vscode from "vscode";
import type { ExportOptions } from "../core/api";
import { CancelledError } from "../core/errors";
import type { ExportRecord, ExportSource } from "../core/render/export-records";
import type { ExportResult } from "../core/types";
import { Disposable } from "./disposable";
import type { ExportHooks, ExportJobs } from "./contracts/export-jobs";
import type { Services } from "./services";

/** Why a run stopped without a file when the window is going away (the record stays resumable). */
const WINDOW_CLOSING = "window-closing";

export class ExportRunner extends Disposable implements ExportJobs {
  private readonly running = new Set<AbortController>();

  constructor(private readonly services: Pick<Services, "client" | "exportRecords">) {
    super();
    this._register({ dispose: () => this.abortAll() });
  }

  /** Abort every run as if the window closed (their records stay resumable). */
  abortAll(): void {
    for (const c of this.running) c.abort(WINDOW_CLOSING);
    this.running.clear();
  }

  /**
   * At activation: the newest unfinished export is the one to resume; older ones that still look
   * running (a window closed on them earlier) become `interrupted`, resumable from the tree.
   */
  async settleAtStartup(): Promise<ExportRecord | undefined> {
    const records = this.services.exportRecords;
    const pending = await records.pending();
    for (const r of await records.list()) {
      if (r !== pending && r.id !== pending?.id && (r.state === "starting" || r.state === "rendering" || r.state === "downloading")) {
        await records.update(r.id, { state: r.renderId ? "interrupted" : "failed" });
      }
    }
    return pending;
  }

  /** The newest export a closed window (or a drop) left unfinished, if any. */
  pending(): Promise<ExportRecord | undefined> {
    return this.services.exportRecords.pending();
  }

  /** A new export; the promise rejects with the NemoError (callers show it). */
  start(outDir: string, token?: vscode.CancellationToken, hooks: ExportHooks = {}, source: ExportSource = "palette"): Promise<ExportResult> {
    return this.track(token, hooks, (opts) => this.services.client.exportVideo({ ...opts, outDir, source }));
  }

  /** Resume a render started earlier (before a window reload, or one that could not be saved). */
  resume(rec: ExportRecord, token?: vscode.CancellationToken, hooks: ExportHooks = {}): Promise<ExportResult> {
    const renderId = rec.renderId;
    if (!renderId) return Promise.reject(new Error("an export without a render id cannot be resumed"));
    return this.track(token, hooks, (opts) => this.services.client.resumeExport(renderId, { ...opts, outDir: rec.outDir, source: "resume" }), renderId);
  }

  private async track(
    token: vscode.CancellationToken | undefined,
    hooks: ExportHooks,
    run: (opts: Omit<ExportOptions, "outDir">) => Promise<ExportResult>,
    knownRenderId?: string,
  ): Promise<ExportResult> {
    const controller = new AbortController();
    this.running.add(controller);
    let renderId = knownRenderId;
    const cancelled = token?.onCancellationRequested(() => {
      controller.abort(new CancelledError());
      // The person's cancel: the service is asked to stop too; the record becomes `cancelled`.
      if (renderId) void this.services.client.cancelExport(renderId);
    });
    try {
      return await run({
        signal: controller.signal,
        onRenderId: (id) => {
          renderId = id;
          hooks.onRenderId?.(id);
        },
        onProgress: (p) => hooks.report?.(p),
      });
    } finally {
      cancelled?.dispose();
      this.running.delete(controller);
    }
  }
}
