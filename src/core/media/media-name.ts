/**
 * The one place that names a generated image or clip for people: its title, else the prompt it
 * was made from, else a human word with the time ("Generated image · 14:05"). Never the backend's
 * random id (`img_2flmqa5nkq.png`) or a bare URL: those stay in tooltips, logs and the cache.
 * Used by the change notes (state/diff.ts), the chat caption (the host sends it to the webview)
 * and the Session view.
 */
import { readableSubject } from "../prompt/subject";
import type { GeneratedMedia, MediaKind } from "../types";

const MAX = 80;

/** English words for an unnamed item; the editor passes its translated ones. */
export const GENERATED_WORD: Readonly<Record<MediaKind, string>> = {
  image: "Generated image",
  video: "Generated clip",
  audio: "Generated audio",
  unknown: "Generated media",
};

export interface MediaNameOptions {
  /** The prompt the item was made from (in the chat: the message the reply answers). */
  prompt?: string;
  /** When the item was made, when the media itself does not say (ms since the epoch). */
  atMs?: number;
  /** The word for an unnamed item of a kind ("Generated image"); English by default. */
  word?: (kind: MediaKind) => string;
  /** The time of day for an unnamed item; local HH:MM by default. */
  time?: (ms: number) => string;
}

function flat(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters never belong in a name
  return text.replace(/[\s\u0000-\u001f\u007f]+/g, " ").trim();
}

function clip(text: string): string {
  const chars = Array.from(text);
  return chars.length > MAX ? `${chars.slice(0, MAX - 1).join("")}…` : text;
}

/** A URL, a bare file name (`clip_iwajix205n.mp4`) or an id-like token (`med_x1y2z3q4`). */
function looksInternal(text: string, media: GeneratedMedia): boolean {
  if (text === media.key || text === media.url) return true;
  if (/^[a-z][\w+.-]*:\/\//i.test(text) || /^(?:data|blob):/i.test(text)) return true;
  if (/^[^\s/\\]+\.[a-z0-9]{2,5}$/i.test(text)) return true;
  return /^[a-z]{1,12}[_-][a-z0-9_-]{5,}$/i.test(text) && /\d/.test(text);
}

function usable(text: string | undefined, media: GeneratedMedia): string | undefined {
  const t = text === undefined ? "" : flat(readableSubject(text));
  return t && !looksInternal(t, media) ? clip(t) : undefined;
}

/**
 * What the item shows, as words a person chose or recognises: the title (or prompt) the backend
 * gave it, else `prompt`, else a readable name; undefined when there is nothing but ids.
 */
export function mediaTitle(media: GeneratedMedia, prompt?: string): string | undefined {
  return usable(media.title, media) ?? usable(prompt, media) ?? usable(media.name, media);
}

function hhmm(ms: number): string {
  const d = new Date(ms);
  return `${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}`;
}

/** The name people read for a generated item (see the file comment). */
export function mediaDisplayName(media: GeneratedMedia, opts: MediaNameOptions = {}): string {
  const title = mediaTitle(media, opts.prompt);
  if (title) return title;
  const word = (opts.word ?? ((k: MediaKind) => GENERATED_WORD[k]))(media.kind);
  const at = media.createdAtMs ?? opts.atMs;
  return at !== undefined && Number.isFinite(at) ? `${word} · ${(opts.time ?? hhmm)(at)}` : word;
}
