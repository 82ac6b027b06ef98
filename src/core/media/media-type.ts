/**
 * The one media-type rule: what a file is, from its first bytes. Used for a saved file's extension
 * (download.ts) and for every declared `mimeType` (MCP content and resources, language model data
 * parts, the webview's labels). The URL's extension and the server's `Content-Type` count only when
 * the bytes say nothing. Sources of the signatures: the WHATWG MIME Sniffing Standard (§6.1 image,
 * §6.2 audio/video: PNG, JPEG, GIF87a/89a, RIFF…WEBP, RIFF…WAVE, ID3/MPEG frame sync, ftyp boxes,
 * EBML) and ISO/IEC 14496-12 for the `ftyp` major brands (`qt  ` QuickTime, `M4A `/`M4B ` audio).
 * Pure: no I/O here; `sniffFile` reads only the first SNIFF_BYTES of a file.
 */
import { promises as fs } from "node:fs";
import * as path from "node:path";

/** How many leading bytes the rule needs (ftyp brand at 8..12, WEBP/WAVE at 8..12). */
export const SNIFF_BYTES = 64;

export interface MediaType {
  /** e.g. "image/webp". */
  mime: string;
  /** The extension files of this type are saved with, lower case, no dot ("webp"). */
  ext: string;
}

const T = {
  png: { mime: "image/png", ext: "png" },
  jpg: { mime: "image/jpeg", ext: "jpg" },
  gif: { mime: "image/gif", ext: "gif" },
  webp: { mime: "image/webp", ext: "webp" },
  mp4: { mime: "video/mp4", ext: "mp4" },
  mov: { mime: "video/quicktime", ext: "mov" },
  webm: { mime: "video/webm", ext: "webm" },
  mkv: { mime: "video/x-matroska", ext: "mkv" },
  mp3: { mime: "audio/mpeg", ext: "mp3" },
  wav: { mime: "audio/wav", ext: "wav" },
  m4a: { mime: "audio/mp4", ext: "m4a" },
  aac: { mime: "audio/aac", ext: "aac" },
} as const satisfies Record<string, MediaType>;

const ascii = (b: Uint8Array, at: number, len: number): string => String.fromCharCode(...b.subarray(at, at + len));
const startsWith = (b: Uint8Array, sig: readonly number[], at = 0): boolean => b.length >= at + sig.length && sig.every((v, i) => b[at + i] === v);

/**
 * The media type the bytes show, or undefined when they match no signature we know.
 * `head`: the first bytes of the file (SNIFF_BYTES is enough; fewer may still match).
 */
export function sniffMediaType(head: Uint8Array): MediaType | undefined {
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return T.png;
  if (startsWith(head, [0xff, 0xd8, 0xff])) return T.jpg;
  if (head.length >= 6 && (ascii(head, 0, 6) === "GIF87a" || ascii(head, 0, 6) === "GIF89a")) return T.gif;
  if (head.length >= 12 && ascii(head, 0, 4) === "RIFF") {
    const form = ascii(head, 8, 4);
    if (form === "WEBP") return T.webp;
    if (form === "WAVE") return T.wav;
  }
  if (head.length >= 12 && ascii(head, 4, 4) === "ftyp") {
    const brand = ascii(head, 8, 4);
    if (brand === "qt  ") return T.mov;
    if (brand === "M4A " || brand === "M4B " || brand === "M4P ") return T.m4a;
    return T.mp4;
  }
  if (startsWith(head, [0x1a, 0x45, 0xdf, 0xa3])) {
    // EBML: the DocType says WebM or Matroska; it sits in the first few dozen bytes.
    const text = ascii(head, 0, Math.min(head.length, SNIFF_BYTES));
    return text.includes("matroska") ? T.mkv : T.webm;
  }
  if (head.length >= 3 && ascii(head, 0, 3) === "ID3") return T.mp3;
  if (head.length >= 2 && head[0] === 0xff) {
    // ADTS (AAC): 12 sync bits, layer 00; MPEG audio frame: 11 sync bits, layer ≠ 00.
    if ((head[1] & 0xf6) === 0xf0) return T.aac;
    if ((head[1] & 0xe0) === 0xe0 && (head[1] & 0x06) !== 0) return T.mp3;
  }
  return undefined;
}

const BY_EXT: Record<string, MediaType> = {
  png: T.png,
  jpg: T.jpg,
  jpeg: T.jpg,
  gif: T.gif,
  webp: T.webp,
  mp4: T.mp4,
  mov: T.mov,
  webm: T.webm,
  mkv: T.mkv,
  mp3: T.mp3,
  wav: T.wav,
  m4a: T.m4a,
  aac: T.aac,
};

const BY_MIME: Record<string, MediaType> = {
  "image/jpg": T.jpg,
  "audio/mp3": T.mp3,
  "audio/x-wav": T.wav,
  "audio/wave": T.wav,
  "audio/x-m4a": T.m4a,
};
for (const t of Object.values(T)) BY_MIME[t.mime] = t;

/** The media type a file name's extension stands for ("a.JPEG" → image/jpeg), or undefined. */
export function mediaTypeOfName(name: string): MediaType | undefined {
  return BY_EXT[path.extname(name).slice(1).toLowerCase()];
}

/** The media type a Content-Type header or a declared mime names, parameters ignored, or undefined. */
export function mediaTypeOfMime(mime: string | undefined): MediaType | undefined {
  return mime ? BY_MIME[mime.split(";")[0].trim().toLowerCase()] : undefined;
}

/**
 * The one rule: the bytes first; then the name's (or URL's) extension; then the declared type.
 * Undefined when none of them names a media type we know.
 */
export function mediaTypeOf(facts: { head?: Uint8Array; name?: string; mime?: string }): MediaType | undefined {
  return (facts.head ? sniffMediaType(facts.head) : undefined) ?? (facts.name ? mediaTypeOfName(facts.name) : undefined) ?? mediaTypeOfMime(facts.mime);
}

/** What kind of medium a media type is ("image/webp" → image, "audio/mp4" → audio, "video/quicktime" → video). */
export function mediaKindOfType(type: MediaType): "image" | "video" | "audio" {
  return type.mime.startsWith("image/") ? "image" : type.mime.startsWith("audio/") ? "audio" : "video";
}

/** The first SNIFF_BYTES of a file (fewer when it is shorter); throws the file system's error. */
export async function readHead(file: string): Promise<Buffer> {
  const handle = await fs.open(file, "r");
  try {
    const buf = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buf, 0, SNIFF_BYTES, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** The mime type of a saved file by the one rule ("application/octet-stream" when nothing says). */
export async function mimeTypeOfFile(file: string): Promise<string> {
  const head = await readHead(file).catch(() => undefined);
  return mediaTypeOf({ head, name: file })?.mime ?? "application/octet-stream";
}

/**
 * `name` with the extension the bytes call for: "img_1.png" holding WebP bytes → "img_1.webp";
 * "img_1" (no extension) → "img_1.webp". Unchanged when the bytes say nothing or already agree
 * ("a.jpeg" holding JPEG stays "a.jpeg").
 */
export function nameForBytes(name: string, head: Uint8Array): string {
  const sniffed = sniffMediaType(head);
  if (!sniffed) return name;
  const current = mediaTypeOfName(name);
  if (current?.mime === sniffed.mime) return name;
  const stem = current ? name.slice(0, name.length - path.extname(name).length) : name;
  return `${stem}.${sniffed.ext}`;
}
