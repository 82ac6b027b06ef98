/**
 * Real media generated in pure Node: PNG images (zlib) that show their prompt's words (ASCII in a
 * built-in bitmap font, Chinese and other scripts from glyphs.ts), so a person can tell which
 * prompt made which image, and WAV tones.
 */
import { deflateSync } from "node:zlib";
import { FONT_H, FONT_W, glyphRows } from "./font";
import { fontGlyph, glyphCells } from "./glyphs";
import { hashString } from "./rng";

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Greedy word wrap to `cols` cells a line (long words are cut); `cells` says how wide a character is. */
export function wrapWords(text: string, cols: number, cells: (ch: string) => number = () => 1): string[] {
  const lines: string[] = [];
  let line = "";
  let used = 0;
  const add = (piece: string, w: number): void => {
    if (!line) [line, used] = [piece, w];
    else if (used + 1 + w <= cols) [line, used] = [`${line} ${piece}`, used + 1 + w];
    else {
      lines.push(line);
      [line, used] = [piece, w];
    }
  };
  for (const word of text.split(/\s+/).filter(Boolean)) {
    let piece = "";
    let w = 0;
    for (const ch of word) {
      const cw = cells(ch);
      if (w > 0 && w + cw > cols) {
        add(piece, w);
        [piece, w] = ["", 0];
      }
      piece += ch;
      w += cw;
    }
    if (piece) add(piece, w);
  }
  if (line) lines.push(line);
  return lines;
}

const isAscii = (ch: string): boolean => ch.length === 1 && ch >= " " && ch <= "~";

/** ASCII cells a character takes: 1 for the bitmap font and the box, 2 for a full-width glyph. */
const cellsOf = (ch: string): number => (isAscii(ch) ? 1 : glyphCells(ch));

/** Draw one character with its cells' top-left at (x, y): the ASCII bitmap font, a font glyph or the hollow box. */
function drawChar(raw: Buffer, width: number, height: number, ch: string, x: number, y: number, scale: number): void {
  const rowLen = width * 3 + 1;
  const plot = (px: number, py: number): void => {
    if (px < 0 || px >= width || py < 0 || py >= height) return;
    const p = py * rowLen + 1 + px * 3;
    raw[p] = 255;
    raw[p + 1] = 255;
    raw[p + 2] = 255;
  };
  const mask = isAscii(ch) ? undefined : fontGlyph(ch, scale);
  if (mask) {
    for (let my = 0; my < mask.height; my++) {
      for (let mx = 0; mx < mask.width; mx++) if (mask.bits[my * mask.width + mx]) plot(x + mx, y + mask.top + my);
    }
    return;
  }
  const rows = glyphRows(ch);
  for (let gy = 0; gy < FONT_H; gy++) {
    for (let gx = 0; gx < FONT_W; gx++) {
      if (!((rows[gy] >> (FONT_W - 1 - gx)) & 1)) continue;
      for (let dy = 0; dy < scale; dy++) for (let dx = 0; dx < scale; dx++) plot(x + gx * scale + dx, y + gy * scale + dy);
    }
  }
}

/** Draw `caption` centred on a dark band over the RGB rows (`raw`, with filter bytes), at the largest scale that fits. */
function drawCaption(raw: Buffer, width: number, height: number, caption: string): void {
  const text = caption.replace(/\s+/g, " ").trim();
  if (!text) return;
  let scale = 2;
  let lines: string[] = [];
  for (; scale >= 1; scale--) {
    const cols = Math.floor((width * 0.9) / (FONT_W * scale));
    const rows = Math.floor((height * 0.8) / ((FONT_H + 4) * scale));
    lines = wrapWords(text, cols, cellsOf);
    if (lines.length <= rows || scale === 1) {
      lines = lines.slice(0, Math.max(1, rows));
      break;
    }
  }
  const lineH = (FONT_H + 4) * scale;
  const blockH = lines.length * lineH;
  const top = Math.floor((height - blockH) / 2);
  const rowLen = width * 3 + 1;
  const pad = Math.round(lineH / 3);
  for (let y = Math.max(0, top - pad); y < Math.min(height, top + blockH + pad); y++) {
    for (let x = 0; x < width; x++) {
      const p = y * rowLen + 1 + x * 3;
      raw[p] = raw[p] >> 2;
      raw[p + 1] = raw[p + 1] >> 2;
      raw[p + 2] = raw[p + 2] >> 2;
    }
  }
  lines.forEach((line, li) => {
    const chars = Array.from(line);
    const lineCells = chars.reduce((n, ch) => n + cellsOf(ch), 0);
    let x = Math.floor((width - lineCells * FONT_W * scale) / 2);
    for (const ch of chars) {
      drawChar(raw, width, height, ch, x, top + li * lineH, scale);
      x += cellsOf(ch) * FONT_W * scale;
    }
  });
}

