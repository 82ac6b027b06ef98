/** extractMedia: what the agent generated, from whatever shape `generated_media` has. Never throws. */
import { splitShape } from "../shape/framing";
import type { GeneratedMedia, MediaKind } from "../types";
import { MEDIA_FIELDS as F, acceptUrl, asArray, asObject, pickObject, pickString, type Obj } from "./shape";

const EXT_KIND: Readonly<Record<string, MediaKind>> = {
  png: "image", jpg: "image", jpeg: "image", webp: "image", gif: "image", bmp: "image", avif: "image",
  mp4: "video", mov: "video", webm: "video", mkv: "video", avi: "video", m4v: "video",
  mp3: "audio", wav: "audio", m4a: "audio", aac: "audio", ogg: "audio", flac: "audio",
};

const WORD_KIND: Readonly<Record<string, MediaKind>> = {
  image: "image", img: "image", picture: "image", photo: "image", pic: "image",
  video: "video", clip: "video", movie: "video",
  audio: "audio", music: "audio", sound: "audio", bgm: "audio", voice: "audio",
};

const own = (table: Readonly<Record<string, MediaKind>>, key: string): MediaKind | undefined =>
  Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;

/** "image/png", "Video", "clip" → kind; undefined when it says nothing we know. */
export function kindFromWord(value: string | undefined): MediaKind | undefined {
  if (!value) return undefined;
  const v = value.toLowerCase();
  const slash = v.indexOf("/");
  const head = slash >= 0 ? v.slice(0, slash) : v;
  return own(WORD_KIND, head) ?? own(EXT_KIND, slash >= 0 ? v.slice(slash + 1) : v);
}

/** Kind from the URL's file extension (query and fragment ignored). */
export function kindFromUrl(url: string): MediaKind | undefined {
  let path = url;
  const cut = path.search(/[?#]/);
  if (cut >= 0) path = path.slice(0, cut);
  const dot = path.lastIndexOf(".");
  if (dot < 0 || dot < path.lastIndexOf("/")) return undefined;
  return own(EXT_KIND, path.slice(dot + 1).toLowerCase());
}

function baseName(url: string): string | undefined {
  const path = url.split(/[?#]/)[0];
  const last = path.slice(path.lastIndexOf("/") + 1);
  try {
    return decodeURIComponent(last) || undefined;
  } catch {
    return last || undefined;
  }
}

function findUrl(obj: Obj, depth: number): string | undefined {
  for (const name of F.url) {
    const u = acceptUrl(pickString(obj, [name]));
    if (u) return u;
  }
  if (depth > 0) {
    for (const name of F.nested) {
      const direct = acceptUrl(pickString(obj, [name]));
      if (direct) return direct;
      const inner = pickObject(obj, [name]);
      const u = inner && findUrl(inner, depth - 1);
      if (u) return u;
    }
  }
  return undefined;
}

/** `created_at` as ms since the epoch: an ISO date, or a number in seconds (< 1e11) or ms. */
function createdAt(obj: Obj): number | undefined {
  for (const name of F.created) {
    const v = obj[name];
    const ms = typeof v === "number" ? (v < 1e11 ? v * 1000 : v) : typeof v === "string" && v.trim() ? Date.parse(v) : NaN;
    if (Number.isFinite(ms) && ms > 0) return ms;
  }
  return undefined;
}

function fromEntry(entry: unknown, fallbackKey?: string): GeneratedMedia | undefined {
  if (typeof entry === "string") {
    const url = acceptUrl(entry);
    return url ? { url, kind: kindFromUrl(url) ?? "unknown", key: url, name: baseName(url) } : undefined;
  }
  const obj = asObject(entry);
  if (!obj) return undefined;
  const url = findUrl(obj, 2);
  if (!url) return undefined;
  const mime = pickString(obj, F.mime);
  let kind: MediaKind | undefined;
  for (const k of F.kind) {
    kind = kindFromWord(pickString(obj, [k]));
    if (kind) break;
  }
  kind = kind ?? kindFromWord(mime) ?? kindFromUrl(url) ?? "unknown";
  const id = pickString(obj, F.key) ?? (typeof obj.id === "number" ? String(obj.id) : undefined);
  const media: GeneratedMedia = { url, kind, key: id ?? fallbackKey ?? url, name: pickString(obj, F.name) ?? baseName(url), mime };
  const title = pickString(obj, F.title);
  // A backend that keeps the message as the prompt keeps our shape sentences too (shape/framing.ts): not part of a title.
  const words = title ? splitShape(title).prompt : "";
  if (words) media.title = words.slice(0, 200);
  const created = createdAt(obj);
  if (created !== undefined) media.createdAtMs = created;
  return media;
}

/**
 * Generated media from `generated_media` (an array, a map of id → entry, a single entry or a
 * list of URLs) or from a whole state object that holds it. Deduplicated by key and URL.
 */
export function extractMedia(raw: unknown): GeneratedMedia[] {
  try {
    let source: unknown = raw;
    const obj = asObject(raw);
    if (obj) {
      const inner = obj.generated_media ?? obj.generatedMedia ?? (asObject(obj.state)?.generated_media);
      if (inner !== undefined) source = inner;
    }
    const out: GeneratedMedia[] = [];
    const seen = new Set<string>();
    const add = (m: GeneratedMedia | undefined): void => {
      if (!m || seen.has(m.key) || seen.has(m.url)) return;
      seen.add(m.key);
      seen.add(m.url);
      out.push(m);
    };
    const list = asArray(source);
    if (list) {
      for (const e of list) add(fromEntry(e));
      return out;
    }
    const map = asObject(source);
    if (!map) return typeof source === "string" ? (fromEntry(source) ? [fromEntry(source)!] : []) : [];
    const single = fromEntry(map);
    if (single) return [single];
    for (const [k, v] of Object.entries(map)) add(fromEntry(v, k));
    return out;
  } catch {
    return [];
  }
}
