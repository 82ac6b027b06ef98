/**
 * The one naming rule for a new version of an edited image, saved beside the original and never
 * over it: "harbour.png" → "harbour-edit-1.png", then "harbour-edit-2.png", …; editing a version
 * numbers on from the same original ("harbour-edit-1.png" → "harbour-edit-2.png", never
 * "harbour-edit-1-edit-1.png"). The extension is the one the saved bytes call for (the media-type
 * rule, applied by the save); the number is the first one free at save time (the save links the
 * file atomically, so two edits at once never take the same name).
 */
import * as path from "node:path";
import { MAX_NAME_BYTES, MAX_NAME_LENGTH, sanitizeFileName } from "../media/files";

/** "-edit-<n>" right before the extension (any case), n ≥ 1. */
const VERSION_SUFFIX = /-edit-([1-9]\d{0,5})$/i;

/** The original's stem a version name comes from: "harbour-edit-3.png" → "harbour"; "harbour.png" → "harbour". */
export function versionBase(fileName: string): string {
  const base = path.basename(fileName);
  const ext = path.extname(base);
  const stem = ext.length > 1 ? base.slice(0, -ext.length) : base;
  return stem.replace(VERSION_SUFFIX, "") || stem;
}

/** The version number a name carries ("harbour-edit-3.png" → 3), or undefined for an original. */
export function versionNumber(fileName: string): number | undefined {
  const base = path.basename(fileName);
  const ext = path.extname(base);
  const m = VERSION_SUFFIX.exec(ext.length > 1 ? base.slice(0, -ext.length) : base);
  return m ? Number(m[1]) : undefined;
}

/**
 * The n-th candidate name (n ≥ 1) for a new version of `original` (a file name or path; only its
 * name counts): `<stem>-edit-<n>.<ext>`, with `ext` the original's unless given (the bytes' own).
 * Safe on every OS (sanitised, bounded length; a long stem is cut, never the suffix).
 */
export function editVersionName(original: string, n: number, ext?: string): string {
  const base = path.basename(original);
  const own = path.extname(base);
  const extension = (ext ?? own.slice(1)).replace(/^\./, "").toLowerCase() || "png";
  const k = Math.max(1, Math.floor(n));
  const suffix = `-edit-${k}.${extension}`;
  let stem = "";
  for (const ch of versionBase(base)) {
    const next = stem + ch;
    if (next.length + suffix.length > MAX_NAME_LENGTH || Buffer.byteLength(next + suffix, "utf8") > MAX_NAME_BYTES) break;
    stem = next;
  }
  return sanitizeFileName(`${stem}${suffix}`, `image${suffix}`);
}

/**
 * The name a new version of `original` gets in a folder holding `taken` names: the first
 * `editVersionName(original, n)` that is free (case-insensitive, as on macOS and Windows).
 */
export function nextEditVersionName(original: string, taken: Iterable<string>, ext?: string): string {
  const names = new Set([...taken].map((t) => t.toLowerCase()));
  for (let n = 1; ; n++) {
    const candidate = editVersionName(original, n, ext);
    if (!names.has(candidate.toLowerCase())) return candidate;
  }
}
