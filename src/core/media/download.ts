/**
 * Saving a response body to disk, shared by export and media downloads. The body streams to a
 * temp file in the target directory (`.<name>.<random>.part`), is synced and its size checked
 * against Content-Length, then moved to its final name — never over an existing file
 * ("name-2.ext", "name-3.ext", ...). On any failure, abort included, the temp file is deleted. A
 * file-system failure (read-only folder, a file where the folder should be, a full disk, a name the
 * system refuses) is a SAVE_FAILED with a sentence for a person; the file system is a small seam
 * (`SaveFileSystem`) so tests can inject those faults.
 */
import { randomBytes } from "node:crypto";
import { createWriteStream, promises as fs } from "node:fs";
import * as path from "node:path";
import type { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Dispatcher } from "undici";
import { CancelledError, InputError, NemoError, NetworkError, phrase, type Phrase } from "../errors";
import { collisionName, sanitizeFileName } from "./files";
import { mediaTypeOf, nameForBytes, SNIFF_BYTES } from "./media-type";
import { headerValue, type HttpResponse, send, transportError } from "../http/transport";
import type { DownloadProgress } from "../types";
import { pathExists } from "./path-exists";

/** The file operations a download uses; tests replace some of them to inject disk faults. */
export interface SaveFileSystem {
  mkdir(dir: string): Promise<unknown>;
  /** A new file only (`wx`). */
  createWriteStream(file: string, highWaterMark: number): Writable;
  /** fsync a closed file. */
  sync(file: string): Promise<void>;
  link(from: string, to: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  rm(file: string): Promise<void>;
  exists(file: string): Promise<boolean>;
}

export const nodeFileSystem: SaveFileSystem = {
  mkdir: (dir) => fs.mkdir(dir, { recursive: true }),
  createWriteStream: (file, highWaterMark) => createWriteStream(file, { flags: "wx", highWaterMark }),
  sync: syncFile,
  link: (from, to) => fs.link(from, to),
  rename: (from, to) => fs.rename(from, to),
  rm: (file) => fs.rm(file, { force: true }),
  exists: pathExists,
};

export interface SaveTarget {
  outDir: string;
  /** Sanitised again here; the final name may get a "-n" suffix. */
  fileName: string;
  signal?: AbortSignal;
  onProgress?: (progress: DownloadProgress) => void;
  fileSystem?: SaveFileSystem;
  /**
   * Last step on the complete temp file, before it gets its final name (the provenance record:
   * `provenance/embed.ts`). A failure here fails the save like a write failure.
   */
  finish?: (tempPath: string) => Promise<void>;
  /**
   * The n-th name to try (n ≥ 1) instead of `fileName` and its "-n" collision names: a caller with
   * its own naming rule (edit versions: edit/version-name.ts). Each candidate still gets the
   * extension the bytes call for, and is taken only when free (never replacing a file).
   */
  nameAt?: (n: number) => string;
}

export interface SavedFile {
  path: string;
  bytes: number;
  /** By the one media-type rule (media-type.ts): the bytes first, then the name; undefined when neither says. */
  mimeType?: string;
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
  const fsys = target.fileSystem ?? nodeFileSystem;
  const tmp = path.join(target.outDir, `.${name}.${randomBytes(6).toString("hex")}.part`);
  try {
    await fsys.mkdir(target.outDir);
    const head: Buffer[] = [];
    const bytes = await writeBody(res, tmp, expected, target, fsys, head);
    if (expected !== undefined && bytes !== expected) {
      throw downloadFailed(phrase("The download was cut short ({0} of {1} bytes).", bytes, expected));
    }
    // The record may add bytes: report the size of the file as saved.
    const saved = target.finish ? (await target.finish(tmp), (await fs.stat(tmp)).size) : bytes;
    // The bytes decide the extension (WebP at a URL ending in .png is saved as .webp).
    const first = Buffer.concat(head).subarray(0, SNIFF_BYTES);
    const finalName = nameForBytes(name, first);
    const nameAt = target.nameAt;
    const candidates = nameAt ? (n: number) => nameForBytes(sanitizeFileName(nameAt(n)), first) : undefined;
    const finalPath = await placeWithoutOverwrite(tmp, target.outDir, finalName, fsys, candidates);
    return { path: finalPath, bytes: saved, mimeType: mediaTypeOf({ head: first, name: finalName, mime: headerValue(res.headers, "content-type") })?.mime };
  } catch (err) {
    res.body.on("error", () => undefined); // nobody reads it any more (e.g. the folder could not be made)
    res.body.destroy();
    await fsys.rm(tmp).catch(() => undefined);
    if (target.signal?.aborted) throw new CancelledError(err);
    if (err instanceof NemoError) throw err;
    if (isFsError(err)) throw saveFailed(err, target.outDir, name);
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
async function writeBody(res: HttpResponse, tmp: string, expected: number | undefined, target: SaveTarget, fsys: SaveFileSystem, head: Buffer[]): Promise<number> {
  let bytes = 0;
  let reported = 0;
  const step = Math.max(256 * 1024, Math.floor((expected ?? 0) / 100));
  target.onProgress?.({ receivedBytes: 0, totalBytes: expected });
  if (target.signal?.aborted) throw new CancelledError(target.signal.reason);
  res.body.on("data", (chunk: Buffer) => {
    if (bytes < SNIFF_BYTES) head.push(Buffer.from(chunk.subarray(0, SNIFF_BYTES - bytes)));
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
  const file = fsys.createWriteStream(tmp, WRITE_BUFFER_BYTES);
  try {
    await pipeline(res.body, file, target.signal ? { signal: target.signal } : {});
  } catch (err) {
    // The caller deletes the temp file: let the stream close it first (Windows cannot delete an open file).
    if (!file.closed) await new Promise<void>((resolve) => file.once("close", () => resolve()).destroy());
    throw err;
  }
  await fsys.sync(tmp);
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

/** A file-system failure as one sentence and a next step; the media can be saved again afterwards. */
export function saveFailed(err: NodeJS.ErrnoException & { code: string }, dir: string, name: string): InputError {
  const init = (userMessage: Phrase, nextStep: Phrase): InputError => new InputError("SAVE_FAILED", { userMessage, nextStep, cause: err });
  switch (err.code) {
    case "EACCES":
    case "EPERM":
    case "EROFS":
      return init(
        phrase("Cannot save {0}: the folder {1} is read-only.", name, dir),
        phrase("Choose another output folder or allow writing to this one, then save again."),
      );
    case "ENOTDIR":
    case "EEXIST":
      return init(
        phrase("Cannot save {0}: a file sits where the folder {1} should be.", name, dir),
        phrase("Move or rename that file, or choose another output folder, then save again."),
      );
    case "ENOSPC":
    case "EDQUOT":
      return init(phrase("The disk is full: {0} could not be saved in {1}.", name, dir), phrase("Free some space, then save again."));
    case "ENAMETOOLONG":
    case "EINVAL":
    case "EILSEQ":
      return init(phrase("The system refused the file name {0}.", name), phrase("Save again under a shorter, simpler name."));
    default:
      return init(phrase("Could not write the file in {0} ({1}).", dir, err.code), phrase("Check the folder, then save again."));
  }
}

/**
 * Move `tmp` to `name` in `dir`, or "name-2.ext", "name-3.ext"… when taken (or the names `nameAt`
 * gives, n = 1, 2, …). Never replaces an existing file.
 */
export async function placeWithoutOverwrite(
  tmp: string,
  dir: string,
  name: string,
  fsys: SaveFileSystem = nodeFileSystem,
  nameAt: (n: number) => string = (n) => collisionName(name, n),
): Promise<string> {
  for (let n = 1; n <= MAX_COLLISIONS; n++) {
    const candidate = path.join(dir, nameAt(n));
    try {
      await fsys.link(tmp, candidate); // atomic: fails with EEXIST instead of replacing
      await fsys.rm(tmp);
      return candidate;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "EEXIST") continue;
      // File systems without hard links: check, then rename (a tiny race we accept there).
      if (await fsys.exists(candidate)) continue;
      await fsys.rename(tmp, candidate);
      return candidate;
    }
  }
  throw downloadFailed(phrase("Too many files named like {0} in {1}.", name, dir));
}

