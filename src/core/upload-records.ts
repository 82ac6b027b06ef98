/**
 * What the Session view lists under Uploads: one record per file or link sent, from the upload
 * answer where the backend describes it (`data.files[]`, parsed by upload.ts `parseUploadFiles`)
 * and from what was sent otherwise (name, size, kind by extension, time).
 */
import * as path from "node:path";
import { extensionOf } from "./files";
import type { UploadedFile, UploadResult } from "./types";
import { UPLOAD_CONTENT_TYPES } from "./upload";

export type UploadKind = "image" | "video" | "audio" | "link";

export interface UploadRecord {
  name: string;
  kind: UploadKind;
  /** Bytes sent (files only). */
  size?: number;
  /** When the upload finished (ms since the epoch). */
  at: number;
  /** The link sent, or the CDN address the backend reported. */
  url?: string;
  width?: number;
  height?: number;
  durationSec?: number;
}

/** What was sent: a local file (path and size) or a link. */
export type SentUpload = { path: string; size?: number } | { url: string };

function kindByName(name: string): UploadKind | undefined {
  const type = UPLOAD_CONTENT_TYPES[extensionOf(name)]?.split("/")[0];
  return type === "image" || type === "video" || type === "audio" ? type : undefined;
}

function linkName(url: string): string {
  try {
    const last = new URL(url).pathname.split("/").filter(Boolean).pop();
    return last ? decodeURIComponent(last) : url;
  } catch {
    return url;
  }
}

/**
 * One record per item sent, in order. A reported file is matched by name (case-insensitive), else
 * by position when the answer lists exactly as many files; its kind, size in pixels and duration win.
 */
export function uploadRecords(sent: readonly SentUpload[], result: Pick<UploadResult, "uploaded">, now: number): UploadRecord[] {
  const reported = result.uploaded ?? [];
  const byName = new Map<string, UploadedFile>(reported.map((f) => [f.fileName.toLowerCase(), f]));
  return sent.map((item, i) => {
    const isFile = "path" in item;
    const name = isFile ? path.basename(item.path) : linkName(item.url);
    const match = byName.get(name.toLowerCase()) ?? (reported.length === sent.length ? reported[i] : undefined);
    const rec: UploadRecord = {
      name,
      kind: match?.kind ?? kindByName(match?.fileName ?? name) ?? (isFile ? "image" : "link"),
      at: now,
    };
    if (isFile && item.size !== undefined) rec.size = item.size;
    const url = match?.url ?? (isFile ? undefined : item.url);
    if (url) rec.url = url;
    if (match?.width !== undefined) rec.width = match.width;
    if (match?.height !== undefined) rec.height = match.height;
    if (match?.durationSec !== undefined) rec.durationSec = match.durationSec;
    return rec;
  });
}

/** "1.2 MB", "340 KB", "12 B". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${(bytes / 1024 / 1024 / 1024).toFixed(2)} GB`;
}
