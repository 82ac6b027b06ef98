/**
 * WebP: the XMP packet in an `XMP ` chunk of the extended format, with the XMP flag set in the
 * VP8X header (Google's WebP container specification, "Extended File Format"). A simple file
 * (a lone VP8 or VP8L chunk) gets a VP8X header first, its canvas size read from the bitstream
 * header. The image chunks are copied byte for byte.
 */
import { type ProvenanceRecord, xmpPacket } from "./record";

interface Chunk {
  fourcc: string;
  data: Buffer;
}

const FLAG_XMP = 0x04;
const FLAG_ALPHA = 0x10;

export function webpChunks(buf: Buffer): Chunk[] {
  if (buf.length < 12 || buf.toString("latin1", 0, 4) !== "RIFF" || buf.toString("latin1", 8, 12) !== "WEBP") throw new Error("not a WebP");
  const end = Math.min(buf.length, 8 + buf.readUInt32LE(4));
  const out: Chunk[] = [];
  let off = 12;
  while (off + 8 <= end) {
    const size = buf.readUInt32LE(off + 4);
    if (off + 8 + size > end) throw new Error("truncated WebP chunk");
    out.push({ fourcc: buf.toString("latin1", off, off + 4), data: buf.subarray(off + 8, off + 8 + size) });
    off += 8 + size + (size & 1);
  }
  if (out.length === 0) throw new Error("WebP without chunks");
  return out;
}

function chunkBytes(c: Chunk): Buffer {
  const head = Buffer.alloc(8);
  head.write(c.fourcc, 0, "latin1");
  head.writeUInt32LE(c.data.length, 4);
  return Buffer.concat(c.data.length & 1 ? [head, c.data, Buffer.alloc(1)] : [head, c.data]);
}

/** Canvas size and alpha of a simple file's bitstream (VP8: key-frame header; VP8L: its 14-bit fields). */
function bitstreamInfo(c: Chunk): { width: number; height: number; alpha: boolean } {
  if (c.fourcc === "VP8 ") {
    if (c.data.length < 10 || c.data[3] !== 0x9d || c.data[4] !== 0x01 || c.data[5] !== 0x2a) throw new Error("VP8 without a key frame");
    return { width: c.data.readUInt16LE(6) & 0x3fff, height: c.data.readUInt16LE(8) & 0x3fff, alpha: false };
  }
  if (c.fourcc === "VP8L") {
    if (c.data.length < 5 || c.data[0] !== 0x2f) throw new Error("bad VP8L header");
    const bits = c.data.readUInt32LE(1);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1, alpha: ((bits >>> 28) & 1) === 1 };
  }
  throw new Error(`WebP starting with ${c.fourcc}`);
}

function vp8x(width: number, height: number, flags: number): Chunk {
  const data = Buffer.alloc(10);
  data[0] = flags;
  data.writeUIntLE(width - 1, 4, 3);
  data.writeUIntLE(height - 1, 7, 3);
  return { fourcc: "VP8X", data };
}

/** The WebP with our XMP packet (merged into an existing one), in the extended format. */
export function embedWebp(buf: Buffer, record: ProvenanceRecord): Buffer {
  const chunks = webpChunks(buf);
  let header: Chunk;
  let body: Chunk[];
  if (chunks[0].fourcc === "VP8X") {
    header = { fourcc: "VP8X", data: Buffer.from(chunks[0].data) };
    body = chunks.slice(1);
  } else {
    const info = bitstreamInfo(chunks[0]);
    header = vp8x(info.width, info.height, info.alpha ? FLAG_ALPHA : 0);
    body = chunks;
  }
  header.data[0] |= FLAG_XMP;
  const existing = body.find((c) => c.fourcc === "XMP ")?.data.toString("utf8");
  const kept = body.filter((c) => c.fourcc !== "XMP ");
  // The specification orders the optional chunks: … image data, EXIF, XMP, unknown chunks last.
  const unknownAt = kept.findIndex((c) => !["ICCP", "ANIM", "ANMF", "ALPH", "VP8 ", "VP8L", "EXIF"].includes(c.fourcc));
  const xmp: Chunk = { fourcc: "XMP ", data: Buffer.from(xmpPacket(record, existing), "utf8") };
  const ordered = unknownAt < 0 ? [...kept, xmp] : [...kept.slice(0, unknownAt), xmp, ...kept.slice(unknownAt)];
  const payload = Buffer.concat([Buffer.from("WEBP", "latin1"), ...[header, ...ordered].map(chunkBytes)]);
  const riff = Buffer.alloc(8);
  riff.write("RIFF", 0, "latin1");
  riff.writeUInt32LE(payload.length, 4);
  return Buffer.concat([riff, payload]);
}

export function readWebpXmp(buf: Buffer): string | undefined {
  return webpChunks(buf).find((c) => c.fourcc === "XMP ")?.data.toString("utf8");
}

/** The image's width and height (VP8X canvas, else the bitstream's). */
export function webpSize(buf: Buffer): { width: number; height: number } {
  const first = webpChunks(buf)[0];
  if (first.fourcc === "VP8X") return { width: first.data.readUIntLE(4, 3) + 1, height: first.data.readUIntLE(7, 3) + 1 };
  const { width, height } = bitstreamInfo(first);
  return { width, height };
}
