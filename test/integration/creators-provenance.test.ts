/**
 * Provenance in every container, read back with exiftool (an independent reader): the record in
 * PNG, JPEG, WebP (simple lossy, simple lossless, already extended) and MP4, existing metadata
 * kept, pixels untouched (image data compared byte for byte and decoded with ffmpeg), a second
 * save replacing rather than repeating our record, and the same through the real save path
 * (NemoClient.downloadMedia over HTTP: temp file, record, rename).
 */
import { strict as assert } from "node:assert";
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { MemoryStore } from "../../src/core";
import { NemoClient } from "../../src/core/client";
import { embedInImage, embedProvenance, readProvenance, TRAINED_ALGORITHMIC_MEDIA, type ProvenanceRecord } from "../../src/core/provenance";
import { jpegSegments } from "../../src/core/provenance/jpeg";
import { pngChunk } from "../../src/core/provenance/png";
import { webpChunks } from "../../src/core/provenance/webp";
import { makePng } from "../sim/png";
import { decodeRgb, exiftool, tagValues } from "./helpers/media-tools";

const FIXTURES = path.join(__dirname, "..", "fixtures");

const record = (over: Partial<ProvenanceRecord> = {}): ProvenanceRecord => ({
  prompt: "a harbour at dawn — 港口 & <tide>",
  ratio: "3:2",
  style: "watercolor",
  createdAt: "2026-12-05T09:00:00.000Z",
  product: "Image Generation Generator",
  productVersion: "9.9.9",
  jobId: "med_abc123",
  sessionId: "sess_42",
  digitalSourceType: TRAINED_ALGORITHMIC_MEDIA,
  ...over,
});

function expectRecord(file: string, prompt: string | undefined): Record<string, unknown> {
  const tags = exiftool(file);
  assert.deepEqual(tagValues(tags, "DigitalSourceType"), [TRAINED_ALGORITHMIC_MEDIA], JSON.stringify(tags));
  assert.deepEqual(tagValues(tags, "Product"), ["Image Generation Generator"]);
  assert.deepEqual(tagValues(tags, "ProductVersion"), ["9.9.9"]);
  assert.deepEqual(tagValues(tags, "SessionId"), ["sess_42"]);
  assert.deepEqual(tagValues(tags, "JobId"), ["med_abc123"]);
  assert.deepEqual(tagValues(tags, "Style"), ["watercolor"]);
  if (prompt) assert.deepEqual(tagValues(tags, "Prompt"), [prompt]);
  else assert.equal(tagValues(tags, "Prompt").length, 0);
  assert.equal(tagValues(tags, "Warning").length, 0, `no exiftool warning: ${JSON.stringify(tagValues(tags, "Warning"))}`);
  return tags;
}

