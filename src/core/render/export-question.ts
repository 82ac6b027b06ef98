/**
 * The one question before an export, for every surface that asks (palette and Session view, the
 * chat's `export`, the language model tool, MCP elicitation): it names what the MP4 will contain,
 * read from the session state, so an export never carries media the person did not expect (the
 * palette, Generate from Selection and the chat share one timeline).
 *
 * "Export the timeline (3 images, 1 clip, a title, music, 0:24) as a 1080p MP4?" — exports are
 * free (NEMO_API.md "Export (render) — free"), which the detail says with the usual render time.
 * Words are phrases translated by the caller's translator (the extension's l10n; English in the CLI
 * and the MCP server). Never throws.
 */
import { fillTemplate, phrase, type Phrase, type PhraseTranslator } from "../errors";
import { elapsedClock } from "../render/estimate";
import { kindFromUrl } from "../state/media";
import type { Draft, SessionState } from "../types";

/** What an export of a draft will contain. */
export interface TimelineContents {
  /** Visual segments whose source is an image. */
  images: number;
  /** Visual segments whose source is a video clip. */
  clips: number;
  /** Visual segments whose kind the URL does not say. */
  otherVisuals: number;
  /** Segments on text tracks (titles, captions). */
  titles: number;
  /** Segments on audio tracks (music, voice). */
  audio: number;
  /** The end of the last segment, in ms (0 when the draft is empty). */
  durationMs: number;
}

export interface ExportQuestion {
  contents: TimelineContents;
  /** The sentence asked, translated: "Export the timeline (3 images, 1 clip, 0:24) as a 1080p MP4?" */
  title: string;
  /** Cost and time, translated: "Exporting is free and usually takes 30-90 seconds." */
  detail: string;
}

/** English, as the CLI and the MCP server speak (the extension passes its l10n translator). */
export const englishPhrase: PhraseTranslator = (p) => fillTemplate(p.template, p.args);

/** Counts what the draft holds, by track kind and, for visual tracks, by each segment's source URL. */
export function timelineContents(input: SessionState | Draft | undefined): TimelineContents {
  const draft = input && "tracks" in input ? input : input?.draft;
  const c: TimelineContents = { images: 0, clips: 0, otherVisuals: 0, titles: 0, audio: 0, durationMs: 0 };
  for (const track of draft?.tracks ?? []) {
    for (const seg of track.segments) {
      c.durationMs = Math.max(c.durationMs, Number.isFinite(seg.endMs) ? seg.endMs : 0);
      if (track.kind === "text") c.titles += 1;
      else if (track.kind === "audio") c.audio += 1;
      else {
        const kind = seg.sourceUrl ? kindFromUrl(seg.sourceUrl) : undefined;
        if (kind === "image") c.images += 1;
        else if (kind === "video") c.clips += 1;
        else c.otherVisuals += 1;
      }
    }
  }
  return c;
}

function counted(n: number, one: string, many: string): Phrase[] {
  return n === 0 ? [] : [n === 1 ? phrase(one) : phrase(many, n)];
}

/** The parts named in the question, in order; empty parts are left out. */
function contentPhrases(c: TimelineContents): Phrase[] {
  return [
    ...counted(c.images, "1 image", "{0} images"),
    ...counted(c.clips, "1 clip", "{0} clips"),
    ...counted(c.otherVisuals, "1 other visual", "{0} other visuals"),
    ...counted(c.titles, "a title", "{0} titles"),
    ...counted(c.audio, "music", "{0} audio segments"),
  ];
}

/** "1080p" from the canvas's shorter side; the service's default (1080p) when the state has no canvas. */
function resolutionLabel(state: SessionState | undefined): string {
  const w = state?.canvas?.width;
  const h = state?.canvas?.height;
  return w && h ? `${Math.min(w, h)}p` : "1080p";
}

/**
 * The export question for a session state. `t` translates each phrase (default English). Without a
 * state (it could not be read) it names no contents; with an empty draft it says "(empty)", and
 * the export itself then fails with the usual "generate something first" error.
 */
export function exportQuestion(state: SessionState | undefined, t: PhraseTranslator = englishPhrase): ExportQuestion {
  const contents = timelineContents(state);
  const detail = t(phrase("Exporting is free (no credits) and usually takes 30-90 seconds."));
  if (!state) return { contents, title: t(phrase("Export the timeline as a {0} MP4?", resolutionLabel(state))), detail };
  const parts = contentPhrases(contents).map(t);
  parts.push(contents.durationMs > 0 ? elapsedClock(contents.durationMs) : t(phrase("empty")));
  const title = t(phrase("Export the timeline ({0}) as a {1} MP4?", parts.join(", "), resolutionLabel(state)));
  return { contents, title, detail };
}
