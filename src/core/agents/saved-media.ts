/**
 * What agents get back for a saved file (its path for people, its kind and mime type, a Markdown
 * link by the product's one link rule) and the progress lines of long work. Used by run.ts and
 * the adapters that shape tool results.
 */
import * as path from "node:path";
import { eventStage, exportStage } from "../jobs/stages";
import { mediaTypeOfName } from "../media/media-type";
import { altText, encodePathSegment, imageMarkup, relativeLink } from "../prompt/markup";
import type { ChatEvent, ExportProgress, MediaKind } from "../types";

export interface SavedMedia {
  path: string;
  /** Relative to baseDir with `/` separators when inside it, else the absolute path. */
  relativePath: string;
  kind: MediaKind;
  mimeType: string;
  /** `![alt](relative/path.png)` for images, `[name](relative/path.mp4)` otherwise. */
  markdown: string;
}

/** The mime type of a file by its name alone (the one rule's fallback: media-type.ts); saved files are sniffed with `mimeTypeOfFile`. */
export function mimeTypeOf(file: string): string {
  return mediaTypeOfName(file)?.mime ?? "application/octet-stream";
}

function kindOf(mime: string): MediaKind {
  const top = mime.split("/")[0];
  return top === "image" || top === "video" || top === "audio" ? top : "unknown";
}

/** A path for people: relative with `/` inside baseDir, else absolute. */
export function pathFrom(baseDir: string | undefined, file: string): string {
  if (!baseDir) return file;
  const rel = path.relative(baseDir, file);
  if (rel === "" || rel.startsWith("..") || path.isAbsolute(rel)) return file;
  return rel.split(path.sep).join("/");
}

/**
 * A saved file as agents get it. The Markdown link follows the product's one link rule
 * (markup.ts `relativeLink`, as Insert into Editor): relative to baseDir (with `../` when the file
 * is outside it), each segment encoded, other scripts kept readable. `mimeType`: pass the sniffed
 * one (mimeTypeOfFile); by default the name decides.
 */
export function savedMedia(file: string, baseDir: string | undefined, alt: string, mimeType = mimeTypeOf(file)): SavedMedia {
  const kind = kindOf(mimeType);
  const relativePath = pathFrom(baseDir, file);
  const label = altText(alt, 100) || path.basename(file);
  const link = baseDir ? relativeLink(path.join(baseDir, "_"), file) : encodedAbsolute(file);
  const markdown = kind === "image" ? imageMarkup("markdown", link, label) : `[${label.replace(/([\\[\]])/g, "\\$1")}](${link})`;
  return { path: file, relativePath, kind, mimeType, markdown };
}

/** Without a base folder: the file's absolute path, each segment encoded by the same rule. */
function encodedAbsolute(file: string): string {
  return file.split(path.sep).map((s) => (s === "" ? s : encodePathSegment(s))).join("/");
}

/** A progress line for a chat event, or undefined for events not worth a line. */
export function progressLine(e: ChatEvent): string | undefined {
  if (e.type === "tool") return e.phase === "call" ? `working: ${e.name}` : undefined;
  if (e.type === "still-working") return `Still working… (${Math.max(1, Math.round(e.elapsedMs / 60_000))} min)`;
  return eventStage(e); // the rest as the job ledger words its stages
}

/** One line per export step, as the job ledger words it (jobs/stages.ts). */
export const exportProgressLine: (p: ExportProgress) => string = exportStage;
