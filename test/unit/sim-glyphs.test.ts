// Chinese prompts must be readable in the simulator's images: real glyphs (GNU Unifont via
// glyphs.ts), two ASCII cells wide, not the hollow box; and the PNG keeps the prompt as UTF-8.
import { strict as assert } from "node:assert";
import { inflateSync } from "node:zlib";
import { setGlyphFont } from "../sim/glyphs";
import { makePng, wrapWords } from "../sim/png";

interface Decoded {
  width: number;
  height: number;
  white: (x: number, y: number) => boolean;
  chunks: Map<string, Buffer>;
}

/** Our PNGs: 8-bit RGB, filter 0 on every row. */
function decode(png: Buffer): Decoded {
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const idat: Buffer[] = [];
  const chunks = new Map<string, Buffer>();
  for (let off = 8; off < png.length; ) {
    const len = png.readUInt32BE(off);
    const type = png.toString("ascii", off + 4, off + 8);
    const data = png.subarray(off + 8, off + 8 + len);
    if (type === "IDAT") idat.push(data);
    else chunks.set(type, data);
    off += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  for (let y = 0; y < height; y++) assert.equal(raw[y * (width * 3 + 1)], 0, "filter 0");
  const white = (x: number, y: number): boolean => {
    const p = y * (width * 3 + 1) + 1 + x * 3;
    return raw[p] === 255 && raw[p + 1] === 255 && raw[p + 2] === 255;
  };
  return { width, height, white, chunks };
}

interface Ink {
  mask: string;
  count: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
  /** White pixels at least 6 px inside the ink's bounding box (a hollow box has none). */
  interior: number;
}

/** The caption's white pixels; every caption is drawn over the same background (same prompt). */
function ink(caption: string): Ink {
  const { width, height, white } = decode(makePng(480, 270, "a lighthouse by the sea", caption));
  const on: [number, number][] = [];
  let mask = "";
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const w = white(x, y);
      mask += w ? "1" : "0";
      if (w) on.push([x, y]);
    }
  }
  const xs = on.map(([x]) => x);
  const ys = on.map(([, y]) => y);
  const [left, right, top, bottom] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const interior = on.filter(([x, y]) => x >= left + 6 && x <= right - 6 && y >= top + 6 && y <= bottom - 6).length;
  return { mask, count: on.length, left, right, top, bottom, interior };
}

describe("simulator glyphs (Chinese captions)", () => {
  afterEach(() => setGlyphFont());

  it("draws Chinese characters as distinct glyphs, not the hollow box", () => {
    const sea = ink("海");
    const lamp = ink("灯");
    setGlyphFont("/nonexistent/font.woff");
    const box = ink("海");
    assert.equal(ink("灯").mask, box.mask, "without the font every character is the same box");
    setGlyphFont();

    assert.ok(sea.count > 150 && lamp.count > 150, `glyph pixels drawn (${sea.count}, ${lamp.count})`);
    assert.notEqual(sea.mask, lamp.mask, "海 and 灯 look different");
    assert.notEqual(sea.mask, box.mask);
    assert.notEqual(lamp.mask, box.mask);
    assert.equal(box.interior, 0, "the box is hollow");
    assert.ok(sea.interior > 50 && lamp.interior > 30, `strokes inside the glyph (${sea.interior}, ${lamp.interior})`);
    // A Chinese glyph takes two ASCII cells (2 × 18 px at scale 2): wider than the 1-cell box.
    assert.ok(sea.right - sea.left > 40, `wide glyph (${sea.right - sea.left + 1} px)`);
    assert.ok(Math.abs((sea.left + sea.right) / 2 - 240) <= 4, "centred");
  });

  it("lays Chinese out two cells a character and mixes it with the ASCII font", () => {
    const wide = (ch: string): number => (/[\u4e00-\u9fff]/.test(ch) ? 2 : 1);
    assert.deepEqual(wrapWords("生成一张海边灯塔的图片", 10, wide), ["生成一张海", "边灯塔的图", "片"]);
    assert.deepEqual(wrapWords("a 海边 lighthouse", 8, wide), ["a 海边", "lighthou", "se"]);
    const mixed = ink("A 海");
    const ascii = ink("A");
    assert.ok(mixed.right - mixed.left > ascii.right - ascii.left + 60, "the ASCII letter and the wide glyph side by side");
    assert.equal(ink("生成一张海边灯塔的图片").mask, ink("生成一张海边灯塔的图片").mask, "deterministic");
  });

  it("keeps a Chinese prompt in an iTXt Description (UTF-8), an ASCII one in tEXt", () => {
    const cn = decode(makePng(64, 64, "生成一张海边灯塔的图片")).chunks;
    assert.equal(cn.has("tEXt"), false);
    assert.deepEqual(cn.get("iTXt"), Buffer.concat([Buffer.from("Description\0\0\0\0\0", "latin1"), Buffer.from("生成一张海边灯塔的图片")]));
    const en = decode(makePng(64, 64, "a red fox")).chunks;
    assert.equal(en.get("tEXt")?.toString("latin1"), "Description\0a red fox");
  });
});
