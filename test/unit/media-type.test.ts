/** The one media-type rule (src/core/media/media-type.ts): the bytes first, then the name, then the declared type. */
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { mediaTypeOf, nameForBytes, sniffMediaType } from "../../src/core/media";
import { GIF_1X1, WEBP_1X1 } from "../integration/helpers/media-bytes";

const FIXTURES = path.resolve(__dirname, "..", "fixtures");
const ascii = (s: string): Buffer => Buffer.from(s, "latin1");
const ftyp = (brand: string): Buffer => Buffer.concat([Buffer.from([0, 0, 0, 0x18]), ascii(`ftyp${brand}`), Buffer.alloc(8)]);

describe("media types from the bytes", () => {
  const cases: Array<[string, Buffer, string]> = [
    ["PNG", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), "image/png"],
    ["JPEG", readFileSync(path.join(FIXTURES, "sample.jpg")), "image/jpeg"],
    ["WebP", WEBP_1X1, "image/webp"],
    ["GIF", GIF_1X1, "image/gif"],
    ["MP4", readFileSync(path.join(FIXTURES, "sample.mp4")), "video/mp4"],
    ["MOV", ftyp("qt  "), "video/quicktime"],
    ["M4A", ftyp("M4A "), "audio/mp4"],
    ["WebM", Buffer.concat([Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01, 0x42, 0x82, 0x84]), ascii("webm")]), "video/webm"],
    ["MP3 (ID3)", ascii("ID3\u0004\u0000\u0000\u0000\u0000\u0000\u0000"), "audio/mpeg"],
    ["MP3 (frame)", Buffer.from([0xff, 0xfb, 0x90, 0x64]), "audio/mpeg"],
    ["AAC (ADTS)", Buffer.from([0xff, 0xf1, 0x50, 0x80]), "audio/aac"],
    ["WAV", Buffer.concat([ascii("RIFF"), Buffer.from([0x24, 0, 0, 0]), ascii("WAVEfmt ")]), "audio/wav"],
  ];
  for (const [what, bytes, mime] of cases) {
    it(`${what} → ${mime}`, () => assert.equal(sniffMediaType(bytes.subarray(0, 64))?.mime, mime));
  }

  it("the bytes win over the name and the declared type; those count only when the bytes say nothing", () => {
    assert.equal(mediaTypeOf({ head: WEBP_1X1, name: "x.png", mime: "image/png" })?.mime, "image/webp");
    assert.equal(mediaTypeOf({ head: Buffer.from("hello"), name: "x.jpeg", mime: "image/png" })?.mime, "image/jpeg");
    assert.equal(mediaTypeOf({ head: Buffer.from("hello"), name: "x", mime: "image/gif; charset=x" })?.mime, "image/gif");
    assert.equal(mediaTypeOf({ head: Buffer.from("hello") }), undefined);
  });

  it("names a file after its bytes, keeping an extension that already agrees", () => {
    assert.equal(nameForBytes("red-fox.png", WEBP_1X1), "red-fox.webp");
    assert.equal(nameForBytes("img_1", GIF_1X1), "img_1.gif");
    assert.equal(nameForBytes("a.jpeg", readFileSync(path.join(FIXTURES, "sample.jpg"))), "a.jpeg");
    assert.equal(nameForBytes("notes.v2", Buffer.from("text")), "notes.v2");
  });
});
