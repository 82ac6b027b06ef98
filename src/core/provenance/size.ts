/**
 * An image's pixel size from the first bytes of its file (PNG IHDR, JPEG SOFn, WebP VP8X/VP8/VP8L),
 * for reading a ratio back when the session has no canvas. Reads only headers, so a prefix of the
 * file is enough; undefined when the size is not in it.
 */
import { containerOf } from "./container";

type Size = { width: number; height: number };

function jpegHead(b: Buffer): Size | undefined {
  let off = 2;
  while (off + 9 < b.length && b[off] === 0xff) {
    const marker = b[off + 1];
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01 || marker === 0xff) {
      off += marker === 0xff ? 1 : 2;
      continue;
    }
    if (marker === 0xda || marker === 0xd9) return undefined;
    const len = b.readUInt16BE(off + 2);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: b.readUInt16BE(off + 5), width: b.readUInt16BE(off + 7) };
    }
    off += 2 + len;
  }
  return undefined;
}

function webpHead(b: Buffer): Size | undefined {
  if (b.length < 30) return undefined;
  const fourcc = b.toString("latin1", 12, 16);
  const d = 20;
  if (fourcc === "VP8X") return { width: b.readUIntLE(d + 4, 3) + 1, height: b.readUIntLE(d + 7, 3) + 1 };
  if (fourcc === "VP8 " && b[d + 3] === 0x9d && b[d + 4] === 0x01 && b[d + 5] === 0x2a) return { width: b.readUInt16LE(d + 6) & 0x3fff, height: b.readUInt16LE(d + 8) & 0x3fff };
  if (fourcc === "VP8L" && b[d] === 0x2f) {
    const bits = b.readUInt32LE(d + 1);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  return undefined;
}

export function pixelSizeOf(head: Buffer): Size | undefined {
  try {
    const c = containerOf(head.subarray(0, 16));
    if (c === "png") return head.length >= 24 && head.toString("latin1", 12, 16) === "IHDR" ? { width: head.readUInt32BE(16), height: head.readUInt32BE(20) } : undefined;
    if (c === "jpeg") return jpegHead(head);
    if (c === "webp") return webpHead(head);
    return undefined;
  } catch {
    return undefined;
  }
}