/** The prompt as PNG text: tEXt (Latin-1) when it is printable ASCII, else iTXt (UTF-8, uncompressed, no language). */
function descriptionChunk(text: string): Buffer {
  if (/^[\x20-\x7e]*$/.test(text)) return chunk("tEXt", Buffer.from(`Description\0${text}`, "latin1"));
  return chunk("iTXt", Buffer.concat([Buffer.from("Description\0\0\0\0\0", "latin1"), Buffer.from(text, "utf8")]));
}

/**
 * An RGB gradient whose colours and stripes derive from the prompt, with `caption` (default: the
 * prompt) written across the middle in white on a dark band.
 */
export function makePng(width: number, height: number, prompt: string, caption: string = prompt, description: string = prompt): Buffer {
  const h = hashString(prompt);
  const a = [h & 0xff, (h >>> 8) & 0xff, (h >>> 16) & 0xff];
  const b = [255 - a[1], 255 - a[2], 255 - a[0]];
  const stripe = 8 + ((h >>> 24) % 48);
  const rowLen = width * 3 + 1;
  const raw = Buffer.alloc(rowLen * height);
  for (let y = 0; y < height; y++) {
    const off = y * rowLen;
    raw[off] = 0; // filter: none
    const fy = y / Math.max(1, height - 1);
    for (let x = 0; x < width; x++) {
      const f = (x / Math.max(1, width - 1) + fy) / 2;
      const band = Math.floor((x + y) / stripe) % 2 === 0 ? 0 : 24;
      const p = off + 1 + x * 3;
      raw[p] = Math.min(255, Math.round(a[0] + (b[0] - a[0]) * f) + band);
      raw[p + 1] = Math.min(255, Math.round(a[1] + (b[1] - a[1]) * f) + band);
      raw[p + 2] = Math.min(255, Math.round(a[2] + (b[2] - a[2]) * f) + band);
    }
  }
  drawCaption(raw, width, height, caption);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type RGB
  ihdr[10] = 0;
  ihdr[11] = 0;
  ihdr[12] = 0;
  const text = Array.from(description).slice(0, 200).join("").replace(/\0/g, " ");
  return Buffer.concat([
    PNG_SIGNATURE,
    chunk("IHDR", ihdr),
    descriptionChunk(text),
    chunk("IDAT", deflateSync(raw, { level: 6 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** A mono 16-bit PCM WAV sine tone. */
export function makeWav(seconds: number, frequency: number, sampleRate = 8000): Buffer {
  const samples = Math.round(seconds * sampleRate);
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) {
    data.writeInt16LE(Math.round(Math.sin((2 * Math.PI * frequency * i) / sampleRate) * 6000), i * 2);
  }
  const head = Buffer.alloc(44);
  head.write("RIFF", 0, "ascii");
  head.writeUInt32LE(36 + data.length, 4);
  head.write("WAVE", 8, "ascii");
  head.write("fmt ", 12, "ascii");
  head.writeUInt32LE(16, 16);
  head.writeUInt16LE(1, 20); // PCM
  head.writeUInt16LE(1, 22); // mono
  head.writeUInt32LE(sampleRate, 24);
  head.writeUInt32LE(sampleRate * 2, 28);
  head.writeUInt16LE(2, 32);
  head.writeUInt16LE(16, 34);
  head.write("data", 36, "ascii");
  head.writeUInt32LE(data.length, 40);
  return Buffer.concat([head, data]);
}
