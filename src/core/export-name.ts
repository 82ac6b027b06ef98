/**
 * The one file-name scheme for exported MP4s, used by every export path: a name the caller gives,
 * else the timeline's title when known (`city-at-night.mp4`), else `export-20261129-230049.mp4`
 * (local time). The download never overwrites: a taken name gets the collision suffix of files.ts.
 */
import { ensureExtension, sanitizeFileName, timestampForName } from "./files";

export function exportFileName(o: { fileName?: string; title?: string; nowMs: number }): string {
  const fallback = `export-${timestampForName(o.nowMs)}.mp4`;
  const title = o.title
    ?.trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
  const wanted = o.fileName?.trim() || (title ? `${title}.mp4` : fallback);
  return ensureExtension(sanitizeFileName(wanted, fallback), "video", "video/mp4");
}
