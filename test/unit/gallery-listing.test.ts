/**
 * The gallery's listing rule (src/core/gallery): ledger and file facts merged into one item per
 * file, newest first; kinds; the head-only record reader against the whole-file one; the scan's
 * cache; search and filter.
 */
import { strict as assert } from "node:assert";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { buildGallery, kindOfFile, MediaScanner, queryGallery, type FileFact, type GalleryItem } from "../../src/core/gallery";
import type { Job } from "../../src/core/jobs";
import { embedInImage, readProvenance, readProvenanceFast, recordFromHead, TRAINED_ALGORITHMIC_MEDIA, type ProvenanceRecord } from "../../src/core/provenance";
import { makePng } from "../sim/png";

const FIXTURES = path.join(__dirname, "..", "fixtures");

const rec = (over: Partial<ProvenanceRecord> = {}): ProvenanceRecord => ({
  prompt: "a harbour at dawn",
  ratio: "9:16",
  style: "watercolor",
  createdAt: "2026-12-05T09:00:00.000Z",
  product: "Image Generation Generator",
  productVersion: "0.1.0",
  jobId: "med_1",
  sessionId: "sess_1",
  digitalSourceType: TRAINED_ALGORITHMIC_MEDIA,
  ...over,
});

const job = (over: Partial<Job> & Pick<Job, "id">): Job => ({
  kind: "generate",
  surface: "palette",
  state: "done",
  media: [],
  createdAt: 1_000,
  updatedAt: 2_000,
  finishedAt: 2_000,
  ...over,
});

const file = (p: string, over: Partial<FileFact> = {}): FileFact => ({ path: p, size: 10, mtimeMs: 500, ...over });

