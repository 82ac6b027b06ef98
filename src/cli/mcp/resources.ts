/**
 * The media this server saved, as MCP resources (`resources/list`, `resources/read`,
 * `notifications/resources/list_changed`). The server reads them through `SavedMediaSource`, a
 * small seam: for now `ProcessMediaSource` (what this server process saved, plus the finished
 * exports the CLI's export records on disk name: `seed`); the persisted job ledger
 * (src/core/jobs/) can implement the same three methods and replace it without touching the server.
 * URIs are the files' `file:` URLs (what `resource_link` content points at). Only files the source
 * lists can be read: a `resources/read` for any other URI is refused (-32002), so the server never
 * serves an arbitrary path.
 */
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { mimeTypeOfFile } from "../../core/media/media-type";

export interface SavedMediaEntry {
  /** `file:///…/red-fox.png`. */
  uri: string;
  /** Absolute path on this machine. */
  path: string;
  /** The file name. */
  name: string;
  /** By the one media-type rule (the bytes first). */
  mimeType: string;
  /** Size in bytes. */
  size: number;
  /** A line for people: where it is, what made it. */
  description: string;
}

export interface SavedMediaContent {
  entry: SavedMediaEntry;
  bytes: Buffer;
}

/** Where the MCP resources come from. */
export interface SavedMediaSource {
  /** Every saved file that still exists, newest first. */
  list(): Promise<SavedMediaEntry[]>;
  /** The file behind a listed URI; undefined for a URI the source does not list (or a file gone since). */
  read(uri: string): Promise<SavedMediaContent | undefined>;
  /** Called after each new file; returns an unsubscribe. */
  onDidChange(listener: () => void): () => void;
}

/** The files saved by this process (and any recorded ones added with `add`). */
export class ProcessMediaSource implements SavedMediaSource {
  private readonly files = new Map<string, { path: string; description: string }>();
  private readonly listeners = new Set<() => void>();

  /** Record a file saved earlier (from records kept on disk), without announcing it. */
  seed(file: string, description: string): void {
    const uri = pathToFileURL(file).href;
    if (!this.files.has(uri)) this.files.set(uri, { path: file, description });
  }

  /** Record a saved file (absolute path); listeners hear about it once. */
  add(file: string, description: string): string {
    const uri = pathToFileURL(file).href;
    const isNew = !this.files.has(uri);
    this.files.delete(uri); // newest last in the map, listed first
    this.files.set(uri, { path: file, description });
    if (isNew) for (const l of [...this.listeners]) l();
    return uri;
  }

  async list(): Promise<SavedMediaEntry[]> {
    const out: SavedMediaEntry[] = [];
    for (const [uri, f] of [...this.files].reverse()) {
      const entry = await this.entry(uri, f.path, f.description);
      if (entry) out.push(entry);
    }
    return out;
  }

  async read(uri: string): Promise<SavedMediaContent | undefined> {
    const f = this.files.get(uri);
    if (!f) return undefined;
    const entry = await this.entry(uri, f.path, f.description);
    if (!entry) return undefined;
    return { entry, bytes: await fs.readFile(f.path) };
  }

  onDidChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async entry(uri: string, file: string, description: string): Promise<SavedMediaEntry | undefined> {
    const st = await fs.stat(file).catch(() => undefined);
    if (!st?.isFile()) return undefined;
    return { uri, path: file, name: path.basename(file), mimeType: await mimeTypeOfFile(file), size: st.size, description };
  }
}
