/**
 * PNG: the XMP packet as an `iTXt` chunk keyed "XML:com.adobe.xmp" (XMP Specification Part 3,
 * uncompressed, placed before IDAT) and the prompt as a plain `Description` text chunk (PNG
 * specification 11.3.4: tEXt for Latin-1, iTXt for UTF-8). Chunks are moved, never the pixels:
 * every IDAT is copied byte for byte.
 */
import { inflateSync } from "node:zlib";
import { crc32 } from "./crc";
import { type ProvenanceRecord, xmpPacket } from "./record";

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const XMP_KEY = "XML:com.adobe.xmp";

export interface PngChunk {
  type: string;
  data: Buffer;
  /** The whole chunk: length, type, data, CRC. */
  raw: Buffer;
}

/** The chunks of a PNG; throws on a truncated or malformed file. */
export function pngChunks(buf: Buffer): PngChunk[] {
  if (buf.length < 8 || !buf.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error("not a PNG");
  const out: PngChunk[] = [];
  let off = 8;
  while (off < buf.length) {
    if (off + 12 > buf.length) throw new Error("truncated PNG chunk");
    const len = buf.readUInt32BE(off);
    const end = off + 12 + len;
    if (end > buf.length) throw new Error("truncated PNG chunk");
    const type = buf.toString("latin1", off + 4, off + 8);
    out.push({ type, data: buf.subarray(off + 8, off + 8 + len), raw: buf.subarray(off, end) });
    off = end;
    if (type === "IEND") break;
  }
  if (out[0]?.type !== "IHDR") throw new Error("PNG without IHDR");
  return out;
}

export function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "latin1");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(head.subarray(4), data));
  return Buffer.concat([head, data, crc]);
}

/** A text chunk's keyword and text (tEXt, zTXt or iTXt); undefined for other chunks or bad data. */
export function pngText(c: PngChunk): { key: string; text: string } | undefined {
  try {
    const nul = c.data.indexOf(0);
    if (nul < 0) return undefined;
    const key = c.data.toString("latin1", 0, nul);
    if (c.type === "tEXt") return { key, text: c.data.toString("latin1", nul + 1) };
    if (c.type === "zTXt") return { key, text: inflateSync(c.data.subarray(nul + 2)).toString("latin1") };
    if (c.type !== "iTXt") return undefined;
    const compressed = c.data[nul + 1] === 1;
    const lang = c.data.indexOf(0, nul + 3);
    const translated = lang < 0 ? -1 : c.data.indexOf(0, lang + 1);
    if (translated < 0) return undefined;
    const body = c.data.subarray(translated + 1);
    return { key, text: (compressed ? inflateSync(body) : body).toString("utf8") };
  } catch {
    return undefined;
  }
}

function itxt(key: string, text: string): Buffer {
  return pngChunk("iTXt", Buffer.concat([Buffer.from(`${key}\0\0\0\0\0`, "latin1"), Buffer.from(text, "utf8")]));
}

function descriptionChunk(text: string): Buffer {
  // tEXt is Latin-1 without control characters
  return /^[\x20-\x7e\xa0-\xff]*$/.test(text) ? pngChunk("tEXt", Buffer.from(`Description\0${text}`, "latin1")) : itxt("Description", text);
}

const isText = (t: string): boolean => t === "tEXt" || t === "zTXt" || t === "iTXt";

/**
 * The PNG with our XMP packet (merged into an existing one) and, when the record has a prompt and
 * the file has no Description yet, a Description. `stripPrompt`: with prompts turned off, text
 * chunks that contain this text (the service's own copy of the prompt) are left out.
 */
export function embedPng(buf: Buffer, record: ProvenanceRecord, stripPrompt?: string): Buffer {
  const chunks = pngChunks(buf);
  let existing: string | undefined;
  let hasDescription = false;
  const kept: Buffer[] = [];
  for (const c of chunks) {
    const text = isText(c.type) ? pngText(c) : undefined;
    if (text?.key === XMP_KEY) {
      existing ??= text.text;
      continue;
    }
    if (text && !record.prompt && stripPrompt && text.text.includes(stripPrompt)) continue;
    if (text?.key === "Description") hasDescription = true;
    kept.push(c.raw);
  }
  const added = [itxt(XMP_KEY, xmpPacket(record, existing))];
  if (record.prompt && !hasDescription) added.push(descriptionChunk(record.prompt));
  return Buffer.concat([PNG_SIGNATURE, kept[0], ...added, ...kept.slice(1)]);
}

/** The XMP packet and the Description of a PNG, when it has them. */
export function readPngText(buf: Buffer): { xmp?: string; description?: string } {
  const out: { xmp?: string; description?: string } = {};
  for (const c of pngChunks(buf)) {
    if (!isText(c.type)) continue;
    const t = pngText(c);
    if (t?.key === XMP_KEY) out.xmp ??= t.text;
    if (t?.key === "Description") out.description ??= t.text;
  }
  return out;
}

/** Width and height from IHDR. */
export function pngSize(buf: Buffer): { width: number; height: number } {
  const ihdr = pngChunks(buf)[0].data;
  return { width: ihdr.readUInt32BE(0), height: ihdr.readUInt32BE(4) };
}