describe("gallery: the listing rule", () => {
  it("lists files by their records, newest first, with the shape sentences taken off the prompt", () => {
    const items = buildGallery({
      jobs: [],
      files: [
        file("/ws/out/old.png", { record: { prompt: "an old fox", aiGenerated: true, createdAt: "2026-01-01T00:00:00Z" } }),
        file("/ws/out/new.png", { record: { prompt: "a new fox. Aspect ratio: 16:9 (landscape, wider than tall). Style: cinematic.", aiGenerated: true, createdAt: "2026-06-01T00:00:00Z" } }),
        file("/ws/out/plain.jpg", { mtimeMs: Date.parse("2026-03-01T00:00:00Z") }),
        file("/ws/out/notes.txt"),
      ],
    });
    assert.deepEqual(items.map((i) => i.name), ["new.png", "plain.jpg", "old.png"]);
    assert.equal(items[0].prompt, "a new fox");
    assert.equal(items[0].ratio, "16:9");
    assert.equal(items[0].style, "cinematic");
    assert.equal(items[0].credits, 100);
    assert.equal(items[0].creditsSource, "estimate");
    assert.equal(items[0].surface, undefined, "only the file knows of it");
    assert.equal(items[1].aiGenerated, false);
    assert.equal(items[1].credits, undefined, "a file without the AI mark has no price");
  });

  it("merges the ledger's job and the file into one item: the quote and surface from the job, the record's ratio and date", () => {
    const p = "/ws/out/harbour.png";
    const items = buildGallery({
      jobs: [job({ id: "job_a", surface: "chat", prompt: "a harbour at dawn. Style: watercolor.", quotedCredits: 300, media: [{ url: "u1", path: p }, { url: "u2", path: "/ws/out/harbour-2.png" }, { url: "u3", path: "/ws/out/harbour-3.png" }] })],
      files: [file(p, { record: { prompt: "a harbour at dawn", ratio: "9:16", aiGenerated: true, createdAt: "2026-12-05T09:00:00Z" } })],
    });
    assert.equal(items.length, 1, "the two files the scan did not find are gone from the disk: not listed");
    const [it0] = items;
    assert.deepEqual(it0.from, { ledger: true, file: true });
    assert.equal(it0.surface, "chat");
    assert.equal(it0.jobId, "job_a");
    assert.equal(it0.credits, 100, "a quote for three variations is a third each");
    assert.equal(it0.creditsSource, "quoted");
    assert.equal(it0.ratio, "9:16");
    assert.equal(it0.style, "watercolor");
    assert.equal(it0.createdAt, Date.parse("2026-12-05T09:00:00Z"));
  });

  it("keeps a ledger item outside the scanned folders when it still exists, and uses the job's end when the file has no date", () => {
    const items = buildGallery({
      jobs: [job({ id: "job_b", kind: "export", surface: "mcp", finishedAt: 9_000, media: [{ url: "file:/elsewhere/night.mp4", path: "/elsewhere/night.mp4" }] })],
      files: [],
      exists: (p) => p === "/elsewhere/night.mp4",
    });
    assert.equal(items.length, 1);
    assert.equal(items[0].kind, "export");
    assert.equal(items[0].credits, 0, "exports are free");
    assert.equal(items[0].createdAt, 9_000);
    assert.equal(items[0].surface, "mcp");
  });

  it("dedupes one file named two ways (relative segments, case on case-folding systems)", () => {
    const items = buildGallery({
      jobs: [job({ id: "j", media: [{ url: "u", path: "/WS/out/../out/A.png" }] })],
      files: [file("/ws/out/a.png", { record: { aiGenerated: true } })],
      platform: "darwin",
    });
    assert.equal(items.length, 1);
    assert.deepEqual(items[0].from, { ledger: true, file: true });
  });

  it("tells exports from clips: the ledger, the record's kind, the export scheme's fallback name", () => {
    assert.equal(kindOfFile("fox.mp4"), "video");
    assert.equal(kindOfFile("fox.mp4", { ledgerExport: true }), "export");
    assert.equal(kindOfFile("urban-dreams.mp4", { recordKind: "export" }), "export");
    assert.equal(kindOfFile("export-20261129-230049.mp4"), "export");
    assert.equal(kindOfFile("export-20261129-230049-2.mp4"), "export");
    assert.equal(kindOfFile("Fox.JPEG"), "image");
    assert.equal(kindOfFile("song.mp3"), undefined);
  });

  it("search: every word, any case or accent, in the prompt, name or style; filter by kind", () => {
    const base = { createdAt: 1, aiGenerated: true, from: { ledger: false, file: true } };
    const items: GalleryItem[] = [
      { ...base, id: "1", path: "/1", name: "cafe.png", kind: "image", prompt: "A Café at night", style: "watercolor" },
      { ...base, id: "2", path: "/2", name: "fox.mp4", kind: "video", prompt: "a fox running" },
      { ...base, id: "3", path: "/3", name: "export-x.mp4", kind: "export" },
    ];
    assert.deepEqual(queryGallery(items, { text: "cafe NIGHT" }).map((i) => i.id), ["1"]);
    assert.deepEqual(queryGallery(items, { text: "water" }).map((i) => i.id), ["1"]);
    assert.deepEqual(queryGallery(items, { text: "fox" }).map((i) => i.id), ["2"]);
    assert.deepEqual(queryGallery(items, { text: "café dog" }).map((i) => i.id), []);
    assert.deepEqual(queryGallery(items, { kind: "export" }).map((i) => i.id), ["3"]);
    assert.deepEqual(queryGallery(items, { kind: "all", text: "  " }).map((i) => i.id), ["1", "2", "3"]);
    assert.deepEqual(queryGallery(items, { kind: "video", text: "cafe" }).map((i) => i.id), []);
  });
});

