/**
 * Glyphs for the characters the ASCII bitmap font (font.ts) lacks — Chinese, accents, any BMP
 * character: GNU Unifont's outlines (UnifontEX, devDependency @fontsource/unifontex) read with
 * opentype.js the first time such a character is drawn, and rasterised by sampling pixel centres
 * (nonzero winding). Unifont draws on a 16-dot grid, so a 32 px em puts each dot on 2×2 pixels
 * (4×4 at scale 2). When the font cannot be loaded, `fontGlyph` answers undefined (the caller draws
 * the hollow box) and every character is one cell wide.
 */
import { readFileSync } from "node:fs";
import type * as OpenType from "opentype.js";
import { FONT_BASELINE, FONT_H, FONT_W } from "./font";

/** Resolved at run time (from dist/sim.js or test/sim), never bundled. */
const FONT_FILE = "@fontsource/unifontex/files/unifontex-latin-400-normal.woff";
let fontFile = FONT_FILE;
/** Em size in pixels at scale 1. */
const EM = 32;
const CACHE_LIMIT = 4000;

/** A glyph's pixels over its cells: `width` = cells × FONT_W × scale, rows from `top` (relative to the text row, may be < 0). */
export interface GlyphMask {
  cells: 1 | 2;
  width: number;
  top: number;
  height: number;
  bits: Uint8Array;
}

let font: OpenType.Font | null | undefined; // undefined: not tried yet; null: unavailable
const cellCache = new Map<string, 1 | 2>();
const maskCache = new Map<string, GlyphMask | undefined>();

function loadFont(): OpenType.Font | null {
  if (font === undefined) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on the first non-ASCII character only
      const opentype = require("opentype.js") as typeof OpenType;
      const data = readFileSync(require.resolve(fontFile));
      font = opentype.parse(new Uint8Array(data).buffer, { lowMemory: true });
    } catch {
      font = null;
    }
  }
  return font;
}

/** Use another font file (a module id or an absolute path) from the next character on; tests use a missing one. */
export function setGlyphFont(file: string = FONT_FILE): void {
  fontFile = file;
  font = undefined;
  cellCache.clear();
  maskCache.clear();
}

function glyphOf(ch: string): OpenType.Glyph | undefined {
  const f = loadFont();
  return f && f.charToGlyphIndex(ch) !== 0 ? f.charToGlyph(ch) : undefined;
}

function remember<V>(cache: Map<string, V>, key: string, make: () => V): V {
  if (cache.has(key)) return cache.get(key) as V;
  if (cache.size >= CACHE_LIMIT) cache.clear();
  const value = make();
  cache.set(key, value);
  return value;
}

/** How many ASCII cells a non-ASCII character takes: 2 for a full-width glyph (Chinese), else 1. */
export function glyphCells(ch: string): 1 | 2 {
  return remember(cellCache, ch, () => {
    const f = loadFont();
    const g = glyphOf(ch);
    return f && g && (g.advanceWidth ?? 0) > f.unitsPerEm * 0.75 ? 2 : 1;
  });
}

/** Line segments [x0, y0, x1, y1] of a path, curves flattened. */
function segments(commands: readonly OpenType.PathCommand[]): number[][] {
  const out: number[][] = [];
  let sx = 0;
  let sy = 0;
  let x = 0;
  let y = 0;
  const to = (nx: number, ny: number): void => {
    out.push([x, y, nx, ny]);
    x = nx;
    y = ny;
  };
  const STEPS = 8;
  for (const c of commands) {
    if (c.type === "M") {
      if (x !== sx || y !== sy) to(sx, sy);
      sx = x = c.x;
      sy = y = c.y;
    } else if (c.type === "L") to(c.x, c.y);
    else if (c.type === "Q") {
      const [x0, y0] = [x, y];
      for (let i = 1; i <= STEPS; i++) {
        const t = i / STEPS;
        const u = 1 - t;
        to(u * u * x0 + 2 * u * t * c.x1 + t * t * c.x, u * u * y0 + 2 * u * t * c.y1 + t * t * c.y);
      }
    } else if (c.type === "C") {
      const [x0, y0] = [x, y];
      for (let i = 1; i <= STEPS; i++) {
        const t = i / STEPS;
        const u = 1 - t;
        const [a, b, d, e] = [u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t];
        to(a * x0 + b * c.x1 + d * c.x2 + e * c.x, a * y0 + b * c.y1 + d * c.y2 + e * c.y);
      }
    } else to(sx, sy);
  }
  if (x !== sx || y !== sy) to(sx, sy);
  return out;
}

/** Fill pixels (`width` × `height`, rows from `top`) whose centres lie inside the path (nonzero winding). */
export function rasterise(commands: readonly OpenType.PathCommand[], width: number, top: number, height: number): Uint8Array {
  const bits = new Uint8Array(width * height);
  const edges = segments(commands);
  for (let row = 0; row < height; row++) {
    const cy = top + row + 0.5;
    const hits: { x: number; dir: number }[] = [];
    for (const [x0, y0, x1, y1] of edges) {
      if (y0 <= cy === y1 <= cy) continue;
      hits.push({ x: x0 + ((cy - y0) * (x1 - x0)) / (y1 - y0), dir: y1 > y0 ? 1 : -1 });
    }
    hits.sort((a, b) => a.x - b.x);
    let winding = 0;
    for (let i = 0; i < hits.length - 1; i++) {
      winding += hits[i].dir;
      if (winding === 0) continue;
      // Pixel px is inside when its centre px + 0.5 lies in [hits[i].x, hits[i + 1].x).
      const from = Math.max(0, Math.ceil(hits[i].x - 0.5));
      const to = Math.min(width, Math.ceil(hits[i + 1].x - 0.5));
      if (from < to) bits.fill(1, row * width + from, row * width + to);
    }
  }
  return bits;
}

/** Widen vertical strokes by `by` pixels (each set pixel also sets its right neighbours): Unifont's one-dot Latin next to the bold ASCII font. */
function embolden(bits: Uint8Array, width: number, by: number): void {
  for (let row = 0; row < bits.length; row += width) {
    for (let x = width - 1; x >= 0; x--) {
      if (bits[row + x] !== 1) continue;
      for (let d = 1; d <= by && x + d < width; d++) if (!bits[row + x + d]) bits[row + x + d] = 2;
    }
  }
}

/**
 * The pixels of a non-ASCII character at `scale`, or undefined when there is no font or no glyph.
 * Full-width glyphs have their em box centred on the text row; half-width ones stand on the ASCII
 * font's baseline, emboldened to match it.
 */
export function fontGlyph(ch: string, scale: number): GlyphMask | undefined {
  return remember(maskCache, `${scale}:${ch}`, () => {
    const f = loadFont();
    const g = glyphOf(ch);
    if (!f || !g) return undefined;
    const cells = glyphCells(ch);
    const em = EM * scale;
    const ascent = Math.round((f.ascender / f.unitsPerEm) * em);
    const top = cells === 2 ? Math.floor(((FONT_H - EM) * scale) / 2) : FONT_BASELINE * scale - ascent;
    const width = cells * FONT_W * scale;
    const advance = ((g.advanceWidth ?? f.unitsPerEm) / f.unitsPerEm) * em;
    const path = g.getPath(Math.floor((width - advance) / 2), top + ascent, em);
    const bits = rasterise(path.commands, width, top, em);
    if (cells === 1) embolden(bits, width, scale);
    return { cells, width, top, height: em, bits };
  });
}
