/**
 * What the gallery lists: one item per saved image, clip or export of the workspace, from the job
 * ledger (jobs/), the file's own provenance record (provenance/), or both. Pure data: the
 * extension posts these to its webview as they are (plus a thumbnail URI).
 */
import type { JobSurface } from "../jobs/types";

export type GalleryKind = "image" | "video" | "export";
export const GALLERY_KINDS: readonly GalleryKind[] = ["image", "video", "export"];

export interface GalleryItem {
  /** Stable and unique: the file's absolute path. */
  id: string;
  /** Absolute path of the file. */
  path: string;
  /** The file name (`harbour-at-dawn.png`). */
  name: string;
  kind: GalleryKind;
  /** The person's prompt, without the shape sentences the product appended (shape/framing.ts). */
  prompt?: string;
  /** "9:16", as the file or the prompt says. */
  ratio?: string;
  /** The style's label ("watercolor"). */
  style?: string;
  /** When it was made, ms since the epoch (the file's record, else the job's end, else the file's mtime). */
  createdAt: number;
  /** Credits it cost: the quote of the cost question (ledger), else the cost table's price for its kind; 0 for exports. */
  credits?: number;
  /** "quoted": asked and shown before paying (ledger); "estimate": the cost table's price (COST_CREDITS). */
  creditsSource?: "quoted" | "estimate";
  /** Where it was made (palette, chat, mcp, cli…); undefined when only the file knows of it. */
  surface?: JobSurface;
  jobId?: string;
  sessionId?: string;
  /** File size in bytes, when stat'ed. */
  bytes?: number;
  /** The file carries the IPTC mark trainedAlgorithmicMedia. */
  aiGenerated: boolean;
  /** Where the facts came from. */
  from: { ledger: boolean; file: boolean };
}

/** A media file found on disk, with its record when it has one. */
export interface FileFact {
  path: string;
  /** Bytes. */
  size: number;
  /** ms since the epoch. */
  mtimeMs: number;
  record?: {
    prompt?: string;
    ratio?: string;
    style?: string;
    /** ISO 8601. */
    createdAt?: string;
    jobId?: string;
    sessionId?: string;
    kind?: "export";
    aiGenerated: boolean;
  };
}

/** Search and filter of the listing (both optional). */
export interface GalleryQuery {
  /** Words that must all appear in the prompt, the file name or the style (any case, any accents). */
  text?: string;
  kind?: GalleryKind | "all";
}
