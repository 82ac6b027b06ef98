/** In-memory facts the tree shows besides the backend state. No `vscode` import. */
export type ExportState = "rendering" | "done" | "failed";

export interface ExportRecord {
  id: number;
  renderId?: string;
  state: ExportState;
  percent?: number;
  filePath?: string;
  startedAt: number;
}

export class SessionModel {
  readonly exports: ExportRecord[] = [];
  /** media key → downloaded file path */
  readonly downloads = new Map<string, string>();
  private nextId = 1;
  private readonly listeners = new Set<() => void>();

  onChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  changed(): void {
    for (const l of this.listeners) l();
  }

  startExport(now: number, renderId?: string): ExportRecord {
    const rec: ExportRecord = { id: this.nextId++, renderId, state: "rendering", startedAt: now };
    this.exports.unshift(rec);
    if (this.exports.length > 20) this.exports.pop();
    this.changed();
    return rec;
  }

  updateExport(rec: ExportRecord, patch: Partial<Omit<ExportRecord, "id">>): void {
    Object.assign(rec, patch);
    this.changed();
  }

  recordDownload(key: string, filePath: string): void {
    this.downloads.set(key, filePath);
    this.changed();
  }

  /** Forget everything that belonged to the previous session. */
  clear(): void {
    this.exports.length = 0;
    this.downloads.clear();
    this.changed();
  }
}
