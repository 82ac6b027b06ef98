/**
 * Which files the gallery lists and what kind each is, by one rule: images and videos by their
 * extension (the same families as media-type.ts); a video is an export when the ledger says so,
 * when its record says `imagegen:Kind="export"`, or — for exports saved before that property — when
 * it has the export scheme's fallback name (export-name.ts: `export-20261129-230049.mp4`).
 */
import type { GalleryKind } from "./types";

const IMAGE = new Set([".png", ".jpg", ".jpeg", ".webp", ".gif"]);
const VIDEO = new Set([".mp4", ".mov", ".webm", ".m4v"]);
const EXPORT_NAME = /^export-\d{8}-\d{6}(?:-\d+)?\.mp4$/i;

function ext(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot < 0 ? "" : name.slice(dot).toLowerCase();
}

/** Whether a file name is a medium the gallery lists. */
export function isGalleryMedia(name: string): boolean {
  const e = ext(name);
  return IMAGE.has(e) || VIDEO.has(e);
}

/** The kind of a listed file; undefined for a file the gallery does not list. */
export function kindOfFile(name: string, facts: { ledgerExport?: boolean; recordKind?: "export" } = {}): GalleryKind | undefined {
  const e = ext(name);
  if (IMAGE.has(e)) return "image";
  if (!VIDEO.has(e)) return undefined;
  if (facts.ledgerExport || facts.recordKind === "export" || EXPORT_NAME.test(name)) return "export";
  return "video";
}