describe("gallery: reading records from files", () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), "imagegen-gallery-"));
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it("reads a PNG's and a JPEG's record from the head only, the same as the whole-file reader", async () => {
    const png = path.join(tmp, "a.png");
    writeFileSync(png, Buffer.concat([embedInImage("png", makePng(320, 568, "x"), rec()), Buffer.alloc(0)]));
    const jpg = path.join(tmp, "b.jpg");
    writeFileSync(jpg, embedInImage("jpeg", readFileSync(path.join(FIXTURES, "sample.jpg")), rec({ prompt: "a jpeg fox" })));
    for (const f of [png, jpg]) {
      const head = readFileSync(f).subarray(0, 4096);
      const fromHead = recordFromHead(head);
      assert.ok(fromHead, `${f}: the record is before the pixels`);
      assert.deepEqual(fromHead, await readProvenance(f));
      assert.deepEqual(await readProvenanceFast(f, 4096), await readProvenance(f));
    }
    assert.equal((await readProvenanceFast(jpg)).prompt, "a jpeg fox");
  });

  it("falls back to the whole file when the head ends before the pixels, and for WebP and MP4", async () => {
    const png = path.join(tmp, "long.png");
    writeFileSync(png, embedInImage("png", makePng(64, 64, "x"), rec({ prompt: "p".repeat(3000) })));
    assert.equal(recordFromHead(readFileSync(png).subarray(0, 100)), undefined);
    assert.equal((await readProvenanceFast(png, 100)).prompt, "p".repeat(3000));
    const webp = path.join(tmp, "c.webp");
    writeFileSync(webp, embedInImage("webp", readFileSync(path.join(FIXTURES, "sample.webp")), rec({ prompt: "a webp owl" })));
    assert.equal(recordFromHead(readFileSync(webp)), undefined);
    assert.equal((await readProvenanceFast(webp)).prompt, "a webp owl");
  });

  it("scans the output folder a few levels deep, reads each file once, and rereads only a changed one", async () => {
    const out = path.join(tmp, "ws", "generated-media");
    mkdirSync(path.join(out, "sub"), { recursive: true });
    mkdirSync(path.join(out, ".hidden"), { recursive: true });
    writeFileSync(path.join(out, "one.png"), embedInImage("png", makePng(32, 32, "x"), rec({ prompt: "one" })));
    writeFileSync(path.join(out, "sub", "two.png"), embedInImage("png", makePng(32, 32, "x"), rec({ prompt: "two" })));
    writeFileSync(path.join(out, ".hidden", "three.png"), makePng(8, 8, "x"));
    writeFileSync(path.join(out, "readme.txt"), "not media");
    copyFileSync(path.join(FIXTURES, "export-1080p.mp4"), path.join(out, "export-20261201-101010.mp4"));
    const reads: string[] = [];
    const scanner = new MediaScanner(async (f) => (reads.push(path.basename(f)), readProvenanceFast(f)));
    const first = await scanner.scan([out]);
    assert.deepEqual(first.map((f) => path.basename(f.path)).sort(), ["export-20261201-101010.mp4", "one.png", "two.png"]);
    assert.equal(reads.length, 3);
    assert.deepEqual(
      buildGallery({ jobs: [], files: first }).map((i) => [i.name, i.kind, i.prompt ?? ""]).sort(),
      [["export-20261201-101010.mp4", "export", ""], ["one.png", "image", "one"], ["two.png", "image", "two"]],
    );
    await scanner.scan([out]);
    assert.equal(reads.length, 3, "nothing changed: nothing reread");
    writeFileSync(path.join(out, "one.png"), embedInImage("png", makePng(32, 32, "x"), rec({ prompt: "one, again" })));
    utimesSync(path.join(out, "one.png"), new Date(), new Date(Date.now() + 5_000));
    const again = await scanner.scan([out], [path.join(tmp, "missing.png")]);
    assert.deepEqual(reads.slice(3), ["one.png"]);
    assert.equal(again.find((f) => f.path.endsWith("one.png"))?.record?.prompt, "one, again");
    assert.equal(again.length, 3, "a ledger path that is gone is not listed");
  });

  it("hands over the newest files first (the first screen), before reading the others", async () => {
    const dir = path.join(tmp, "many");
    mkdirSync(dir, { recursive: true });
    for (let i = 0; i < 10; i++) {
      const f = path.join(dir, `img-${i}.png`);
      writeFileSync(f, embedInImage("png", makePng(16, 16, "x"), rec({ prompt: `image ${i}` })));
      utimesSync(f, new Date(), new Date(Date.UTC(2026, 0, 1, 0, i)));
    }
    const reads: string[] = [];
    let firstSeen: { names: string[]; readsThen: number; known: number } | undefined;
    const scanner = new MediaScanner(async (f) => (reads.push(path.basename(f)), readProvenanceFast(f)));
    const all = await scanner.scan([dir], [], {
      firstCount: 3,
      onFirst: (first, known) => (firstSeen = { names: first.map((f) => path.basename(f.path)), readsThen: reads.length, known: known.size }),
    });
    assert.deepEqual(firstSeen, { names: ["img-9.png", "img-8.png", "img-7.png"], readsThen: 3, known: 10 });
    assert.equal(all.length, 10);
    assert.equal(reads.length, 10);
  });
});
