// The demo backend should not mislead: images show their prompt's words, unquoted titles are
// understood, the agent's sentences read naturally, and exports are 1920×1080 H.264.
import { strict as assert } from "node:assert";
import { inflateSync } from "node:zlib";
import { classify, editOps, subject, titleFrom, titleText } from "../sim/classify";
import { fixtures } from "../sim/media";
import { makePng, wrapWords } from "../sim/png";

/** RGB pixels of one of our PNGs (8-bit RGB, filter 0 on every row). */
function pixels(png: Buffer): { width: number; height: number; at: (x: number, y: number) => [number, number, number] } {
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const chunks: Buffer[] = [];
  for (let off = 8; off < png.length; ) {
    const len = png.readUInt32BE(off);
    if (png.toString("ascii", off + 4, off + 8) === "IDAT") chunks.push(png.subarray(off + 8, off + 8 + len));
    off += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(chunks));
  const at = (x: number, y: number): [number, number, number] => {
    const p = y * (width * 3 + 1) + 1 + x * 3;
    return [raw[p], raw[p + 1], raw[p + 2]];
  };
  return { width, height, at };
}

function whiteMask(png: Buffer): string {
  const { width, height, at } = pixels(png);
  let mask = "";
  for (let y = 0; y < height; y += 3) for (let x = 0; x < width; x += 3) mask += at(x, y).every((v) => v === 255) ? "1" : "0";
  return mask;
}

/** Width and height from the first video track header (tkhd) of an MP4. */
function mp4Size(mp4: Buffer): { width: number; height: number } {
  for (let i = mp4.indexOf("tkhd"); i >= 0; i = mp4.indexOf("tkhd", i + 4)) {
    const version = mp4[i + 4];
    const end = i - 4 + mp4.readUInt32BE(i - 4);
    const width = mp4.readUInt32BE(end - 8) / 65536;
    const height = mp4.readUInt32BE(end - 4) / 65536;
    if (width > 0 && (version === 0 || version === 1)) return { width, height };
  }
  throw new Error("no video track header");
}

describe("simulator realism", () => {
  it("writes the prompt's words into the image, so different prompts look different", () => {
    const a = makePng(960, 540, "a red fox in snow");
    const b = makePng(960, 540, "a lighthouse at dusk");
    const maskA = whiteMask(a);
    assert.ok(maskA.split("1").length - 1 > 200, "white letters drawn");
    assert.notEqual(maskA, whiteMask(b));
    assert.equal(whiteMask(makePng(960, 540, "a red fox in snow")), maskA, "deterministic");
    assert.deepEqual(wrapWords("a futuristic city at night with neon signs", 20), ["a futuristic city at", "night with neon", "signs"]);
  });

  it("understands unquoted titles", () => {
    const pick = <T>(items: readonly T[]): T => items[0];
    assert.equal(editOps("add a title that says Urban Dreams", pick).title, "Urban Dreams");
    assert.equal(titleText("add the title Summer Trip to the start"), "Summer Trip");
    assert.equal(titleText("add a caption reading Hello World at the start"), "Hello World");
    assert.equal(titleText("add a title 'Neon Nights'"), "Neon Nights");
    assert.equal(titleText("添加标题为城市之梦"), "城市之梦");
    assert.equal(titleText("add a title"), undefined);
    assert.equal(titleText("add a title to the video"), undefined);
  });

  it("talks about the subject, not the framing", () => {
    assert.equal(subject("create a photorealistic image of a futuristic city at night"), "a futuristic city at night");
    assert.equal(subject("generate an image of a watercolor lighthouse at dusk."), "a watercolor lighthouse at dusk");
    assert.equal(subject("make a short video of ocean waves"), "ocean waves");
    assert.equal(subject("generate a cat astronaut"), "a cat astronaut");
    assert.equal(subject("生成一张海边灯塔的图片"), "海边灯塔");
    assert.equal(subject("一只在竹林里喝茶的熊猫"), "一只在竹林里喝茶的熊猫", "一只 is part of the subject");
    assert.equal(classify("watercolor lighthouse at dusk"), "image");
    assert.equal(classify("sunflowers in a blue vase"), "image");
    assert.equal(classify("describe the scene"), "text");
    assert.equal(subject("请帮我画一幅雪山日出，水彩风格"), "雪山日出");
    assert.equal(titleFrom("生成一段城市夜景的视频", "Paradise Found"), "城市夜景");
    assert.equal(titleFrom("generate a watercolor image of a lighthouse at dusk", "X"), "Lighthouse at Dusk");
    assert.equal(titleFrom("a red fox in snow", "X"), "Red Fox in Snow");
  });

  it("exports 1920×1080 H.264 with AAC", () => {
    const mp4 = fixtures().exportMp4;
    assert.deepEqual(mp4Size(mp4), { width: 1920, height: 1080 });
    assert.ok(mp4.includes("avc1") && mp4.includes("mp4a"));
    assert.ok(mp4.length < 64 * 1024, "a small committed fixture");
  });
});
