/**
 * A generation prompt from text a person selected in a document. The text is trimmed and stripped
 * of markup noise (headings, list markers, emphasis, link targets, code fences, HTML tags); a
 * selection longer than the prompt limit is summarised to its leading whole sentences (never cut
 * mid-word) and the result carries a note saying so, so nothing is shortened silently.
 */
import { phrase, type Phrase } from "../errors";

/** The longest prompt we send from a selection, in characters. */
export const SELECTION_PROMPT_MAX = 600;

export interface SelectionPrompt {
  prompt: string;
  /** Set when the selection was summarised: a sentence to show the person. */
  note?: Phrase;
}

/** Markup removed before the text becomes a prompt. */
function plainText(text: string): string {
  return text
    .replace(/```[^\n]*\n?|~~~[^\n]*\n?/g, " ") // code fence lines
    .replace(/<[^>\n]{1,200}>/g, " ") // HTML tags
    .replace(/!?\[([^\]\n]*)\]\([^)\n]*\)/g, "$1") // [text](url), ![alt](src) → text
    .replace(/^\s{0,3}(?:#{1,6}\s+|[-*+]\s+|\d+[.)]\s+|>\s?|\.\.\s+\S+::.*$|=+$|-+$)/gm, "") // headings, lists, quotes, rst/adoc lines
    .replace(/(\*\*|__|\*|_|`)(\S(?:[^\n]*?\S)?)\1/g, "$2") // emphasis, inline code
    .replace(/\s+/g, " ")
    .trim();
}

/** Sentences, keeping their end marks (English and Chinese). */
function sentences(text: string): string[] {
  return text.match(/[^.!?。！？]+(?:[.!?。！？]+|$)/gu)?.map((s) => s.trim()).filter(Boolean) ?? [text];
}

/** Whole words up to `max` characters, with "…" (for a first sentence longer than the limit). */
function leadingWords(text: string, max: number): string {
  let out = "";
  for (const word of text.split(" ")) {
    const next = out ? `${out} ${word}` : word;
    if (Array.from(next).length > max - 1) break;
    out = next;
  }
  return `${out || Array.from(text).slice(0, max - 1).join("")}…`;
}

/**
 * The prompt for a selection; undefined when nothing usable is selected. Longer than `max`: the
 * leading whole sentences that fit, with a note giving both lengths.
 */
export function promptFromSelection(text: string, max = SELECTION_PROMPT_MAX): SelectionPrompt | undefined {
  const plain = plainText(text);
  if (!plain) return undefined;
  const length = Array.from(plain).length;
  if (length <= max) return { prompt: plain };
  let prompt = "";
  for (const s of sentences(plain)) {
    const next = prompt ? `${prompt} ${s}` : s;
    if (Array.from(next).length > max) break;
    prompt = next;
  }
  if (!prompt) prompt = leadingWords(plain, max);
  return {
    prompt,
    note: phrase(
      "The selection is long ({0} characters); the prompt uses its opening sentences ({1} characters).",
      length,
      Array.from(prompt).length,
    ),
  };
}
