// The shared rules: what paid actions cost and the question asked before spending, and which
// folder generated media goes to (multi-root, remembered choice, setting).
import { strict as assert } from "node:assert";
import * as path from "node:path";
import { englishPhrase } from "../../src/core/errors";
import { COST_CREDITS, costQuestion, estimateCredits, isLowBalance, paidActionFor } from "../../src/core/prompt";
import { chooseRoot, displayPath, noFolderError, outputDirIn } from "../../src/core/media";
import { formatBytes, uploadRecords } from "../../src/core/media";

const en = (q: ReturnType<typeof costQuestion>): { title: string; detail: string } => ({ title: englishPhrase(q.title), detail: englishPhrase(q.detail) });

describe("rules: cost", () => {
  it("has one table and adds actions up", () => {
    assert.deepEqual(COST_CREDITS, { image: 100, clip: 100, edit: 50, "image-edit": 100 });
    assert.equal(estimateCredits({ kind: "image" }), 100);
    assert.equal(estimateCredits([{ kind: "image", count: 3 }, { kind: "edit" }]), 350);
    assert.equal(estimateCredits([{ kind: "clip", count: 0 }, { kind: "edit", count: -2 }]), 0);
    assert.equal(isLowBalance(99), true);
    assert.equal(isLowBalance(100), false);
  });

  it("asks with cost and balance", () => {
    const q = costQuestion({ kind: "image" }, { available: 1000 });
    assert.deepEqual(en(q), { title: "Generate an image?", detail: "It costs about 100 credits. You have 1000 available." });
    assert.equal(q.low, false);
    assert.equal(q.credits, 100);
    assert.equal(q.available, 1000);
  });

  it("warns when the balance is low and words each kind", () => {
    const low = costQuestion({ kind: "image", count: 2 }, { available: 150 });
    assert.equal(low.low, true);
    assert.deepEqual(en(low), { title: "Generate 2 images?", detail: "It costs about 200 credits, but you have 150. It may fail." });
    assert.equal(en(costQuestion({ kind: "clip" })).title, "Generate a video clip?");
    assert.equal(en(costQuestion({ kind: "edit" })).title, "Edit the video?");
    assert.deepEqual(en(costQuestion([{ kind: "image" }, { kind: "edit" }])), { title: "Spend about 150 credits?", detail: "It costs about 150 credits." });
    assert.equal(costQuestion({ kind: "edit" }).available, undefined);
  });
});

describe("rules: what a chat message spends", () => {
  it("tells image, clip and edit apart by the prompt word lists; questions are free", () => {
    assert.deepEqual(paidActionFor("generate a watercolor lighthouse at dusk"), { kind: "image" });
    assert.deepEqual(paidActionFor("a photo of a cat"), { kind: "image" });
    assert.deepEqual(paidActionFor("make a short video of waves"), { kind: "clip" });
    assert.deepEqual(paidActionFor("生成一个城市夜景的视频"), { kind: "clip" });
    assert.deepEqual(paidActionFor("add a title that says Urban Dreams"), { kind: "edit" });
    assert.deepEqual(paidActionFor("把音乐调小"), { kind: "edit" });
    assert.equal(paidActionFor("what can you do?"), undefined);
    assert.equal(paidActionFor("   "), undefined);
  });

  it("asks about a bare description (the agent draws it) but not about questions or small talk", () => {
    assert.deepEqual(paidActionFor("a red fox in snow"), { kind: "image" });
    assert.deepEqual(paidActionFor("neon city skyline at night"), { kind: "image" });
    assert.deepEqual(paidActionFor("海边的灯塔"), { kind: "image" });
    assert.deepEqual(paidActionFor("can you make a video of waves?"), { kind: "clip" });
    for (const free of ["how do I export the video", "Is the render done", "hello", "thanks!", "你能做什么？", "怎么导出视频", "describe the scene", "what is in the image?"]) {
      assert.equal(paidActionFor(free), undefined, free);
    }
  });
});

