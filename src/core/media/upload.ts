/**
 * Uploads. Files are checked (type, size, regular file) before a byte is sent, then streamed
 * from disk as multipart/form-data with a computed Content-Length: memory use does not grow
 * with file size. URLs are validated and sent as JSON.
 */
import { randomBytes } from "node:crypto";
import { createReadStream, promises as fs } from "node:fs";
import * as path from "node:path";
import { Readable } from "node:stream";
import * as z from "zod"; // a namespace import: esbuild keeps only what is used (no locales)
import { CancelledError, InputError, phrase } from "../errors";
import { extensionOf } from "./files";
import { UPLOAD_CONTENT_TYPES } from "./formats";
import type { RawBody } from "../http/caller";
import { fileTooLargeError, MAX_UPLOAD_BYTES, unsupportedFileError } from "../http/problems";
import type { UploadedFile, UploadProgress } from "../types";

export interface CheckedFile {
  path: string;
  name: string;
  size: number;
  contentType: string;
}

/** Refuse locally what the backend would refuse: wrong type, over 200 MB, missing or not a file. */
export async function checkUploadFile(filePath: string): Promise<CheckedFile> {
  const name = path.basename(filePath);
  const contentType = UPLOAD_CONTENT_TYPES[extensionOf(name)];
  if (!contentType) throw unsupportedFileError(`"${name}"`);
  let stat;
  try {
    stat = await fs.stat(filePath);
  } catch (err) {
    throw new InputError("BAD_INPUT", {
      cause: err,
      userMessage: phrase('"{0}" cannot be read ({1}).', name, (err as NodeJS.ErrnoException).code ?? "error"),
      nextStep: phrase("Check the path and try again."),
    });
  }
  if (!stat.isFile()) {
    throw new InputError("BAD_INPUT", {
      userMessage: phrase('"{0}" is not a regular file.', name),
      nextStep: phrase("Pick a file, not a folder."),
    });
  }
  if (stat.size > MAX_UPLOAD_BYTES) throw fileTooLargeError(`"${name}" (${(stat.size / 1024 / 1024).toFixed(1)} MB)`);
  return { path: filePath, name, size: stat.size, contentType };
}

function changedWhileSending(f: CheckedFile, cause?: unknown): InputError {
  return new InputError("BAD_INPUT", {
    cause,
    userMessage: phrase('"{0}" changed while it was being uploaded.', f.name),
    nextStep: phrase("Upload it again once it is no longer being written."),
  });
}

/** Whether the file on disk is still the one checked: same size (and still there). */
async function sameFile(f: CheckedFile): Promise<boolean> {
  try {
    const now = await fs.stat(f.path);
    return now.isFile() && now.size === f.size;
  } catch {
    return false;
  }
}

/** A quoted-string safe file name for Content-Disposition (as browsers encode it). */
function dispositionName(name: string): string {
  return name.replace(/\r/g, "%0D").replace(/\n/g, "%0A").replace(/"/g, "%22");
}

export interface MultipartOptions {
  signal?: AbortSignal;
  onProgress?: (progress: UploadProgress) => void;
  boundary?: string;
}

/** A multipart body over `files`, each part named `files`; `body` may be called once per attempt. */
export function multipartBody(files: CheckedFile[], opts: MultipartOptions = {}): () => RawBody {
  const boundary = opts.boundary ?? `----nemo${randomBytes(12).toString("hex")}`;
  const heads = files.map((f) =>
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${dispositionName(f.name)}"\r\n` +
        `Content-Type: ${f.contentType}\r\n\r\n`,
      "utf8",
    ),
  );
  const crlf = Buffer.from("\r\n");
  const tail = Buffer.from(`--${boundary}--\r\n`);
  const contentLength = files.reduce((sum, f, i) => sum + heads[i].length + f.size + crlf.length, 0) + tail.length;

  return () => ({
    contentType: `multipart/form-data; boundary=${boundary}`,
    contentLength,
    body: Readable.from(generate(), { objectMode: false }),
  });

  async function* generate(): AsyncGenerator<Buffer> {
    for (let i = 0; i < files.length; i++) {
      const f = files[i];
      yield heads[i];
      let sent = 0;
      let reported = 0;
      const step = Math.max(256 * 1024, Math.floor(f.size / 100));
      opts.onProgress?.({ file: f.name, sentBytes: 0, totalBytes: f.size });
      if (f.size > 0) {
        const stream = createReadStream(f.path, { start: 0, end: f.size - 1, highWaterMark: 256 * 1024 });
        try {
          for await (const chunk of stream as AsyncIterable<Buffer>) {
            if (opts.signal?.aborted) throw new CancelledError(opts.signal.reason);
            sent += chunk.length;
            yield chunk;
            if (sent - reported >= step && sent < f.size) {
              reported = sent;
              opts.onProgress?.({ file: f.name, sentBytes: sent, totalBytes: f.size });
            }
          }
        } catch (err) {
          if (err instanceof CancelledError) throw err;
          throw changedWhileSending(f, err);
        } finally {
          stream.destroy();
        }
      }
      // Shrunk (fewer bytes than announced), grown, replaced or deleted since the check: the request
      // fails here, before its last boundary, so the service never sees a complete upload.
      if (sent !== f.size || !(await sameFile(f))) throw changedWhileSending(f);
      opts.onProgress?.({ file: f.name, sentBytes: sent, totalBytes: f.size });
      yield crlf;
    }
    yield tail;
  }
}

