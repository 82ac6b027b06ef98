/**
 * Finding the workspace's media on disk for the gallery: the output folder(s) walked a few levels
 * deep (hidden folders and node_modules skipped), each medium stat'ed and its provenance record
 * read from the file's head (provenance/read-head.ts). A cache keyed by path, size and mtime makes
 * a rescan read only new or changed files. Never throws for one unreadable file: it is listed
 * without a record (or left out when it vanished meanwhile).
 */
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { readProvenanceFast } from "../provenance/read-head";
import type { ReadRecord } from "../provenance/read";
import { isGalleryMedia } from "./kind";
import type { FileFact } from "./types";

export interface ScanOptions {
  /** Folder levels below each root that are walked (0: the root only). Default 3. */
  maxDepth?: number;
  /** At most this many files in all (the newest are not chosen: the walk stops). Default 20,000. */
  maxFiles?: number;
  /** Records read at the same time. Default 16. */
  concurrency?: number;
  signal?: AbortSignal;
  /**
   * Called once with the `firstCount` newest files (by mtime) read, before the others are read:
   * the view's first screen need not wait for thousands of records. `known` is every file found
   * (read or not), so the caller can tell which ledger entries still exist.
   */
  onFirst?: (first: FileFact[], known: ReadonlySet<string>) => void;
  /** How many files `onFirst` gets. Default 60 (a tall side bar shows ~10 rows). */
  firstCount?: number;
}

interface Found {
  path: string;
  size: number;
  mtimeMs: number;
}

async function walk(root: string, depth: number, opts: Required<Pick<ScanOptions, "maxDepth" | "maxFiles">>, out: Found[], seen: Set<string>, signal?: AbortSignal): Promise<void> {
  if (out.length >= opts.maxFiles || signal?.aborted) return;
  let entries: import("node:fs").Dirent[];
  try {
    entries = await fs.readdir(root, { withFileTypes: true });
  } catch {
    return; // a missing output folder is an empty one
  }
  const files = entries.filter((e) => e.isFile() && isGalleryMedia(e.name)).map((e) => path.join(root, e.name));
  const stats = await Promise.all(files.map((f) => fs.stat(f).then((s) => ({ path: f, size: s.size, mtimeMs: s.mtimeMs }), () => undefined)));
  for (const s of stats) {
    if (!s || seen.has(s.path) || out.length >= opts.maxFiles) continue;
    seen.add(s.path);
    out.push(s);
  }
  if (depth >= opts.maxDepth) return;
  for (const e of entries) {
    if (e.isDirectory() && !e.name.startsWith(".") && e.name !== "node_modules") await walk(path.join(root, e.name), depth + 1, opts, out, seen, signal);
  }
}

/** Media files under the roots (stat'ed, not read). */
export async function findMediaFiles(roots: readonly string[], opts: ScanOptions = {}): Promise<Found[]> {
  const o = { maxDepth: opts.maxDepth ?? 3, maxFiles: opts.maxFiles ?? 20_000 };
  const out: Found[] = [];
  const seen = new Set<string>();
  for (const root of roots) await walk(path.resolve(root), 0, o, out, seen, opts.signal);
  return out;
}

/** Runs `fn` over `items` with at most `n` at once, keeping the order. */
async function mapLimit<T, R>(items: readonly T[], n: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(n, items.length)) }, worker));
  return out;
}

function slim(r: ReadRecord): FileFact["record"] {
  return { prompt: r.prompt, ratio: r.ratio, style: r.style, createdAt: r.createdAt, jobId: r.jobId, sessionId: r.sessionId, kind: r.kind, aiGenerated: r.aiGenerated };
}

/**
 * Reads media files and their records, remembering them between scans (one per gallery). The
 * `read` port exists for tests and the benchmark; by default it is readProvenanceFast.
 */
export class MediaScanner {
  private readonly cache = new Map<string, FileFact>();

  constructor(private readonly read: (file: string) => Promise<ReadRecord> = readProvenanceFast) {}

  /** The media under `roots`, plus `extra` files (the ledger's, wherever they are) that still exist. */
  async scan(roots: readonly string[], extra: readonly string[] = [], opts: ScanOptions = {}): Promise<FileFact[]> {
    const found = await findMediaFiles(roots, opts);
    const seen = new Set(found.map((f) => f.path));
    const more = await Promise.all(
      extra
        .map((p) => path.resolve(p))
        .filter((p) => !seen.has(p) && isGalleryMedia(p))
        .map((p) => fs.stat(p).then((s) => (s.isFile() ? { path: p, size: s.size, mtimeMs: s.mtimeMs } : undefined), () => undefined)),
    );
    for (const m of more) {
      if (!m || seen.has(m.path)) continue;
      seen.add(m.path);
      found.push(m);
    }
    const readOne = async (f: Found): Promise<FileFact> => {
      const known = this.cache.get(f.path);
      if (known && known.size === f.size && known.mtimeMs === f.mtimeMs) return known;
      const record = await this.read(f.path).then(slim, () => undefined);
      const fact: FileFact = { ...f, record };
      this.cache.set(f.path, fact);
      return fact;
    };
    // Newest first, so the first part is what the first screen shows.
    found.sort((a, b) => b.mtimeMs - a.mtimeMs);
    const n = opts.concurrency ?? 16;
    const cut = opts.onFirst ? Math.min(found.length, opts.firstCount ?? 60) : 0;
    const first = await mapLimit(found.slice(0, cut), n, readOne);
    if (opts.onFirst) opts.onFirst(first, seen);
    const rest = await mapLimit(found.slice(cut), n, readOne);
    for (const key of this.cache.keys()) if (!seen.has(key)) this.cache.delete(key);
    return [...first, ...rest];
  }

  /** Forget a file (deleted from the gallery). */
  forget(file: string): void {
    this.cache.delete(path.resolve(file));
  }
}
