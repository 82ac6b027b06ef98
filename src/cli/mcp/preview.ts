/**
 * A smaller preview of a saved image for a tool result that cannot carry the whole file (the host's
 * size limit, result.ts). Pure JavaScript, no native dependency: PNG is decoded with `pngjs`, JPEG
 * with `jpeg-js`; the preview is a JPEG (quality 75, smaller until it fits), its
 * longest side at most PREVIEW_MAX_SIDE px, transparent pixels laid on white. WebP and GIF (which
 * need a WebAssembly decoder) get no preview: the caller sends the link and the text only.
 * Loaded on first use (result.ts imports it dynamically), so `imagegen mcp` starts without it.
 * Cost: linear in the source's pixels (one decode, one area-average pass, a few small encodes).
 */
import decodeJpeg from "jpeg-js/lib/decoder";
import encodeJpeg from "jpeg-js/lib/encoder";
import parsePng from "pngjs/lib/parser-sync";
import { sniffMediaType } from "../../core/media/media-type";

/** The longest side of a preview, px (what vision models scale larger images down to anyway). */
export const PREVIEW_MAX_SIDE = 1024;
/** The smallest preview worth sending, px on the longest side. */
const PREVIEW_MIN_SIDE = 64;
/** Refuse to decode images larger than this (pixels), so a hostile file cannot exhaust memory. */
const MAX_SOURCE_PIXELS = 40_000_000;
/** JPEG quality of a preview (jpeg-js scale, 1-100). */
const QUALITY = 75;

export interface Preview {
  bytes: Buffer;
  mimeType: "image/jpeg";
  width: number;
  height: number;
}

interface Rgba {
  width: number;
  height: number;
  data: Uint8Array;
}

function decode(bytes: Buffer): Rgba | undefined {
  const type = sniffMediaType(bytes.subarray(0, 64))?.mime;
  if (type === "image/png") {
    const png = parsePng(bytes, {});
    return { width: png.width, height: png.height, data: png.data };
  }
  if (type === "image/jpeg") {
    const img = decodeJpeg(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: MAX_SOURCE_PIXELS / 1e6, maxMemoryUsageInMB: 1024 });
    return { width: img.width, height: img.height, data: img.data };
  }
  return undefined;
}

/**
 * Area-average downscale of RGBA to `w`×`h`, alpha laid on white (JPEG has no alpha). One pass
 * over the source: each source pixel adds to the destination pixel it falls in.
 */
function downscale(src: Rgba, w: number, h: number): Uint8Array {
  const sums = new Float64Array(w * h * 3);
  const counts = new Uint32Array(w * h);
  for (let y = 0; y < src.height; y++) {
    const row = Math.min(h - 1, Math.floor((y * h) / src.height)) * w;
    for (let x = 0; x < src.width; x++) {
      const d = row + Math.min(w - 1, Math.floor((x * w) / src.width));
      const s = (y * src.width + x) * 4;
      const a = src.data[s + 3] / 255;
      sums[d * 3] += src.data[s] * a + 255 * (1 - a);
      sums[d * 3 + 1] += src.data[s + 1] * a + 255 * (1 - a);
      sums[d * 3 + 2] += src.data[s + 2] * a + 255 * (1 - a);
      counts[d] += 1;
    }
  }
  const out = new Uint8Array(w * h * 4);
  for (let i = 0; i < w * h; i++) {
    const n = counts[i] || 1;
    out[i * 4] = Math.round(sums[i * 3] / n);
    out[i * 4 + 1] = Math.round(sums[i * 3 + 1] / n);
    out[i * 4 + 2] = Math.round(sums[i * 3 + 2] / n);
    out[i * 4 + 3] = 255;
  }
  return out;
}

/**
 * A JPEG preview of a PNG or JPEG of at most `maxBytes` bytes, or undefined when the format has
 * no pure-JS decoder here (WebP, GIF), the file cannot be decoded, or no preview of at least
 * PREVIEW_MIN_SIDE px (or the source's own size, if smaller) fits. Never throws.
 */
export function makePreview(bytes: Buffer, maxBytes: number): Preview | undefined {
  let src: Rgba | undefined;
  try {
    src = decode(bytes);
  } catch {
    return undefined;
  }
  if (!src || src.width < 1 || src.height < 1 || src.width * src.height > MAX_SOURCE_PIXELS) return undefined;
  let side = Math.min(PREVIEW_MAX_SIDE, Math.max(src.width, src.height));
  const smallest = Math.min(PREVIEW_MIN_SIDE, side);
  while (side >= smallest) {
    const scale = side / Math.max(src.width, src.height);
    const width = Math.max(1, Math.round(src.width * scale));
    const height = Math.max(1, Math.round(src.height * scale));
    const encoded = encodeJpeg({ data: downscale(src, width, height), width, height }, QUALITY).data;
    if (encoded.length <= maxBytes) return { bytes: Buffer.from(encoded), mimeType: "image/jpeg", width, height };
    // Too big: JPEG bytes grow with the pixels, so shrink by the square root of the overshoot (and a margin).
    side = Math.floor(side * Math.min(0.8, 0.9 * Math.sqrt(maxBytes / encoded.length)));
  }
  return undefined;
}
