/**
 * Text shown in the tree, the status bar and progress notifications. Pure (no `vscode` import):
 * callers pass in the localized words they need.
 */

/** "0-10s", "2.5-4s": a segment's time range in seconds, at most one decimal. */
export function timeRange(startMs: number, endMs: number): string {
  return `${seconds(startMs)}-${seconds(endMs)}s`;
}

function seconds(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  const rounded = Math.round(s * 10) / 10;
  return Number.isInteger(rounded) ? String(rounded) : rounded.toFixed(1);
}

/** The tail of the agent's text, one line, at most `max` characters, for a progress line. */
export function snippet(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  return "…" + flat.slice(flat.length - (max - 1));
}

/**
 * A progress notification's title: what the work is about (the start of a prompt, or a file
 * name), one line, at most `max` characters (cut at a word, "…" added). Never a verb: VS Code shows
 * "title: message" and the messages are the verbs (tools.ts: "Generating an image…", "Editing the
 * image…"), so a verb in the title said the same thing twice ("Generating image: Generating an image…").
 */
export function progressSubject(text: string, max = 48): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  // The last word whole, else cut before it (unless that leaves less than half).
  const space = flat[max - 1] === " " ? cut.length : cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** Whole percent of `part` in `total`, 0..100; undefined when total is unknown. */
export function percent(part: number, total: number | undefined): number | undefined {
  if (!total || total <= 0) return undefined;
  return Math.max(0, Math.min(100, Math.floor((part / total) * 100)));
}
