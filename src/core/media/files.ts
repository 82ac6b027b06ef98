/**
 * File names for things we write to disk (exports, generated media). Every name that came from
 * the network or a person goes through `sanitizeFileName` before it touches a path: no
 * directories, no `..`, no control characters, nothing Windows refuses, bounded length.
 */
import * as path from "node:path";
import { promptSubject } from "../prompt/subject";
import type { MediaKind } from "../types";

/** Longest file name we produce, in UTF-16 units. */
export const MAX_NAME_LENGTH = 120;
/**
 * Longest file name we produce, in UTF-8 bytes: most file systems refuse names over 255 bytes,
 * and 120 Chinese characters are 360. Leaves room for a collision suffix and `.part`-style temps.
 */
export const MAX_NAME_BYTES = 200;

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CHARS = /[\u0000-\u001f\u007f-\u009f<>:"|?*\\/]/g;

const EXT_BY_MIME: Record<string, string> = {
  "image/png": "png",
  "image/jpeg": "jpg",
  "image/jpg": "jpg",
  "image/webp": "webp",
  "image/gif": "gif",
  "video/mp4": "mp4",
  "video/quicktime": "mov",
  "video/webm": "webm",
  "video/x-matroska": "mkv",
  "audio/mpeg": "mp3",
  "audio/mp3": "mp3",
  "audio/wav": "wav",
  "audio/x-wav": "wav",
  "audio/mp4": "m4a",
  "audio/aac": "aac",
};

/** Extensions that are acceptable as-is for each kind of media. */
const EXTS_BY_KIND: Record<MediaKind, string[]> = {
  image: ["png", "jpg", "jpeg", "webp", "gif"],
  video: ["mp4", "mov", "webm", "mkv", "avi"],
  audio: ["mp3", "wav", "m4a", "aac", "ogg"],
  unknown: [],
};

const DEFAULT_EXT: Record<MediaKind, string> = { image: "png", video: "mp4", audio: "mp3", unknown: "bin" };

/** The extension (lower case, no dot) of a name, or "". */
export function extensionOf(name: string): string {
  const ext = path.extname(name);
  return ext.length > 1 ? ext.slice(1).toLowerCase() : "";
}

/**
 * A safe base name: the last path component (either separator), control and reserved characters
 * replaced, leading dots and trailing dots/spaces removed, Windows device names defused, at most
 * MAX_NAME_LENGTH characters with the extension kept. Returns `fallback` when nothing usable is left.
 */
export function sanitizeFileName(raw: string, fallback = "download"): string {
  return cleanName(raw) ?? cleanName(fallback) ?? "download";
}

function cleanName(raw: string): string | undefined {
  const lastComponent = raw.split(/[\\/]/).pop() ?? "";
  let name = lastComponent.normalize("NFC").replace(FORBIDDEN_CHARS, "_");
  name = name.replace(/^[.\s]+/, "").replace(/[.\s]+$/, "").replace(/_{2,}/g, "_");
  if (name === "" || /^[_.\s]+$/.test(name)) return undefined;
  const stem = name.split(".")[0] ?? "";
  if (WINDOWS_RESERVED.test(stem.trim())) name = `_${name}`;
  return truncateName(name, MAX_NAME_LENGTH);
}

/** Cuts `name` to `max` UTF-16 units and MAX_NAME_BYTES UTF-8 bytes, keeping whole code points and a short extension. */
function truncateName(name: string, max: number): string {
  const maxBytes = MAX_NAME_BYTES + (max - MAX_NAME_LENGTH);
  if (name.length <= max && Buffer.byteLength(name, "utf8") <= maxBytes) return name;
  const ext = path.extname(name);
  const keepExt = ext.length > 1 && ext.length <= 10 ? ext : "";
  const stem = Array.from(name.slice(0, name.length - keepExt.length)); // whole code points
  const extBytes = Buffer.byteLength(keepExt, "utf8");
  let out = "";
  let bytes = 0;
  for (const ch of stem) {
    const b = Buffer.byteLength(ch, "utf8");
    if (out.length + ch.length > max - keepExt.length || bytes + b > maxBytes - extBytes) break;
    out += ch;
    bytes += b;
  }
  return out.replace(/[.\s]+$/, "") + keepExt;
}

/** The extension a media item should have, from its mime type, then its kind. */
export function extensionFor(kind: MediaKind, mime?: string): string {
  const fromMime = mime ? EXT_BY_MIME[mime.split(";")[0].trim().toLowerCase()] : undefined;
  return fromMime ?? DEFAULT_EXT[kind];
}

/** Make sure `name` ends with an extension that fits `kind` (e.g. an image never ends in .mp4). */
export function ensureExtension(name: string, kind: MediaKind, mime?: string): string {
  const ext = extensionOf(name);
  if (kind === "unknown") {
    if (ext) return name;
    return truncateName(`${name}.${extensionFor(kind, mime)}`, MAX_NAME_LENGTH);
  }
  if (EXTS_BY_KIND[kind].includes(ext)) return name;
  return truncateName(`${name}.${extensionFor(kind, mime)}`, MAX_NAME_LENGTH);
}

/** A compact local timestamp for names: 20261124-015512. */
export function timestampForName(ms: number): string {
  const d = new Date(ms);
  const p = (n: number): string => String(n).padStart(2, "0");
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

/**
 * A file name for a downloaded media item: the short name of its title (the prompt or the media's
 * title, `slugName`), else the given name, else the last segment of the URL path, else
 * `<kind>-<timestamp>`; always sanitised and with a fitting extension.
 */
export function mediaFileName(opts: { url: string; kind: MediaKind; title?: string; name?: string; mime?: string; nowMs: number }): string {
  const fallback = `${opts.kind === "unknown" ? "media" : opts.kind}-${timestampForName(opts.nowMs)}`;
  let candidate = opts.title ? slugName(opts.title) : "";
  if (!candidate) candidate = opts.name?.trim() ?? "";
  if (!candidate) {
    try {
      const segment = new URL(opts.url).pathname.split("/").filter(Boolean).pop() ?? "";
      candidate = decodeURIComponent(segment);
    } catch {
      candidate = "";
    }
  }
  return ensureExtension(sanitizeFileName(candidate || fallback, fallback), opts.kind, opts.mime);
}

/**
 * The n-th candidate for a name (the collision rule, never overwriting): n ≤ 1 is the name itself,
 * then "clip.mp4" → "clip-2.mp4" → "clip-3.mp4".
 */
export function collisionName(name: string, n: number): string {
  if (n <= 1) return name;
  const ext = path.extname(name);
  const stem = ext.length > 1 ? name.slice(0, -ext.length) : name;
  return truncateName(`${stem}-${n}${ext.length > 1 ? ext : ""}`, MAX_NAME_LENGTH + 6);
}

/**
 * A short readable file stem from a prompt or title: the asking stripped ("generate an image of",
 * "生成一张", "…的图片"; never down to nothing), lower case, words joined by "-", letters of every
 * script kept (Chinese stays Chinese), punctuation dropped, at most `maxChars` characters (cut at a
 * word boundary when one is near), safe on every OS. "" when nothing usable is left.
 */
export function slugName(text: string, maxChars = 60): string {
  const words = promptSubject(text).toLowerCase().match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];
  let out = "";
  for (const w of words) {
    const next = out ? `${out}-${w}` : w;
    if (Array.from(next).length <= maxChars) {
      out = next;
      continue;
    }
    if (!out) out = Array.from(w).slice(0, maxChars).join(""); // one long word (or a Chinese sentence)
    break;
  }
  if (!out) return "";
  return WINDOWS_RESERVED.test(out) ? `${out}-file` : out;
}
