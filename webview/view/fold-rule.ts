/**
 * When a message folds (pure, unit-tested): after about FOLD_LINES lines at the list's width,
 * estimated from the text (East Asian characters count double) — a text only a little longer
 * than the fold is shown whole.
 */

export const FOLD_LINES = 8;
/** A text that would be at most this many lines longer than the fold is shown whole. */
const FOLD_SLACK_LINES = 2;

/** East Asian wide characters take about two columns. */
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/g;

/** About how many lines `text` takes when a line holds `columns` narrow characters. */
export function estimateLines(text: string, columns: number): number {
  const cols = Math.max(10, Math.floor(columns));
  let lines = 0;
  for (const line of text.split("\n")) {
    const width = line.length + (line.match(WIDE)?.length ?? 0);
    lines += Math.max(1, Math.ceil(width / cols));
  }
  return lines;
}

/** Fold when the text runs clearly past FOLD_LINES lines. */
export function shouldFold(text: string, columns: number, limit = FOLD_LINES): boolean {
  return estimateLines(text, columns) > limit + FOLD_SLACK_LINES;
}

/** Narrow characters per line in an element of this width (average glyph ≈ 0.55 em). */
export function columnsFor(widthPx: number, fontPx: number): number {
  return widthPx > 0 && fontPx > 0 ? widthPx / (fontPx * 0.55) : 40;
}
