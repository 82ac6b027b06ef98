/**
 * Search and filter of the gallery's listing. No Node or editor import: the webview bundles this
 * same function and runs it on every keystroke over the items the host posted.
 */
import type { GalleryItem, GalleryQuery } from "./types";

/** Lower case without accents ("Café" → "cafe"), for matching what people type. */
export function foldText(s: string): string {
  return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
}

/** The words of a search (folded, split on white space; at most 12, each at most 100 characters). */
export function searchWords(text: string | undefined): string[] {
  return foldText(text ?? "")
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 12)
    .map((w) => w.slice(0, 100));
}

/** The text an item is searched by: its prompt, file name and style. */
export function searchableText(item: Pick<GalleryItem, "prompt" | "name" | "style">): string {
  return foldText([item.prompt ?? "", item.name, item.style ?? ""].join("\n"));
}

/**
 * The items matching a query, in the order given (the listing is newest first). `index` may hold
 * each item's searchable text, computed once (the webview keeps it between keystrokes).
 */
export function queryGallery<T extends GalleryItem>(items: readonly T[], q: GalleryQuery, index?: ReadonlyMap<string, string>): T[] {
  const words = searchWords(q.text);
  const kind = q.kind && q.kind !== "all" ? q.kind : undefined;
  if (!words.length && !kind) return items.slice();
  return items.filter((item) => {
    if (kind && item.kind !== kind) return false;
    if (!words.length) return true;
    const hay = index?.get(item.id) ?? searchableText(item);
    return words.every((w) => hay.includes(w));
  });
}
