/** diffStates: what changed between two states, as short sentences for people. Never throws. */
import type { GeneratedMedia, MediaKind, Segment, SessionState, Track, TrackKind } from "../types";
import { mediaTitle } from "../media/media-name";
import { percent, seconds, segmentTitle, span } from "./summary";

const LABEL: Readonly<Record<TrackKind, string>> = {
  video: "Video clip",
  audio: "Music",
  text: "Title",
  other: "Element",
};
const TRACK_LABEL: Readonly<Record<TrackKind, string>> = { video: "video", audio: "audio", text: "text", other: "other" };
const MEDIA_LABEL: Readonly<Record<MediaKind, string>> = {
  image: "Image",
  video: "Video",
  audio: "Audio",
  unknown: "Media",
};

interface Item {
  kind: TrackKind;
  track: number;
  seg: Segment;
  id: string;
  title?: string;
}

function items(state: SessionState | undefined): Item[] {
  const out: Item[] = [];
  for (const t of state?.draft?.tracks ?? []) {
    for (const seg of t.segments) {
      const title = segmentTitle(seg, t.kind);
      out.push({ kind: t.kind, track: t.index, seg, title, id: `${t.kind}|${title ?? ""}|${seg.sourceUrl ?? ""}` });
    }
  }
  return out;
}

const STILL = /\.(?:png|jpe?g|webp|gif)(?:[?#]|$)/i;

/** A still image placed on a video track is an image to a person, not a "video clip". */
function labelOf(kind: TrackKind, seg: Segment): string {
  return kind === "video" && seg.sourceUrl && STILL.test(seg.sourceUrl) ? "Image" : LABEL[kind];
}

const quoted = (it: Item): string => (it.title ? `'${it.title}'` : "");
const volumeOf = (it: Item): string =>
  it.kind === "audio" && it.seg.volume !== undefined ? `, ${percent(it.seg.volume)}` : "";

function added(it: Item): string {
  const q = quoted(it);
  return `${labelOf(it.kind, it.seg)} added${q ? `: ${q}` : ""} (${span(it.seg)}${volumeOf(it)})`;
}

function removed(it: Item): string {
  const q = quoted(it);
  return `${labelOf(it.kind, it.seg)} removed${q ? `: ${q}` : ` (${span(it.seg)})`}`;
}

function changed(a: Item, b: Item): string[] {
  const name = `${labelOf(b.kind, b.seg)}${b.title ? ` '${b.title}'` : ""}`;
  const out: string[] = [];
  if (a.seg.startMs !== b.seg.startMs) out.push(`${name} moved: ${span(a.seg)} → ${span(b.seg)}`);
  else if (a.seg.durationMs !== b.seg.durationMs)
    out.push(`${name} duration changed: ${seconds(a.seg.durationMs)}s → ${seconds(b.seg.durationMs)}s`);
  const va = a.seg.volume;
  const vb = b.seg.volume;
  if (va !== undefined && vb !== undefined && percent(va) !== percent(vb))
    out.push(`${name} volume changed: ${percent(va)} → ${percent(vb)}`);
  else if (va === undefined && vb !== undefined && b.kind === "audio") out.push(`${name} volume set to ${percent(vb)}`);
  return out;
}

function replaced(a: Item, b: Item): string {
  return `${labelOf(b.kind, b.seg)} changed: ${quoted(a) || `(${span(a.seg)})`} → ${quoted(b) || `(${span(b.seg)})`}`;
}

function segmentSentences(before: Item[], after: Item[], touched: Set<TrackKind>): string[] {
  const out: string[] = [];
  const pool = new Map<string, Item[]>();
  for (const it of before) pool.set(it.id, [...(pool.get(it.id) ?? []), it]);
  const unmatchedAfter: Item[] = [];
  for (const b of after) {
    const candidates = pool.get(b.id);
    const a = candidates?.shift();
    if (!a) {
      unmatchedAfter.push(b);
      continue;
    }
    const c = changed(a, b);
    if (c.length) touched.add(b.kind);
    out.push(...c);
  }
  const unmatchedBefore = [...pool.values()].flat();
  for (const b of unmatchedAfter) {
    touched.add(b.kind);
    const i = unmatchedBefore.findIndex((a) => a.kind === b.kind && a.track === b.track && a.seg.index === b.seg.index);
    if (i >= 0) out.push(replaced(unmatchedBefore.splice(i, 1)[0], b));
    else out.push(added(b));
  }
  for (const a of unmatchedBefore) {
    touched.add(a.kind);
    out.push(removed(a));
  }
  return out;
}

function trackSentences(before: Track[], after: Track[], touched: Set<TrackKind>): string[] {
  const out: string[] = [];
  for (const kind of ["video", "audio", "text", "other"] as const) {
    if (touched.has(kind)) continue;
    const delta = after.filter((t) => t.kind === kind).length - before.filter((t) => t.kind === kind).length;
    if (delta === 0) continue;
    const n = Math.abs(delta);
    const what = `${n === 1 ? "" : `${n} `}${TRACK_LABEL[kind]} track${n === 1 ? "" : "s"}`;
    const sentence = `${what} ${delta > 0 ? "added" : "removed"}`;
    out.push(sentence.charAt(0).toUpperCase() + sentence.slice(1));
  }
  return out;
}

/** Media in `after` whose key (or URL) was not in `before`. */
export function newMedia(before: SessionState | undefined, after: SessionState | undefined): GeneratedMedia[] {
  const known = new Set<string>();
  for (const m of before?.generatedMedia ?? []) {
    known.add(m.key);
    known.add(m.url);
  }
  return (after?.generatedMedia ?? []).filter((m) => !known.has(m.key) && !known.has(m.url));
}

/** "Image generated: 'a tiny robot watering plants'"; just "Image generated" when it has no title (never its id). */
function mediaSentence(m: GeneratedMedia): string {
  const title = mediaTitle(m);
  return `${MEDIA_LABEL[m.kind]} generated${title ? `: '${title}'` : ""}`;
}

/** Human sentences of what changed; [] when nothing did. */
export function diffStates(before: SessionState | undefined, after: SessionState | undefined): string[] {
  try {
    const touched = new Set<TrackKind>();
    return [
      ...newMedia(before, after).map(mediaSentence),
      ...segmentSentences(items(before), items(after), touched),
      ...trackSentences(before?.draft?.tracks ?? [], after?.draft?.tracks ?? [], touched),
    ];
  } catch {
    return [];
  }
}
