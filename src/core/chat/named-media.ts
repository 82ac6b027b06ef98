/**
 * Which media a tool result names: the one guess about what a function response carries. The
 * simulator's and, as far as NEMO_API.md shows, the backend's generation tools answer
 * `{"status":"success","media": <generated_media entry or a list of them>}`; we also accept
 * `generated_media` / `generatedMedia` / `output(s)` holding the same entries, read by the state's
 * own media parser (state/media.ts `extractMedia`, every field-name variant). Nothing found → [],
 * and the turn falls back to the state diff while it holds the session (turn.ts).
 */
import { extractMedia } from "../state/media";

const KEYS = ["media", "generated_media", "generatedMedia", "output", "outputs"] as const;

/** Keys and URLs of the media a function response names (at most 50), or [] when it names none. */
export function mediaNamedIn(response: unknown): string[] {
  if (typeof response !== "object" || response === null || Array.isArray(response)) return [];
  const obj = response as Record<string, unknown>;
  const out: string[] = [];
  for (const k of KEYS) {
    const v = obj[k];
    if (v === undefined || v === null || typeof v !== "object") continue;
    for (const m of extractMedia(Array.isArray(v) ? v : [v])) out.push(m.key, m.url);
  }
  return [...new Set(out)].slice(0, 100);
}
