/**
 * The Gallery view's messages, both directions, declared once: what each carries, and a check on
 * arrival (each side drops and logs what does not match). Hand-written checks, not zod: the host
 * side lives in the activation bundle (dist/extension.js), which stays light, and the lists are
 * long (2,000 items). UI strings of the view (English; the host translates each with
 * vscode.l10n.t and puts the table in `<body data-strings>`) are here too. Pure: no vscode, no DOM.
 */
import type { GalleryItem, GalleryKind } from "../core/gallery/types";
import { fillTemplate } from "../core/errors";

// The page filters and searches the listing itself, by the core's one rule (pure: no Node, no DOM).
export { queryGallery, searchableText } from "../core/gallery/query";
export type { GalleryKind } from "../core/gallery/types";

/** What a person can do with an item. */
export const GALLERY_ACTIONS = ["open", "reveal", "insert", "copyPrompt", "rerun", "variations", "edit", "delete"] as const;
export type GalleryAction = (typeof GALLERY_ACTIONS)[number];

/** An item as the view gets it: the listing's item plus its thumbnail's webview URI. */
export interface GalleryRow extends GalleryItem {
  /** `webview.asWebviewUri` of the file, for `<img>`/`<video>`; absent when the file is outside the view's resource roots. */
  thumb?: string;
  /** Where it was made, in the person's words ("the Command Palette"), from the ledger's surface. */
  madeIn?: string;
}

export type HostToGallery =
  | { type: "items"; items: GalleryRow[]; editAvailable: boolean; scanning: boolean }
  | { type: "focusSearch" };

export type GalleryToHost =
  | { type: "ready" }
  | { type: "refresh" }
  | { type: "generate" }
  | { type: "action"; action: GalleryAction; id: string };

const MAX_ID = 4096;
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown, max = MAX_ID): v is string => typeof v === "string" && v.length <= max;
const optStr = (v: unknown, max = MAX_ID): boolean => v === undefined || str(v, max);
const optNum = (v: unknown): boolean => v === undefined || (typeof v === "number" && Number.isFinite(v));
const KINDS: readonly GalleryKind[] = ["image", "video", "export"];

/** A message from the view, or undefined when it is not one. */
export function parseGalleryMessage(raw: unknown): GalleryToHost | undefined {
  if (!isObj(raw)) return undefined;
  if (raw.type === "ready" || raw.type === "refresh" || raw.type === "generate") return { type: raw.type };
  if (raw.type === "action" && (GALLERY_ACTIONS as readonly unknown[]).includes(raw.action) && str(raw.id) && raw.id.length > 0) {
    return { type: "action", action: raw.action as GalleryAction, id: raw.id };
  }
  return undefined;
}

function parseRow(v: unknown): GalleryRow | undefined {
  if (!isObj(v)) return undefined;
  if (!str(v.id) || !str(v.path) || !str(v.name, 1024) || !KINDS.includes(v.kind as GalleryKind)) return undefined;
  if (typeof v.createdAt !== "number" || !Number.isFinite(v.createdAt)) return undefined;
  if (!optStr(v.prompt, 8000) || !optStr(v.ratio, 20) || !optStr(v.style, 200) || !optStr(v.thumb) || !optStr(v.surface, 40) || !optStr(v.madeIn, 200) || !optStr(v.jobId, 200) || !optStr(v.sessionId, 200)) return undefined;
  if (!optNum(v.credits) || !optNum(v.bytes)) return undefined;
  if (v.creditsSource !== undefined && v.creditsSource !== "quoted" && v.creditsSource !== "estimate") return undefined;
  const from = isObj(v.from) ? { ledger: v.from.ledger === true, file: v.from.file === true } : { ledger: false, file: false };
  return { ...(v as unknown as GalleryRow), aiGenerated: v.aiGenerated === true, from };
}

/** A message from the host; rows that do not match are dropped one by one. */
export function parseHostToGallery(raw: unknown): HostToGallery | undefined {
  if (!isObj(raw)) return undefined;
  if (raw.type === "focusSearch") return { type: "focusSearch" };
  if (raw.type === "items" && Array.isArray(raw.items)) {
    const items: GalleryRow[] = [];
    for (const r of raw.items) {
      const row = parseRow(r);
      if (row) items.push(row);
    }
    return { type: "items", items, editAvailable: raw.editAvailable === true, scanning: raw.scanning === true };
  }
  return undefined;
}

/** Every UI string of the view: id → English with `{0}` placeholders. */
export const GALLERY_STRINGS = {
  title: "Gallery",
  search: "Search prompts",
  searchPlaceholder: "Search prompts…",
  kind: "Kind",
  kindAll: "All",
  kindImage: "Images",
  kindVideo: "Clips",
  kindExport: "Exports",
  count: "{0} saved items",
  countOne: "1 saved item",
  countFiltered: "{0} of {1} saved items",
  scanning: "Looking for media in the output folder…",
  empty: "Nothing saved in this workspace yet. An image made in the chat shows here once you save it (Save, under the image in the chat).",
  emptyFiltered: "Nothing matches this search.",
  generate: "Generate an Image…",
  listLabel: "Images, clips and exports, newest first",
  image: "Image",
  video: "Clip",
  export: "Export",
  credits: "{0} credits",
  creditsAbout: "about {0} credits",
  free: "free",
  noPrompt: "No prompt in the file",
  madeWith: "from {0}",
  actionsFor: "Actions for {0}",
  open: "Open",
  reveal: "Reveal in Explorer",
  insert: "Insert into Editor",
  copyPrompt: "Copy Prompt",
  rerun: "Re-run (same prompt and settings)",
  variations: "Make Variations…",
  edit: "Edit with a Prompt…",
  editUnavailable: "Edit with a Prompt… (not available in this version)",
  delete: "Delete (to the trash)…",
  refresh: "Refresh",
  keysHint: "Arrow keys move, Enter opens, Delete deletes, Tab reaches the actions.",
  savedOnly: "Saved files only: an image in the chat shows here once you save it.",
} as const;

export type GalleryStringId = keyof typeof GALLERY_STRINGS;
export type GalleryTranslate = (id: GalleryStringId, ...args: (string | number)[]) => string;

const placeholders = (s: string): string => [...s.matchAll(/\{\d+\}/g)].map((m) => m[0]).sort().join();

/** `t(id, ...args)` over a (maybe partial, maybe untrusted) table; a missing or malformed entry is English. */
export function galleryTranslator(table: unknown = {}): GalleryTranslate {
  const given = isObj(table) ? table : {};
  return (id, ...args) => {
    const english = GALLERY_STRINGS[id];
    const t = given[id];
    return fillTemplate(typeof t === "string" && t.length < 1000 && placeholders(t) === placeholders(english) ? t : english, args);
  };
}
