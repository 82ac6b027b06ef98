/** How a draft is described to people: the one-line summary and the pieces diffStates reuses. */
import { readableSubject } from "../prompt/subject";
import type { Draft, Segment, Track, TrackKind } from "../types";

/** 10000 → "10", 2500 → "2.5". */
export function seconds(ms: number): string {
  const tenths = Math.round(ms / 100) / 10;
  return Number.isInteger(tenths) ? String(tenths) : tenths.toFixed(1);
}

export function span(seg: Segment): string {
  return `${seconds(seg.startMs)}-${seconds(seg.endMs)}s`;
}

export function percent(volume: number): string {
  return `${Math.round(volume * 100)}%`;
}

/** One line, no control characters, at most `max` characters. */
export function clip(text: string, max = 60): string {
  // eslint-disable-next-line no-control-regex -- stripping control characters is the point
  const flat = text.replace(/[\s\u0000-\u001f\u007f]+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export const SUMMARY_LABEL: Readonly<Record<TrackKind, string>> = {
  video: "Video",
  audio: "BGM",
  text: "Title",
  other: "Other",
};

/** A backend's generated file id ("img_xhhna5w0wr.png", "clip_iwajix205n.mp4"), not a name a person gave. */
function isBackendId(fileName: string): boolean {
  const stem = fileName.replace(/\.[a-z0-9]{2,5}$/i, "");
  return /^[a-z]{1,12}[_-][a-z0-9_-]{5,}$/i.test(stem) && /\d/.test(stem);
}

/**
 * What a segment is called: the text for titles, else its name (a framed prompt as its subject),
 * else the file name in its URL unless that is the backend's id. Undefined when it has none.
 */
export function segmentTitle(seg: Segment, kind: TrackKind): string | undefined {
  const file = seg.sourceUrl ? decodeURIComponent(seg.sourceUrl.split(/[?#]/)[0].split("/").pop() ?? "") : undefined;
  const fromUrl = file && !isBackendId(file) ? file : undefined;
  const raw = kind === "text" ? (seg.text ?? seg.name) : (seg.name ?? seg.text ?? fromUrl);
  return raw ? clip(kind === "text" ? raw : readableSubject(raw)) : undefined;
}

function describeSegment(seg: Segment, kind: TrackKind): string {
  const title = segmentTitle(seg, kind);
  const named = kind === "text" ? `"${title ?? ""}"` : (title ?? `segment ${seg.index + 1}`);
  const extra = kind === "audio" && seg.volume !== undefined ? `, ${percent(seg.volume)}` : "";
  return `${named} (${span(seg)}${extra})`;
}

const MAX_SEGMENTS_SHOWN = 4;

function describeTrack(track: Track, n: number): string {
  const label = SUMMARY_LABEL[track.kind];
  if (track.segments.length === 0) return `${n}. ${label}: (empty)`;
  const shown = track.segments.slice(0, MAX_SEGMENTS_SHOWN).map((s) => describeSegment(s, track.kind));
  const more = track.segments.length - shown.length;
  return `${n}. ${label}: ${shown.join(", ")}${more > 0 ? ` and ${more} more` : ""}`;
}

/** One line per track, as the Session view lists them: `1. Video: city timelapse (0-10s)`. */
export function trackLines(draft: Draft | undefined): string[] {
  return (draft?.tracks ?? []).map((t, i) => describeTrack(t, i + 1));
}

/** `Timeline (3 tracks): 1. Video: city timelapse (0-10s) 2. BGM: Lo-fi (0-10s, 35%) 3. Title: "Urban Dreams" (0-3s)` */
export function summarizeDraft(draft: Draft | undefined): string {
  if (!draft || draft.tracks.length === 0) return "Timeline is empty.";
  const n = draft.tracks.length;
  const parts = draft.tracks.map((t, i) => describeTrack(t, i + 1));
  return `Timeline (${n} ${n === 1 ? "track" : "tracks"}): ${parts.join(" ")}`;
}