describe("rules: output folder", () => {
  const docs = path.resolve("/w/docs");
  const app = path.resolve("/w/app");

  it("takes the root holding the document, else the only root", () => {
    assert.deepEqual(chooseRoot({ roots: [docs, app], documentPath: path.join(app, "src", "a.ts") }), { kind: "root", root: app });
    assert.deepEqual(chooseRoot({ roots: [docs] }), { kind: "root", root: docs });
    assert.deepEqual(chooseRoot({ roots: [docs], documentPath: path.resolve("/elsewhere/x.md") }), { kind: "root", root: docs });
    const nested = path.join(app, "packages", "ui");
    assert.deepEqual(chooseRoot({ roots: [app, nested], documentPath: path.join(nested, "x.ts") }), { kind: "root", root: nested });
    assert.deepEqual(chooseRoot({ roots: [docs, app], documentPath: path.resolve("/w/apple/x.ts") }), { kind: "ask", roots: [docs, app] });
  });

  it("uses the remembered root while it is open, else asks; none without roots", () => {
    assert.deepEqual(chooseRoot({ roots: [docs, app], remembered: app }), { kind: "root", root: app });
    assert.deepEqual(chooseRoot({ roots: [docs, app], remembered: path.resolve("/gone") }), { kind: "ask", roots: [docs, app] });
    assert.deepEqual(chooseRoot({ roots: [] }), { kind: "none" });
    assert.deepEqual(chooseRoot({ roots: [], documentPath: path.join(app, "a.ts") }), { kind: "none" });
  });

  it("puts the setting's folder in the root (absolute allowed, default generated-media)", () => {
    assert.equal(outputDirIn(app, undefined), path.join(app, "generated-media"));
    assert.equal(outputDirIn(app, "  "), path.join(app, "generated-media"));
    assert.equal(outputDirIn(app, "out/media"), path.join(app, "out", "media"));
    const abs = path.resolve("/tmp/media");
    assert.equal(outputDirIn(app, abs), abs);
  });

  it("names where a file went, from its root folder", () => {
    assert.equal(displayPath(path.join(app, "generated-media", "x.png"), [docs, app]), "app/generated-media/x.png");
    assert.equal(displayPath(path.join(docs, "x.png"), [docs]), "docs/x.png");
    const outside = path.resolve("/tmp/x.png");
    assert.equal(displayPath(outside, [docs]), outside);
  });

  it("without a folder: an input error the host offers Open Folder for", () => {
    const e = noFolderError();
    assert.equal(e.code, "NO_FOLDER");
    assert.equal(e.category, "input");
  });
});

describe("uploads: what the Session view lists", () => {
  it("takes kind, pixels and length from the answer's files[], size and time from what was sent", () => {
    const records = uploadRecords(
      [{ path: path.join("/w", "Beach.JPEG"), size: 2_400_000 }, { path: path.join("/w", "song.mp3"), size: 12 }],
      { uploaded: [{ fileName: "beach.jpeg", kind: "image", url: "https://cdn.example/b.jpeg", width: 1920, height: 1080 }] },
      1_000,
    );
    assert.deepEqual(records, [
      { name: "Beach.JPEG", kind: "image", size: 2_400_000, at: 1_000, url: "https://cdn.example/b.jpeg", width: 1920, height: 1080 },
      { name: "song.mp3", kind: "audio", size: 12, at: 1_000 },
    ]);
  });

  it("matches by position when the names differ and the counts agree; links keep their address", () => {
    const [clip] = uploadRecords([{ path: "/w/clip.mov" }], { uploaded: [{ fileName: "x_123.mp4", kind: "video", durationSec: 4.5 }] }, 5);
    assert.equal(clip.kind, "video");
    assert.equal(clip.durationSec, 4.5);
    assert.equal(clip.name, "clip.mov");
    const [link] = uploadRecords([{ url: "https://example.com/media/sea%20view.png?x=1" }], { uploaded: [] }, 5);
    assert.deepEqual(link, { name: "sea view.png", kind: "image", at: 5, url: "https://example.com/media/sea%20view.png?x=1" });
    const [page] = uploadRecords([{ url: "https://example.com/" }], { uploaded: [] }, 5);
    assert.equal(page.kind, "link");
  });

  it("writes sizes a person reads", () => {
    assert.equal(formatBytes(12), "12 B");
    assert.equal(formatBytes(340 * 1024), "340 KB");
    assert.equal(formatBytes(1.25 * 1024 * 1024), "1.3 MB");
  });
});
