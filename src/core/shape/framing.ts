/**
 * The one place a shape choice (aspect ratio, style, number of variations) becomes words for the
 * agent. The backend is an agent behind a chat (NEMO_API.md): it takes no ratio or style fields,
 * so the choice is appended to the message as short sentences the agent reads —
 * "Aspect ratio: 9:16 (portrait, taller than wide). Style: watercolor (…). Make 3 variations."
 * The simulator reads exactly these sentences (test/sim/classify.ts `shapeOf`).
 */
import { InputError, phrase } from "../errors";
import type { PaidAction, PaidActionKind } from "../prompt/cost";
import { type AspectRatio, isAspectRatio, parseAspectRatio, ratioOrientation } from "./ratio";
import { findStyle, type StylePreset } from "./style";

/** Variations a person can ask for at once (the palette, the chat, agents, the CLI). */
export const MIN_VARIATIONS = 2;
export const MAX_VARIATIONS = 4;

/** What a generation should look like; every field optional (unset = the agent's own choice). */
export interface Shape {
  ratio?: AspectRatio;
  style?: StylePreset;
  /** 2–4 for "Make N variations"; unset or 1 for one. */
  variations?: number;
}

/** A shape as typed (CLI flags, tool arguments, settings), before it is checked. */
export interface ShapeInput {
  ratio?: string;
  style?: string;
  variations?: number;
}

/**
 * Check and resolve a typed shape. Throws InputError (BAD_INPUT) naming the choices for a ratio
 * that is not a preset, a style that is neither built in nor in `customStyles`, or variations
 * outside 1–4.
 */
export function resolveShape(input: ShapeInput, customStyles: unknown = []): Shape {
  const shape: Shape = {};
  if (input.ratio !== undefined && input.ratio.trim() !== "") {
    const ratio = parseAspectRatio(input.ratio);
    if (!ratio) throw new InputError("BAD_INPUT", {
        userMessage: phrase('"{0}" is not an aspect ratio on offer.', input.ratio.slice(0, 40)),
        nextStep: phrase("Use one of 1:1, 16:9, 9:16, 4:3, 3:4, 3:2, 2:3, 21:9."),
      });
    shape.ratio = ratio;
  }
  if (input.style !== undefined && input.style.trim() !== "" && input.style.trim().toLowerCase() !== "none") {
    const style = findStyle(input.style, customStyles);
    if (!style) throw new InputError("BAD_INPUT", {
        userMessage: phrase('"{0}" is not a style on offer.', input.style.slice(0, 40)),
        nextStep: phrase("Use one of photorealistic, watercolor, line art, 3D render, pixel art, cinematic, flat illustration, or add your own in the imageGeneration.styles setting."),
      });
    shape.style = style;
  }
  if (input.variations !== undefined && input.variations !== 1) {
    const n = input.variations;
    if (!Number.isInteger(n) || n < MIN_VARIATIONS || n > MAX_VARIATIONS) throw new InputError("BAD_INPUT", {
        userMessage: phrase("Variations must be a whole number from {0} to {1}.", MIN_VARIATIONS, MAX_VARIATIONS),
        nextStep: phrase("Ask for 2, 3 or 4 variations, or leave it out for one image."),
      });
    shape.variations = n;
  }
  return shape;
}

export function isEmptyShape(shape: Shape | undefined): boolean {
  return !shape || (!shape.ratio && !shape.style && !(shape.variations && shape.variations > 1));
}

const ORIENTATION_WORDS = { square: "square", landscape: "landscape, wider than tall", portrait: "portrait, taller than wide" } as const;

/** The sentences for a shape ("" for an empty one), in English: the agent's language for instructions. */
export function shapeSentences(shape: Shape | undefined): string {
  if (!shape) return "";
  const out: string[] = [];
  if (shape.ratio && isAspectRatio(shape.ratio)) out.push(`Aspect ratio: ${shape.ratio} (${ORIENTATION_WORDS[ratioOrientation(shape.ratio)]}).`);
  if (shape.style) {
    const words = shape.style.words.replace(/[\r\n]+/g, " ").trim();
    out.push(words && words.toLowerCase() !== shape.style.label.toLowerCase() ? `Style: ${shape.style.label} (${words}).` : `Style: ${shape.style.label}.`);
  }
  if (shape.variations && shape.variations > 1) out.push(`Make ${shape.variations} variations.`);
  return out.join(" ");
}

/** The message with the shape's sentences after it (one blank-free space between); as typed when the shape is empty. */
export function frameShape(message: string, shape: Shape | undefined): string {
  const words = shapeSentences(shape);
  if (!words) return message;
  const body = message.trimEnd();
  const sep = /[.!?。！？]$/.test(body) ? " " : ". ";
  return `${body}${sep}${words}`;
}

/** The paid actions a shaped request is: N variations are N of the kind, asked about once. */
export function shapedActions(kind: PaidActionKind, shape: Shape | undefined): PaidAction {
  const n = shape?.variations && shape.variations > 1 ? shape.variations : 1;
  return { kind, count: n };
}

/** A short label for people: "9:16 · watercolor · 3 variations" ("" for an empty shape). */
export function shapeLabel(shape: Shape | undefined): string {
  if (!shape) return "";
  return [shape.ratio, shape.style?.label, shape.variations && shape.variations > 1 ? `${shape.variations} variations` : undefined].filter(Boolean).join(" · ");
}

const SENTENCES = /\s*(?:Aspect ratio: (\d{1,2}:\d{1,2})(?: \([^)]*\))?\.|Style: ([^.(]{1,60}?)(?: \([^)]*\))?\.|Make ([2-9]) variations\.)/g;

/**
 * The inverse of `frameShape` for text that comes back (a backend's copy of the message, a
 * file's prompt): the person's words without our sentences, and the shape those sentences named.
 */
export function splitShape(text: string): { prompt: string; shape: ShapeInput } {
  const shape: ShapeInput = {};
  const prompt = text
    .replace(SENTENCES, (_m, ratio?: string, style?: string, n?: string) => {
      if (ratio) shape.ratio = ratio;
      if (style) shape.style = style.trim();
      if (n) shape.variations = Number(n);
      return "";
    })
    .trim();
  const shaped = shape.ratio !== undefined || shape.style !== undefined || shape.variations !== undefined;
  // frameShape put ". " after a prompt without end punctuation: take that full stop back too.
  return { prompt: shaped ? prompt.replace(/\.$/, "") : prompt, shape };
}
