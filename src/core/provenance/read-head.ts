/**
 * Reading many files' records quickly (the gallery lists thousands): only the head of a PNG or a
 * JPEG is read, since the writers put the record before the pixels (png.ts: before IDAT; jpeg.ts:
 * APP1 before SOS). The head is cut where the pixels start (a PNG closed with IEND, a JPEG at its SOS marker), then read by
 * the same parser as a whole file. When the pixels do not start inside the head (a huge Exif
 * block, a record after the pixels from another tool), WebP (XMP chunk after the bitstream) and
 * MP4 (box headers only) take the whole-file path of read.ts.
 */
import { promises as fs } from "node:fs";
import { containerOf } from "./container";
import { readProvenance, readRecordFromBytes, type ReadRecord } from "./read";

/** Bytes read first from each file. Our packets are 1-6 KB; a prompt of 4,000 characters fits. */
export const HEAD_BYTES = 64 * 1024;

const IEND = Buffer.from([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);

/** Offset of the first IDAT chunk inside `head`, when its header is there. */
function pngPixelsAt(head: Buffer): number | undefined {
  let off = 8;
  while (off + 8 <= head.length) {
    const len = head.readUInt32BE(off);
    const type = head.toString("latin1", off + 4, off + 8);
    if (type === "IDAT" || type === "IEND") return off;
    off += 12 + len;
  }
  return undefined;
}

/** Offset of the SOS marker inside `head`, when the segments before it are all there. */
function jpegScanAt(head: Buffer): number | undefined {
  let off = 2;
  while (off + 4 <= head.length) {
    if (head[off] !== 0xff) return undefined;
    let m = off + 1;
    while (head[m] === 0xff && m < head.length) m++;
    const marker = head[m];
    if (marker === 0xda || marker === 0xd9) return off;
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      off = m + 1;
      continue;
    }
    if (m + 3 > head.length) return undefined;
    off = m + 1 + head.readUInt16BE(m + 1);
  }
  return undefined;
}

/** The record of `head` alone, when the head holds everything before the pixels; undefined to read the whole file. */
export function recordFromHead(head: Buffer): ReadRecord | undefined {
  const container = containerOf(head.subarray(0, 16));
  if (container === "png") {
    const at = pngPixelsAt(head);
    return at === undefined ? undefined : readRecordFromBytes(Buffer.concat([head.subarray(0, at), IEND]));
  }
  if (container === "jpeg") {
    const at = jpegScanAt(head);
    // The SOS marker and its length stay: the parser stops there (jpeg.ts jpegSegments).
    return at === undefined ? undefined : readRecordFromBytes(head.subarray(0, at + 4));
  }
  return undefined;
}

/**
 * A file's record, reading `headBytes` first (see the file comment). Same result as
 * `readProvenance`; throws only file-system errors.
 */
export async function readProvenanceFast(file: string, headBytes: number = HEAD_BYTES): Promise<ReadRecord> {
  const handle = await fs.open(file, "r");
  let head: Buffer;
  try {
    const buf = Buffer.alloc(headBytes);
    const { bytesRead } = await handle.read(buf, 0, headBytes, 0);
    head = buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  return recordFromHead(head) ?? readProvenance(file);
}
