/**
 * The one provenance step of the save path: `download.ts` calls `embedProvenance` on the temp
 * file after the body is complete and before it gets its final name, so a file never appears
 * without its record. Images are rewritten in memory (chunks added, pixels copied); MP4 gets a
 * box appended. A file this cannot read (another format, a damaged container) is saved as the
 * service sent it and the reason is returned, never thrown: losing the file over its label would
 * be worse.
 */
import { promises as fs } from "node:fs";
import { type Container, containerOf } from "./container";
import { embedJpeg } from "./jpeg";
import { embedMp4File } from "./mp4";
import { embedPng } from "./png";
import { boundedRecord, type ProvenanceRecord } from "./record";
import { embedWebp } from "./webp";

/** Images larger than this are saved without a record (they would be held in memory whole). Bytes. */
export const MAX_IMAGE_BYTES = 128 * 1024 * 1024;

export interface EmbedOptions {
  /** With prompts off: the prompt as the service may have written it itself, to leave out of text chunks and comments. */
  stripPrompt?: string;
}

export type EmbedOutcome = { embedded: true; container: Container } | { embedded: false; reason: string };

async function readHead(file: string): Promise<Buffer> {
  const handle = await fs.open(file, "r");
  try {
    const head = Buffer.alloc(16);
    const { bytesRead } = await handle.read(head, 0, 16, 0);
    return head.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Rewrite an image's bytes; exported for tests and for callers holding the bytes. Throws on a malformed image. */
export function embedInImage(container: Exclude<Container, "mp4">, buf: Buffer, record: ProvenanceRecord, opts: EmbedOptions = {}): Buffer {
  const r = boundedRecord(record);
  const strip = r.prompt ? undefined : opts.stripPrompt?.trim() || undefined;
  if (container === "png") return embedPng(buf, r, strip);
  if (container === "jpeg") return embedJpeg(buf, r, strip);
  return embedWebp(buf, r);
}

/**
 * Write the record into `file` in place (PNG, JPEG, WebP, MP4). File-system errors are thrown
 * (the save fails as any write would); a format problem is the `embedded: false` outcome.
 */
export async function embedProvenance(file: string, record: ProvenanceRecord, opts: EmbedOptions = {}): Promise<EmbedOutcome> {
  const container = containerOf(await readHead(file));
  if (!container) return { embedded: false, reason: "not a PNG, JPEG, WebP or MP4" };
  if (container === "mp4") {
    try {
      await embedMp4File(file, boundedRecord(record));
      return { embedded: true, container };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code) throw err;
      return { embedded: false, reason: (err as Error).message };
    }
  }
  const { size } = await fs.stat(file);
  if (size > MAX_IMAGE_BYTES) return { embedded: false, reason: `image larger than ${MAX_IMAGE_BYTES} bytes` };
  const buf = await fs.readFile(file);
  let out: Buffer;
  try {
    out = embedInImage(container, buf, record, opts);
  } catch (err) {
    return { embedded: false, reason: (err as Error).message };
  }
  await fs.writeFile(file, out);
  return { embedded: true, container };
}
