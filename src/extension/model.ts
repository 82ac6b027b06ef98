/** In-memory facts the tree shows besides the backend state (downloads). Exports live in core/render/export-records.ts. No `vscode` import. */
export class SessionModel {
  /** media key → downloaded file path */
  readonly downloads = new Map<string, string>();
  private readonly listeners = new Set<() => void>();

  onChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  changed(): void {
    for (const l of this.listeners) l();
  }

  recordDownload(key: string, filePath: string): void {
    this.downloads.set(key, filePath);
    this.changed();
  }

  /** Forget everything that belonged to the previous session. */
  clear(): void {
    this.downloads.clear();
    this.changed();
  }
}
