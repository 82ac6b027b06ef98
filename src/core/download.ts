/**
 * Saving a response body to disk, shared by export and media downloads. The body streams to a
 * temp file in the target directory (`.<name>.<random>.part`), is synced and its size checked
 * against Content-Length, then moved to its final name — never over an existing file
 * ("name-2.ext", "name-3.ext", ...). On any failure, abort included, the temp file is deleted.
 */
import { randomBytes } from "node:crypto";
import { createWriteStream, promises as fs } from "node:fs";
import * as path from "node:path";
import { pipeline } from "node:stream/promises";
import type { Dispatcher } from "undici";
import { CancelledError, NemoError, NetworkError, phrase, type Phrase } from "./errors";
import { collisionName, sanitizeFileName } from "./files";
import { headerValue, type HttpResponse, send, transportError } from "./http/transport";
import type { DownloadProgress } from "./types";

export interface SaveTarget {
  outDir: string;
  /** Sanitised again here; the final name may get a "-n" suffix. */
  fileName: string;
  signal?: AbortSignal;
  onProgress?: (progress: DownloadProgress) => void;
}

export interface SavedFile {
  path: string;
  bytes: number;
}

const MAX_COLLISIONS = 1000;

export function downloadFailed(userMessage: Phrase, cause?: unknown): NetworkError {
  return new NetworkError("DOWNLOAD_FAILED", { userMessage, nextStep: phrase("Try the download again."), cause });
}

