/**
 * The editor's export runner as its callers see it (export-runner.ts ExportRunner implements it):
 * a new export, a resumed render, and the export a closed window left unfinished.
 */
import type * as vscode from "vscode";
import type { ExportRecord, ExportSource } from "../../core/render/export-records";
import type { ExportProgress, ExportResult } from "../../core/types";

export interface ExportHooks {
  /** Every progress event (the progress notification's reporter). */
  report?: (p: ExportProgress) => void;
  /** The render id as soon as it is known (before the submit is sent). */
  onRenderId?: (renderId: string) => void;
}

export interface ExportJobs {
  /** A new export into `outDir`; rejects with the NemoError (callers show it). */
  start(outDir: string, token?: vscode.CancellationToken, hooks?: ExportHooks, source?: ExportSource): Promise<ExportResult>;
  /** Resume a render started earlier (before a window reload, or one that could not be saved). */
  resume(rec: ExportRecord, token?: vscode.CancellationToken, hooks?: ExportHooks): Promise<ExportResult>;
  /** The newest export a closed window (or a drop) left unfinished, if any. */
  pending(): Promise<ExportRecord | undefined>;
}
