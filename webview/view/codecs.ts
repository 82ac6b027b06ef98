/**
 * Which videos this webview can play, decided from `canPlayType` (pure, so it is unit-tested with a
 * stub). Desktop VS Code's webviews decode H.264 but not AAC audio (nor HEVC, Opus): our exports
 * (H.264 + AAC) are "silent" there, while code-server's Chromium plays them whole.
 */

/** The codecs a container usually holds (what our exports and the backend's clips use). */
const CODECS: Record<string, { video: string; audio: string }> = {
  mp4: { video: 'video/mp4; codecs="avc1.640028"', audio: 'audio/mp4; codecs="mp4a.40.2"' },
  mov: { video: 'video/mp4; codecs="avc1.640028"', audio: 'audio/mp4; codecs="mp4a.40.2"' },
  m4v: { video: 'video/mp4; codecs="avc1.640028"', audio: 'audio/mp4; codecs="mp4a.40.2"' },
  webm: { video: 'video/webm; codecs="vp9"', audio: 'audio/webm; codecs="opus"' },
  mkv: { video: 'video/webm; codecs="vp9"', audio: 'audio/webm; codecs="opus"' },
};

/** "play": picture and sound; "silent": picture only; "none": the webview cannot show it. */
export type Playability = "play" | "silent" | "none";

/** The container of a file name, URL or MIME type ("mp4" when unknown: what the backend sends). */
export function containerOf(nameOrUrl: string | undefined, mime?: string): string {
  const fromMime = mime?.match(/^video\/(?:x-)?([a-z0-9]+)/i)?.[1]?.toLowerCase();
  if (fromMime === "quicktime") return "mov";
  if (fromMime === "matroska") return "mkv";
  if (fromMime && Object.hasOwn(CODECS, fromMime)) return fromMime;
  const ext = nameOrUrl?.split(/[?#]/)[0].match(/\.([a-z0-9]+)$/i)?.[1]?.toLowerCase();
  return ext && Object.hasOwn(CODECS, ext) ? ext : "mp4";
}

/** What this webview can do with a clip in `container`, from `canPlayType` ("" = no). */
export function codecDecision(canPlayType: (type: string) => string, container: string): Playability {
  const c = Object.hasOwn(CODECS, container) ? CODECS[container] : CODECS.mp4;
  if (!canPlayType(c.video)) return "none";
  return canPlayType(c.audio) ? "play" : "silent";
}
