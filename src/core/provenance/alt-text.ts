/**
 * Alt text for an inserted image, by one rule: the subject of the prompt that made it (the file's
 * own record first, else the prompt the surface knows), without the asking ("generate an image
 * of"; a plain description stays as written) and without our shape sentences; or empty for a decorative image, which screen readers
 * skip (WCAG H67: `alt=""`).
 */
import { readableSubject } from "../prompt/subject";
import { splitShape } from "../shape/framing";

/** `imageGeneration.insertAltText`: "subject" (default) or "decorative" (empty alt). */
export type AltTextMode = "subject" | "decorative";

/** Longest alt text written, in characters (screen readers read alt in one breath). */
export const MAX_ALT_CHARS = 150;

/** The alt text: "" when decorative or when no prompt is known (the caller may fall back to a file name). */
export function altTextFor(prompt: string | undefined, mode: AltTextMode = "subject"): string {
  if (mode === "decorative" || !prompt?.trim()) return "";
  const subject = readableSubject(splitShape(prompt).prompt).replace(/\s+/g, " ").trim();
  const chars = Array.from(subject);
  return chars.length > MAX_ALT_CHARS ? `${chars.slice(0, MAX_ALT_CHARS - 1).join("").trimEnd()}…` : subject;
}
