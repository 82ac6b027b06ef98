// opentype.js 2 ships no type declarations: only what the simulator's glyph rasteriser (test/sim/glyphs.ts) uses.
declare module "opentype.js" {
  export type PathCommand =
    | { type: "M" | "L"; x: number; y: number }
    | { type: "Q"; x1: number; y1: number; x: number; y: number }
    | { type: "C"; x1: number; y1: number; x2: number; y2: number; x: number; y: number }
    | { type: "Z" };
  export interface Glyph {
    advanceWidth?: number;
    /** The outline at `fontSize` px with its origin at (x, y), y growing downwards. */
    getPath(x: number, y: number, fontSize: number): { commands: PathCommand[] };
  }
  export interface Font {
    unitsPerEm: number;
    ascender: number;
    /** 0 (.notdef) when the font has no glyph for the character. */
    charToGlyphIndex(ch: string): number;
    charToGlyph(ch: string): Glyph;
  }
  export function parse(buffer: ArrayBuffer, options?: { lowMemory?: boolean }): Font;
}