describe("creators: provenance in PNG, JPEG, WebP and MP4 (exiftool, ffmpeg)", function () {
  this.timeout(90_000); // exiftool and ffmpeg start a process per read; slow on a loaded machine
  const tmp = mkdtempSync(path.join(os.tmpdir(), "imagegen-prov-"));
  after(() => rmSync(tmp, { recursive: true, force: true }));
  const write = (name: string, buf: Buffer): string => {
    const p = path.join(tmp, name);
    writeFileSync(p, buf);
    return p;
  };

  it("PNG: XMP iTXt and a plain Description; the service's text chunks and every IDAT kept", async () => {
    const original = makePng(96, 64, "a harbour at dawn", "harbour");
    const file = write("a.png", original);
    assert.deepEqual(await embedProvenance(file, record({ prompt: "a harbour at dawn" })), { embedded: true, container: "png" });
    expectRecord(file, "a harbour at dawn");
    assert.ok(decodeRgb(file).equals(decodeRgb(write("a-orig.png", original))));
    // A second save (Regenerate keeps the file's record): ours replaced, not repeated.
    await embedProvenance(file, record({ prompt: "a harbour at dawn", jobId: "med_abc123" }));
    const tags = expectRecord(file, "a harbour at dawn");
    assert.equal(tagValues(tags, "Description").length, 2, "dc:description + the one PNG Description (the service's)");
    const back = await readProvenance(file);
    assert.equal(back.prompt, "a harbour at dawn");
    assert.equal(back.aiGenerated, true);
    assert.equal(back.ratio, "3:2");
  });

  it("PNG with an XMP packet of its own: theirs kept, ours added in the same packet", async () => {
    const base = makePng(32, 32, "x");
    const theirs = `<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" photoshop:Credit="Harbour Studio"/></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;
    const withXmp = Buffer.concat([base.subarray(0, 33), pngChunk("iTXt", Buffer.concat([Buffer.from("XML:com.adobe.xmp\0\0\0\0\0", "latin1"), Buffer.from(theirs)])), base.subarray(33)]);
    const file = write("b.png", withXmp);
    await embedProvenance(file, record());
    const tags = expectRecord(file, record().prompt);
    assert.deepEqual(tagValues(tags, "Credit"), ["Harbour Studio"]);
  });

  it("JPEG: an XMP APP1 after JFIF; the comment, JFIF and the scan data kept byte for byte", async () => {
    const original = readFileSync(path.join(FIXTURES, "sample.jpg"));
    const out = embedInImage("jpeg", original, record());
    const file = write("c.jpg", out);
    const tags = expectRecord(file, record().prompt);
    assert.deepEqual(tagValues(tags, "Comment"), ["Lavc59.37.100"]);
    assert.equal(tagValues(tags, "JFIFVersion").length, 1);
    assert.ok(jpegSegments(out).rest.equals(jpegSegments(original).rest), "scan data identical");
    assert.ok(decodeRgb(file).equals(decodeRgb(path.join(FIXTURES, "sample.jpg"))));
    // Prompts off: the mark stays, the prompt and a comment carrying it go.
    const commented = Buffer.concat([original.subarray(0, 2), Buffer.from([0xff, 0xfe, 0x00, 0x0b]), Buffer.from("a fox run"), original.subarray(2)]);
    const off = write("d.jpg", embedInImage("jpeg", commented, record({ prompt: undefined }), { stripPrompt: "a fox run" }));
    expectRecord(off, undefined);
    assert.equal(readFileSync(off).indexOf("a fox run"), -1);
  });

  for (const name of ["sample.webp", "sample-lossless.webp"]) {
    it(`WebP (${name}): turned into the extended format with the XMP flag; the bitstream copied byte for byte`, async () => {
      const original = readFileSync(path.join(FIXTURES, name));
      const out = embedInImage("webp", original, record());
      const file = write(`e-${name}`, out);
      expectRecord(file, record().prompt);
      const chunks = webpChunks(out);
      assert.equal(chunks[0].fourcc, "VP8X");
      assert.equal(chunks[0].data[0] & 0x04, 0x04, "XMP flag");
      const bitstream = (b: Buffer): Buffer | undefined => webpChunks(b).find((c) => c.fourcc === "VP8 " || c.fourcc === "VP8L")?.data;
      assert.ok(bitstream(out)?.equals(bitstream(original)!));
      assert.ok(decodeRgb(file).equals(decodeRgb(path.join(FIXTURES, name))));
      // Already extended (a second save): still one XMP chunk, still valid.
      const again = write(`f-${name}`, embedInImage("webp", out, record({ jobId: "med_abc123" })));
      expectRecord(again, record().prompt);
      assert.equal(webpChunks(readFileSync(again)).filter((c) => c.fourcc === "XMP ").length, 1);
    });
  }

  it("MP4: an XMP uuid box appended; the file still plays and its boxes are unchanged", async () => {
    const file = path.join(tmp, "g.mp4");
    copyFileSync(path.join(FIXTURES, "export-1080p.mp4"), file);
    const original = readFileSync(file);
    await embedProvenance(file, record({ prompt: undefined }));
    await embedProvenance(file, record({ prompt: undefined })); // replaces its own box
    const out = readFileSync(file);
    assert.ok(out.subarray(0, original.length).equals(original), "the original bytes come first, untouched");
    expectRecord(file, undefined);
    assert.ok(decodeRgb(file).equals(decodeRgb(path.join(FIXTURES, "export-1080p.mp4"))));
    const back = await readProvenance(file);
    assert.equal(back.aiGenerated, true);
  });

  it("a file it cannot read is saved as sent, and says why", async () => {
    const file = write("h.gif", Buffer.from("GIF89a not really"));
    assert.deepEqual(await embedProvenance(file, record()), { embedded: false, reason: "not a PNG, JPEG, WebP or MP4" });
    const broken = write("i.png", makePng(8, 8, "x").subarray(0, 40));
    const outcome = await embedProvenance(broken, record());
    assert.equal(outcome.embedded, false);
  });

  describe("through the save path (NemoClient.downloadMedia: temp file, record, rename)", () => {
    let server: Server;
    let base: string;
    before(async () => {
      server = createServer((req, res) => {
        const name = decodeURIComponent((req.url ?? "/").slice(1));
        const body = readFileSync(path.join(FIXTURES, name));
        res.writeHead(200, { "Content-Type": name.endsWith(".jpg") ? "image/jpeg" : "image/webp", "Content-Length": String(body.length) });
        res.end(body);
      });
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(() => new Promise<void>((r) => server.close(() => r())));

    const client = (embedPromptInFiles: boolean): NemoClient =>
      new NemoClient({ apiUrl: "http://127.0.0.1:9", webUrl: "https://web.example.test", platform: "test", version: "9.9.9", language: "en", globalStore: new MemoryStore(), workspaceStore: new MemoryStore(), secrets: new MemoryStore(), env: {}, embedPromptInFiles: () => embedPromptInFiles });

    for (const [name, mime] of [["sample.jpg", "image/jpeg"], ["sample.webp", "image/webp"]] as const) {
      it(`${name}: saved with the record, the prompt only when the setting allows it, no temp file left`, async () => {
        const dir = mkdtempSync(path.join(tmp, "save-"));
        const media = { url: `${base}/${name}`, kind: "image" as const, key: "med_abc123", mime };
        const on = await client(true).downloadMedia(media, { outDir: dir, title: "a lighthouse at dusk", style: "watercolor" });
        const tags = exiftool(on);
        assert.deepEqual(tagValues(tags, "Prompt"), ["a lighthouse at dusk"]);
        assert.deepEqual(tagValues(tags, "AspectRatio"), ["16:9"], "read back from the file's own pixel size (320×180)");
        assert.deepEqual(tagValues(tags, "JobId"), ["med_abc123"]);
        const off = await client(false).downloadMedia(media, { outDir: dir, title: "a lighthouse at dusk" });
        const offTags = exiftool(off);
        assert.equal(tagValues(offTags, "Prompt").length, 0);
        assert.doesNotMatch(JSON.stringify(offTags), /lighthouse at dusk/);
        assert.deepEqual(tagValues(offTags, "DigitalSourceType"), [TRAINED_ALGORITHMIC_MEDIA]);
        assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith(".part")), []);
      });
    }
  });
});
