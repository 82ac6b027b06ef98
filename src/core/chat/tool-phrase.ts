/**
 * What the agent is doing, in words a person reads: one phrase per known backend tool
 * ("generate_image" → "Generating an image…"), and a readable fallback for names we have not
 * seen ("resize_canvas" → "Working: resize canvas…"). Used by the chat panel, the palette's
 * progress toast and the CLI; hosts translate the phrase. The tool names are a guess about the
 * real backend (the simulator uses the first five); this table is the one place to extend.
 */
import { phrase, type Phrase } from "../errors";

const KNOWN: Readonly<Record<string, Phrase>> = {
  generate_image: phrase("Generating an image…"),
  generate_video: phrase("Generating a clip…"),
  generate_audio: phrase("Generating audio…"),
  generate_music: phrase("Composing music…"),
  add_text: phrase("Adding a title…"),
  add_subtitle: phrase("Adding subtitles…"),
  add_bgm: phrase("Adding music…"),
  add_music: phrase("Adding music…"),
  add_transition: phrase("Adding a transition…"),
  add_voiceover: phrase("Adding a voice-over…"),
  edit_timeline: phrase("Editing the timeline…"),
  edit_image: phrase("Editing the image…"),
  search_music: phrase("Looking for music…"),
  upload: phrase("Reading your upload…"),
  export_video: phrase("Preparing the export…"),
};

/** "generate_image" / "generateImage" / "generate-image" → "generate image" (at most 60 characters). */
export function readableToolName(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_\-.:/]+/g, " ")
    // eslint-disable-next-line no-control-regex -- control characters never reach a person
    .replace(/[\s\u0000-\u001f\u007f]+/g, " ")
    .trim()
    .toLowerCase();
  return words.length > 60 ? `${words.slice(0, 59)}…` : words;
}

/** The status line for a tool call: a known tool's own words, else "Working: <readable name>…". */
export function toolPhrase(name: string): Phrase {
  const key = readableToolName(name).replace(/ /g, "_");
  if (Object.prototype.hasOwnProperty.call(KNOWN, key)) return KNOWN[key];
  const readable = readableToolName(name);
  return readable ? phrase("Working: {0}…", readable) : phrase("Working…");
}
