/** parseState / parseDraft: the tolerant view of `data.state`. Never throws. */
import type { Canvas, Draft, GeneratedMedia, Segment, SessionState, Track, TrackKind } from "../types";
import { normaliseRatio, ratioOf } from "./canvas";
import { extractMedia } from "./media";
import {
  STATE_FIELDS as F,
  TRACK_CODES,
  acceptUrl,
  asArray,
  asObject,
  pickArray,
  pickNumber,
  pickObject,
  pickString,
  type Obj,
} from "./shape";

const MAX_SIDE = 100_000;

const side = (n: number | undefined): number | undefined => (n !== undefined && n > 0 && n <= MAX_SIDE ? Math.round(n) : undefined);

/** `canvas_config` → Canvas; undefined when it says nothing readable. */
function parseCanvas(obj: Obj | undefined): Canvas | undefined {
  if (!obj) return undefined;
  const width = side(pickNumber(obj, F.canvasWidth));
  const height = side(pickNumber(obj, F.canvasHeight));
  let ratio: string | undefined;
  for (const name of F.canvasRatio) {
    ratio = normaliseRatio(obj[name]) ?? normaliseRatio(pickString(obj, [name]));
    if (ratio) break;
  }
  ratio ??= width && height ? ratioOf(width, height) : undefined;
  if (width === undefined && height === undefined && ratio === undefined) return undefined;
  return { width, height, ratio };
}

export function trackKind(code: number | undefined): TrackKind {
  return code === undefined ? "other" : (TRACK_CODES[code] ?? "other");
}

/** Volume 0..1; values above 1 are taken as percent (0-100). */
export function normaliseVolume(v: number | undefined): number | undefined {
  if (v === undefined || Number.isNaN(v)) return undefined;
  const x = v > 1 ? v / 100 : v;
  return Math.min(1, Math.max(0, x));
}

const nonNegative = (n: number | undefined): number | undefined =>
  n === undefined || n < 0 || !Number.isFinite(n) ? undefined : n;
const positive = (n: number | undefined): number | undefined => (n === undefined || n <= 0 || !Number.isFinite(n) ? undefined : Math.round(n));

function parseSegment(raw: unknown, index: number, cursorMs: number): Segment | undefined {
  const seg = asObject(raw);
  if (!seg) return undefined;
  const meta = pickObject(seg, F.meta) ?? {};
  const range = pickObject(seg, F.range);
  const look = <T>(pick: (o: Obj | undefined, n: readonly string[]) => T | undefined, names: readonly string[]): T | undefined =>
    pick(seg, names) ?? pick(meta, names);

  const start = nonNegative(look(pickNumber, F.start) ?? pickNumber(range, F.rangeStart));
  let duration = nonNegative(look(pickNumber, F.duration) ?? pickNumber(range, F.rangeDuration));
  const end = nonNegative(look(pickNumber, F.end));
  const startMs = start ?? cursorMs;
  if (duration === undefined) duration = end !== undefined && end >= startMs ? end - startMs : 0;

  const text = look(pickString, F.text);
  return {
    index,
    name: look(pickString, F.name),
    startMs,
    endMs: startMs + duration,
    durationMs: duration,
    volume: normaliseVolume(look(pickNumber, F.volume)),
    text,
    sourceUrl: acceptUrl(look(pickString, F.sourceUrl)),
    width: positive(pickNumber(meta, F.width) ?? pickNumber(seg, F.width)),
    height: positive(pickNumber(meta, F.height) ?? pickNumber(seg, F.height)),
    meta,
  };
}

function parseTrack(raw: unknown, index: number): Track | undefined {
  const obj = asObject(raw);
  if (!obj) return undefined;
  const code = pickNumber(obj, F.trackType);
  const segments: Segment[] = [];
  let cursor = 0;
  for (const s of pickArray(obj, F.segments) ?? []) {
    const seg = parseSegment(s, segments.length, cursor);
    if (!seg) continue;
    segments.push(seg);
    cursor = seg.endMs;
  }
  return { index, kind: trackKind(code), typeCode: code ?? -1, segments };
}

/** The draft as typed tracks; undefined when there is no draft at all. */
export function parseDraft(raw: unknown): Draft | undefined {
  const obj = asObject(raw);
  const list = obj ? pickArray(obj, F.tracks) : asArray(raw);
  if (!list) return obj ? { tracks: [], raw: obj } : undefined;
  const tracks: Track[] = [];
  for (const t of list) {
    const track = parseTrack(t, tracks.length);
    if (track) tracks.push(track);
  }
  return { tracks, raw: obj ?? raw };
}

function unwrap(raw: unknown): Obj | undefined {
  let obj = asObject(raw);
  for (let i = 0; obj && i < 2; i++) {
    const hasOwn = F.draft.some((k) => k in obj!) || F.generatedMedia.some((k) => k in obj!);
    if (hasOwn) break;
    const inner = pickObject(obj, F.wrapper);
    if (!inner) break;
    obj = inner;
  }
  return obj;
}

/** A state with nothing in it (e.g. when the "before" read failed). */
export function emptyState(): SessionState {
  return { generatedMedia: [], raw: undefined };
}

/** `data.state` → SessionState. Unknown fields ignored, wrong types skipped; never throws. */
export function parseState(raw: unknown): SessionState {
  try {
    const obj = unwrap(raw);
    if (!obj) return { generatedMedia: [], raw };
    let draft: Draft | undefined;
    for (const k of F.draft) {
      if (obj[k] !== undefined && obj[k] !== null) {
        draft = parseDraft(obj[k]);
        if (draft) break;
      }
    }
    let media: GeneratedMedia[] = [];
    for (const k of F.generatedMedia) {
      if (obj[k] !== undefined) media = media.concat(extractMedia(obj[k]));
    }
    const canvas = parseCanvas(pickObject(obj, F.canvas));
    return { draft, ...(canvas ? { canvas } : {}), generatedMedia: dedupe(media), raw };
  } catch {
    return { generatedMedia: [], raw };
  }
}

function dedupe(media: GeneratedMedia[]): GeneratedMedia[] {
  const seen = new Set<string>();
  return media.filter((m) => {
    if (seen.has(m.key) || seen.has(m.url)) return false;
    seen.add(m.key);
    seen.add(m.url);
    return true;
  });
}

/** Ready for export: at least one track with a non-empty segment list. */
export function isExportReady(input: SessionState | Draft | undefined): boolean {
  if (!input) return false;
  const draft = "tracks" in input ? input : input.draft;
  return !!draft && draft.tracks.some((t) => t.segments.length > 0);
}
