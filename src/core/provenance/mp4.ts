/**
 * MP4 (and MOV): the XMP packet in a top-level `uuid` box with the XMP UUID
 * BE7ACFCB-97A9-42E8-9C71-999491E3AFAC (XMP Specification Part 3, 1.2.7), appended after the
 * last box. Appending moves nothing, so the sample offsets in `moov` stay right and the media data
 * is not touched; only the box headers are read, so a large export is never loaded into memory.
 */
import { promises as fs } from "node:fs";
import { type ProvenanceRecord, xmpPacket } from "./record";

export const XMP_UUID = Buffer.from("be7acfcb97a942e89c71999491e3afac", "hex");

interface BoxHead {
  type: string;
  start: number;
  size: number;
  headerSize: number;
}

/** The top-level boxes of a file (headers only); throws when they do not tile the file exactly. */
async function topBoxes(handle: fs.FileHandle, fileSize: number): Promise<BoxHead[]> {
  const boxes: BoxHead[] = [];
  const head = Buffer.alloc(16);
  let off = 0;
  while (off < fileSize) {
    const { bytesRead } = await handle.read(head, 0, 16, off);
    if (bytesRead < 8) throw new Error("truncated MP4 box header");
    let size = head.readUInt32BE(0);
    const type = head.toString("latin1", 4, 8);
    let headerSize = 8;
    if (size === 1) {
      if (bytesRead < 16) throw new Error("truncated MP4 box header");
      size = Number(head.readBigUInt64BE(8));
      headerSize = 16;
    } else if (size === 0) {
      throw new Error("MP4 box running to the end of the file: nothing can follow it");
    }
    if (size < headerSize || off + size > fileSize) throw new Error("MP4 box past the end of the file");
    boxes.push({ type, start: off, size, headerSize });
    off += size;
  }
  if (boxes[0]?.type !== "ftyp") throw new Error("not an MP4 (no ftyp first)");
  return boxes;
}

function uuidBox(packet: string): Buffer {
  const body = Buffer.from(packet, "utf8");
  const head = Buffer.alloc(8);
  head.writeUInt32BE(8 + 16 + body.length, 0);
  head.write("uuid", 4, "latin1");
  return Buffer.concat([head, XMP_UUID, body]);
}

/**
 * Append our XMP box to the file at `file` (an earlier one of ours at the very end is replaced,
 * merged). Throws for a file whose boxes are malformed or whose last box runs to the end.
 */
export async function embedMp4File(file: string, record: ProvenanceRecord): Promise<void> {
  const handle = await fs.open(file, "r+");
  try {
    const { size } = await handle.stat();
    const boxes = await topBoxes(handle, size);
    const last = boxes[boxes.length - 1];
    let existing: string | undefined;
    let at = size;
    if (last.type === "uuid" && last.size >= last.headerSize + 16 && last.size < 4 * 1024 * 1024) {
      const body = Buffer.alloc(last.size - last.headerSize);
      await handle.read(body, 0, body.length, last.start + last.headerSize);
      if (body.subarray(0, 16).equals(XMP_UUID)) {
        existing = body.subarray(16).toString("utf8");
        at = last.start;
      }
    }
    const box = uuidBox(xmpPacket(record, existing));
    await handle.truncate(at);
    await handle.write(box, 0, box.length, at);
  } finally {
    await handle.close();
  }
}

/** The XMP packet of an MP4 (the top-level XMP uuid box), read by box headers. */
export async function readMp4Xmp(file: string): Promise<string | undefined> {
  const handle = await fs.open(file, "r");
  try {
    const { size } = await handle.stat();
    for (const b of await topBoxes(handle, size)) {
      if (b.type !== "uuid" || b.size > 4 * 1024 * 1024) continue;
      const body = Buffer.alloc(b.size - b.headerSize);
      await handle.read(body, 0, body.length, b.start + b.headerSize);
      if (body.subarray(0, 16).equals(XMP_UUID)) return body.subarray(16).toString("utf8");
    }
    return undefined;
  } finally {
    await handle.close();
  }
}
