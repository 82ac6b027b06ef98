/**
 * The one file-name scheme for exported MP4s, used by every export path: a name the caller gives,
 * else the timeline's title when known (`urban-dreams.mp4`, files.ts `slugName`), else
 * `export-20261129-230049.mp4` (local time). The download never overwrites: a taken name gets the
 * collision suffix of files.ts (`-2`, `-3`…).
 */
import { ensureExtension, sanitizeFileName, slugName, timestampForName } from "../media/files";
import type { Draft } from "../types";

export function exportFileName(o: { fileName?: string; title?: string; nowMs: number }): string {
  const fallback = `export-${timestampForName(o.nowMs)}.mp4`;
  const title = o.title ? slugName(o.title) : "";
  const wanted = o.fileName?.trim() || (title ? `${title}.mp4` : fallback);
  return ensureExtension(sanitizeFileName(wanted, fallback), "video", "video/mp4");
}

/** The timeline's title: the words of the first text segment, when the draft has one. */
export function timelineTitle(draft: Draft | undefined): string | undefined {
  for (const track of draft?.tracks ?? []) {
    if (track.kind !== "text") continue;
    const text = track.segments.find((s) => s.text?.trim())?.text?.trim();
    if (text) return text;
  }
  return undefined;
}