/** Validate URLs for a URL upload: http(s) only, parseable. */
export function checkUploadUrls(urls: string[]): string[] {
  if (urls.length === 0) throw new InputError("BAD_INPUT", {
      userMessage: phrase("No URL to upload."),
      nextStep: phrase("Give at least one http(s) URL."),
    });
  return urls.map((u) => {
    const trimmed = u.trim();
    let parsed: URL | undefined;
    try {
      parsed = new URL(trimmed);
    } catch {
      parsed = undefined;
    }
    if (!parsed || (parsed.protocol !== "http:" && parsed.protocol !== "https:")) {
      throw new InputError("BAD_INPUT", {
        userMessage: phrase('"{0}" is not an http(s) URL.', trimmed.slice(0, 80)),
        nextStep: phrase("Give a full link starting with https://."),
      });
    }
    return parsed.toString();
  });
}

const num = z.union([z.number(), z.string().regex(/^\d+(\.\d+)?$/).transform(Number)]).pipe(z.number().finite().nonnegative());
const uploadedFileSchema = z.looseObject({
  filename: z.string().optional(),
  file_name: z.string().optional(),
  name: z.string().optional(),
  file_type: z.string().optional(),
  type: z.string().optional(),
  media_type: z.string().optional(),
  cdn_url: z.string().optional(),
  url: z.string().optional(),
  duration: z.unknown().optional(),
  width: z.unknown().optional(),
  height: z.unknown().optional(),
  fps: z.unknown().optional(),
  hash: z.string().optional(),
});

function optionalNumber(value: unknown): number | undefined {
  const parsed = num.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

function kindOf(value: string | undefined): UploadedFile["kind"] {
  const v = value?.toLowerCase() ?? "";
  if (v.startsWith("video")) return "video";
  if (v.startsWith("image")) return "image";
  if (v.startsWith("audio")) return "audio";
  return undefined;
}

/**
 * The files the upload answer reports (`data.files[]`: filename, file_type video|image|audio, cdn_url,
 * duration, width, height, fps, hash; several per request). The shape is unpublished: this is the one
 * place that guesses it. Entries without a name are skipped, unknown fields ignored, bad numbers dropped.
 */
export function parseUploadFiles(data: unknown): UploadedFile[] {
  const list = z.looseObject({ files: z.array(z.unknown()) }).safeParse(data);
  if (!list.success) return [];
  const out: UploadedFile[] = [];
  for (const raw of list.data.files) {
    const f = uploadedFileSchema.safeParse(raw);
    if (!f.success) continue;
    const fileName = (f.data.filename ?? f.data.file_name ?? f.data.name ?? "").trim();
    if (!fileName) continue;
    const url = f.data.cdn_url ?? f.data.url;
    out.push({
      fileName,
      kind: kindOf(f.data.file_type ?? f.data.type ?? f.data.media_type),
      url: url && /^https?:\/\//i.test(url) ? url : undefined,
      durationSec: optionalNumber(f.data.duration),
      width: optionalNumber(f.data.width),
      height: optionalNumber(f.data.height),
      fps: optionalNumber(f.data.fps),
      hash: f.data.hash || undefined,
    });
  }
  return out;
}