/** Content-Length of a response, when present and sane. */
export function contentLengthOf(res: HttpResponse): number | undefined {
  const raw = headerValue(res.headers, "content-length");
  if (raw === undefined || !/^\d+$/.test(raw.trim())) return undefined;
  return Number(raw);
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;

/**
 * GET `url` (no envelope) and save the body, following up to 5 redirects. `headersFor` is asked
 * again for every hop, so credentials go only where it allows (the API origin), never to a
 * host a redirect points at.
 */
export async function downloadUrl(
  url: string,
  opts: SaveTarget & { headersFor: (url: string) => Promise<Record<string, string>>; dispatcher?: Dispatcher },
): Promise<SavedFile> {
  let current = url;
  for (let hop = 0; ; hop++) {
    const res = await send({ method: "GET", url: current, headers: await opts.headersFor(current), signal: opts.signal, dispatcher: opts.dispatcher });
    if (REDIRECTS.has(res.status)) {
      await res.body.dump().catch(() => undefined);
      const location = headerValue(res.headers, "location");
      const next = location ? safeUrl(location, current) : undefined;
      if (!next || hop >= MAX_REDIRECTS) throw downloadFailed(phrase("The download was redirected too often or to an invalid address."));
      current = next;
      continue;
    }
    if (res.status < 200 || res.status >= 300) {
      await res.body.dump().catch(() => undefined);
      throw downloadFailed(phrase("The download failed (HTTP {0}).", res.status));
    }
    return saveResponse(res, opts);
  }
}

function safeUrl(location: string, base: string): string | undefined {
  try {
    const u = new URL(location, base);
    return u.protocol === "http:" || u.protocol === "https:" ? u.toString() : undefined;
  } catch {
    return undefined;
  }
}

export async function saveResponse(res: HttpResponse, target: SaveTarget): Promise<SavedFile> {
  const expected = contentLengthOf(res);
  const name = sanitizeFileName(target.fileName);
  await fs.mkdir(target.outDir, { recursive: true });
  const tmp = path.join(target.outDir, `.${name}.${randomBytes(6).toString("hex")}.part`);
  try {
    const bytes = await writeBody(res, tmp, expected, target);
    if (expected !== undefined && bytes !== expected) {
      throw downloadFailed(phrase("The download was cut short ({0} of {1} bytes).", bytes, expected));
    }
    const finalPath = await placeWithoutOverwrite(tmp, target.outDir, name);
    return { path: finalPath, bytes };
  } catch (err) {
    res.body.destroy();
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    if (target.signal?.aborted) throw new CancelledError(err);
    if (err instanceof NemoError) throw err;
    if (isFsError(err)) throw downloadFailed(phrase("Could not write the file in {0} ({1}).", target.outDir, String(err.code)), err);
    const mapped = transportError(err, target.signal);
    if (mapped instanceof CancelledError) throw mapped;
    throw downloadFailed(phrase("The download was interrupted."), err);
  }
}

/** Write-behind buffer of the file stream: large, so disk writes overlap the network reads. */
const WRITE_BUFFER_BYTES = 1024 * 1024;

/**
 * Stream the body into a new temp file (`wx`: never an existing one); resolves once the file is
 * closed and fsynced. The WriteStream's 1 MB buffer keeps writes in flight (queued chunks go
 * out in one writev) while the socket keeps reading; a loop awaiting each write stalled the
 * download once per chunk (measured: bench/README.md).
 * Bytes are counted by a "data" listener: no per-chunk transform in the pipe. On failure the
 * stream is destroyed, which waits for a running write before it closes the file.
 */
async function writeBody(res: HttpResponse, tmp: string, expected: number | undefined, target: SaveTarget): Promise<number> {
  let bytes = 0;
  let reported = 0;
  const step = Math.max(256 * 1024, Math.floor((expected ?? 0) / 100));
  target.onProgress?.({ receivedBytes: 0, totalBytes: expected });
  if (target.signal?.aborted) throw new CancelledError(target.signal.reason);
  res.body.on("data", (chunk: Buffer) => {
    bytes += chunk.length;
    if (bytes - reported >= step) {
      reported = bytes;
      try {
        target.onProgress?.({ receivedBytes: bytes, totalBytes: expected });
      } catch (err) {
        res.body.destroy(err instanceof Error ? err : new Error(String(err))); // fails the pipeline
      }
    }
  });
  const file = createWriteStream(tmp, { flags: "wx", highWaterMark: WRITE_BUFFER_BYTES });
  try {
    await pipeline(res.body, file, target.signal ? { signal: target.signal } : {});
  } catch (err) {
    // The caller deletes the temp file: let the stream close it first (Windows cannot delete an open file).
    if (!file.closed) await new Promise<void>((resolve) => file.once("close", () => resolve()).destroy());
    throw err;
  }
  await syncFile(tmp);
  if (reported !== bytes) target.onProgress?.({ receivedBytes: bytes, totalBytes: expected });
  return bytes;
}

/**
 * fsync the closed temp file through a new descriptor (fsync flushes the file, whichever
 * descriptor asks). Done by hand rather than with the WriteStream's `flush` option, which older
 * Node 20 releases ignore silently.
 */
async function syncFile(file: string): Promise<void> {
  const handle = await fs.open(file, "r+");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function isFsError(err: unknown): err is NodeJS.ErrnoException & { code: string } {
  const e = err as NodeJS.ErrnoException;
  return typeof e?.code === "string" && typeof e.syscall === "string" && e.syscall !== "read" && e.syscall !== "connect";
}

/** Move `tmp` to `name` in `dir`, or "name-2.ext", "name-3.ext"… when taken. Never replaces an existing file. */
export async function placeWithoutOverwrite(tmp: string, dir: string, name: string): Promise<string> {
  for (let n = 1; n <= MAX_COLLISIONS; n++) {
    const candidate = path.join(dir, collisionName(name, n));
    try {
      await fs.link(tmp, candidate); // atomic: fails with EEXIST instead of replacing
      await fs.rm(tmp, { force: true });
      return candidate;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "EEXIST") continue;
      // File systems without hard links: check, then rename (a tiny race we accept there).
      if (await exists(candidate)) continue;
      await fs.rename(tmp, candidate);
      return candidate;
    }
  }
  throw downloadFailed(phrase("Too many files named like {0} in {1}.", name, dir));
}

async function exists(p: string): Promise<boolean> {
  try {
    await fs.lstat(p);
    return true;
  } catch {
    return false;
  }
}
