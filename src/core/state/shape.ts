/**
 * Every guess about the unpublished parts of `data.state` lives here: which field names the
 * backend may use for a segment's start, a name, a URL, a media kind... Everything else in
 * src/core/state/ reads the state only through these lists and the tolerant pickers below.
 */
import * as z from "zod/v4-mini"; // light: the Session view reads the canvas at activation (bundle-size test)

export const STATE_FIELDS = {
  /** `data.state` may come wrapped once more. */
  wrapper: ["state"],
  draft: ["draft"],
  generatedMedia: ["generated_media", "generatedMedia", "media"],
  tracks: ["t", "tracks"],
  trackType: ["tt", "type", "track_type", "trackType"],
  segments: ["sg", "segments", "segs"],
  duration: ["d", "duration", "dur", "duration_ms", "durationMs"],
  meta: ["m", "meta", "metadata"],
  start: ["st", "start", "s", "start_ms", "startMs", "offset", "begin"],
  end: ["e", "end", "end_ms", "endMs"],
  /** A nested time range {start, duration} (CapCut-like drafts). */
  range: ["tr", "target_timerange", "targetTimerange", "range"],
  rangeStart: ["start", "s"],
  rangeDuration: ["duration", "d"],
  name: ["name", "title", "n", "label", "file_name", "fileName", "filename"],
  text: ["text", "content", "txt", "caption"],
  volume: ["volume", "vol", "v"],
  sourceUrl: ["url", "src", "source", "source_url", "sourceUrl", "file_url", "fileUrl", "uri", "path"],
  /** A segment's pixel size (`m.width`, `m.height` in the vendor's API reference). */
  width: ["width", "w"],
  height: ["height", "h"],
  /** The canvas (`canvas_config`: width, height, aspect ratio; NEMO_API.md "Variants"). */
  canvas: ["canvas_config", "canvasConfig", "canvas"],
  canvasWidth: ["width", "w", "canvas_width", "canvasWidth"],
  canvasHeight: ["height", "h", "canvas_height", "canvasHeight"],
  /** "16:9", "9:16", "16/9", or a number (1.7778). */
  canvasRatio: ["aspect_ratio", "aspectRatio", "ratio", "aspect"],
} as const;

export const MEDIA_FIELDS = {
  url: [
    "url", "file_url", "fileUrl", "src", "uri", "download_url", "downloadUrl", "output_url", "outputUrl",
    "media_url", "mediaUrl", "video_url", "videoUrl", "image_url", "imageUrl", "audio_url", "audioUrl",
  ],
  /** Objects that may hold the URL one level down: `output.url`, `result.url` ... */
  nested: ["output", "result", "file", "asset", "data"],
  kind: ["kind", "type", "media_type", "mediaType"],
  mime: ["mime", "mime_type", "mimeType", "content_type", "contentType"],
  key: ["id", "media_id", "mediaId", "uuid", "key"],
  name: ["name", "title", "file_name", "fileName", "filename", "prompt"],
  /** What the media shows, for its file name (files.ts `slugName`). */
  title: ["title", "prompt", "description", "caption"],
  /** When it was made: an ISO date, or seconds / milliseconds since the epoch. */
  created: ["created_at", "createdAt", "created", "timestamp"],
} as const;

/** tt codes, from the vendor's docs. */
export const TRACK_CODES: Readonly<Record<number, "video" | "audio" | "text">> = { 0: "video", 1: "audio", 7: "text" };

// zod 4's number() already refuses Infinity and NaN.
const finiteNumber = z.union([
  z.number(),
  z.pipe(
    z.string().check(z.trim(), z.regex(/^-?\d+(\.\d+)?%?$/)),
    z.transform((s: string) => Number(s.replace("%", ""))),
  ),
]);
const nonEmptyString = z.string().check(z.trim(), z.minLength(1));
export const recordSchema = z.record(z.string(), z.unknown());
const arraySchema = z.array(z.unknown());

export type Obj = Record<string, unknown>;

export function asObject(value: unknown): Obj | undefined {
  if (typeof value === "string" && value.length > 1 && value.trimStart().startsWith("{")) {
    // Some backends send nested JSON as a string; parse it once, tolerantly.
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  // Validated, but the original object is returned: the draft goes back to the render endpoint as is.
  return recordSchema.safeParse(value).success ? (value as Obj) : undefined;
}

export function asArray(value: unknown): unknown[] | undefined {
  const r = arraySchema.safeParse(value);
  return r.success ? r.data : undefined;
}

function pickWith<T>(obj: Obj | undefined, names: readonly string[], schema: z.ZodMiniType<T>): T | undefined {
  if (!obj) return undefined;
  for (const name of names) {
    if (!Object.prototype.hasOwnProperty.call(obj, name)) continue;
    const r = schema.safeParse(obj[name]);
    if (r.success) return r.data;
  }
  return undefined;
}

export const pickNumber = (obj: Obj | undefined, names: readonly string[]): number | undefined =>
  pickWith(obj, names, finiteNumber);
export const pickString = (obj: Obj | undefined, names: readonly string[]): string | undefined =>
  pickWith(obj, names, nonEmptyString);
export const pickArray = (obj: Obj | undefined, names: readonly string[]): unknown[] | undefined =>
  pickWith(obj, names, arraySchema);
export function pickObject(obj: Obj | undefined, names: readonly string[]): Obj | undefined {
  if (!obj) return undefined;
  for (const name of names) {
    const o = asObject(obj[name]);
    if (o) return o;
  }
  return undefined;
}

/** A URL we are willing to show or download: absolute http(s), or a path on the API host. */
export function acceptUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (v.startsWith("/") && !v.startsWith("//")) return v;
  try {
    const u = new URL(v);
    return u.protocol === "http:" || u.protocol === "https:" ? v : undefined;
  } catch {
    return undefined;
  }
}
