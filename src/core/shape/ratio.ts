/**
 * Aspect-ratio presets: the eight ratios a person can pick (palette, chat, agents, CLI), how to
 * read one ("9:16", "9x16", "portrait"…), the pixel size a ratio gives at a long side, and the
 * nearest preset to a pixel size (for reading a file's or a canvas's ratio back).
 */

/** The presets, in the order people see them. */
export const ASPECT_RATIOS = ["1:1", "16:9", "9:16", "4:3", "3:4", "3:2", "2:3", "21:9"] as const;
export type AspectRatio = (typeof ASPECT_RATIOS)[number];

export type Orientation = "square" | "landscape" | "portrait";

/** Width and height of a preset, as the two numbers of its name. */
export function ratioParts(ratio: AspectRatio): { w: number; h: number } {
  const [w, h] = ratio.split(":").map(Number);
  return { w, h };
}

export function isAspectRatio(value: unknown): value is AspectRatio {
  return typeof value === "string" && (ASPECT_RATIOS as readonly string[]).includes(value);
}

const WORDS: Record<string, AspectRatio> = { square: "1:1", landscape: "16:9", wide: "16:9", portrait: "9:16", vertical: "9:16", tall: "9:16", ultrawide: "21:9", cinema: "21:9" };

/**
 * A preset from what a person or an agent typed: "9:16", "9x16", "9/16", " 16 : 9 ", or a word
 * (square, landscape, portrait, vertical, ultrawide). Undefined when it is none of the presets.
 */
export function parseAspectRatio(raw: string | undefined): AspectRatio | undefined {
  if (raw === undefined) return undefined;
  const t = raw.trim().toLowerCase();
  if (WORDS[t]) return WORDS[t];
  const m = /^(\d{1,2})\s*[:x×/]\s*(\d{1,2})$/.exec(t);
  if (!m) return undefined;
  const name = `${Number(m[1])}:${Number(m[2])}`;
  return isAspectRatio(name) ? name : undefined;
}

export function orientationOf(width: number, height: number): Orientation {
  if (width === height) return "square";
  return width > height ? "landscape" : "portrait";
}

export function ratioOrientation(ratio: AspectRatio): Orientation {
  const { w, h } = ratioParts(ratio);
  return orientationOf(w, h);
}

/**
 * Pixel size of `ratio` with its long side `longSide` px (the short side rounded to an even number,
 * as encoders want): 9:16 at 1920 → 1080×1920, 16:9 at 960 → 960×540.
 */
export function dimensionsFor(ratio: AspectRatio, longSide: number): { width: number; height: number } {
  const { w, h } = ratioParts(ratio);
  const short = (side: number): number => Math.max(2, Math.round((longSide * side) / Math.max(w, h) / 2) * 2);
  return w >= h ? { width: longSide, height: short(h) } : { width: short(w), height: longSide };
}

/**
 * The preset nearest to a pixel size (by the log of the ratio, so 1080×1920 is 9:16 and 1000×1001
 * is 1:1); undefined for a size that is not positive and finite.
 */
export function nearestAspectRatio(width: number, height: number): AspectRatio | undefined {
  if (!(width > 0 && height > 0 && Number.isFinite(width) && Number.isFinite(height))) return undefined;
  const target = Math.log(width / height);
  let best: AspectRatio = "1:1";
  let bestDistance = Infinity;
  for (const r of ASPECT_RATIOS) {
    const { w, h } = ratioParts(r);
    const d = Math.abs(Math.log(w / h) - target);
    if (d < bestDistance) [best, bestDistance] = [r, d];
  }
  return best;
}
