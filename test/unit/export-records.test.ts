// The one export record store (core/render/export-records.ts) and the one export file-name scheme (core/render/export-name.ts).
import * as assert from "node:assert/strict";
import { exportFileName, timelineTitle } from "../../src/core/render";
import { ExportRecords, isResumable } from "../../src/core/render";
import { MemoryStore } from "../../src/core/support";
import type { Draft } from "../../src/core/types";

describe("export records", () => {
  it("survive a reload (a new reader of the same store) and keep the newest first", async () => {
    const store = new MemoryStore();
    let now = 1_000;
    const a = new ExportRecords(store, () => now);
    const first = await a.add({ state: "starting", outDir: "/w/out", source: "palette" });
    now = 2_000;
    const second = await a.add({ state: "starting", outDir: "/w/out", source: "chat" });
    await a.update(second.id, { renderId: "render_2", state: "rendering", percent: 40 });
    await a.update(first.id, { state: "done", filePath: "/w/out/a.mp4", percent: 100 });
    const b = new ExportRecords(store);
    const list = await b.list();
    assert.deepEqual(list.map((r) => r.source), ["chat", "palette"]);
    assert.equal(list[0].percent, 40);
    assert.equal((await b.pending())?.renderId, "render_2");
    assert.equal(list[1].filePath, "/w/out/a.mp4");
  });

  it("a finished record is never moved back by a late event; cancelled is not resumable", async () => {
    const r = new ExportRecords(new MemoryStore());
    const rec = await r.add({ state: "rendering", renderId: "render_1", outDir: "/o" });
    await r.update(rec.id, { state: "cancelled" });
    await r.update(rec.id, { state: "interrupted" });
    await r.update(rec.id, { percent: 80 });
    const [now] = await r.list();
    assert.equal(now.state, "cancelled");
    assert.equal(now.percent, undefined);
    assert.equal(isResumable(now), false);
    assert.equal(await r.pending(), undefined);
  });

  it("notifies listeners on every change and drops a broken store entry", async () => {
    const store = new MemoryStore();
    await store.set("nemo.exports", "{not json");
    const r = new ExportRecords(store);
    let changes = 0;
    r.onDidChange(() => changes++);
    assert.deepEqual(await r.list(), []);
    const rec = await r.add({ state: "starting", outDir: "/o" });
    await r.remove(rec.id);
    assert.equal(changes, 2);
  });

  it("adopts the render left by the earlier single-slot store as an interrupted record", async () => {
    const store = new MemoryStore();
    await store.set("nemo.pendingRender", JSON.stringify({ renderId: "render_9", outDir: "/o", startedAt: 5 }));
    const r = new ExportRecords(store);
    const p = await r.pending();
    assert.equal(p?.renderId, "render_9");
    assert.equal(p?.state, "interrupted");
    assert.equal(await store.get("nemo.pendingRender"), undefined);
  });

  it("keeps at most 30 records", async () => {
    const r = new ExportRecords(new MemoryStore());
    for (let i = 0; i < 35; i++) await r.add({ state: "done", outDir: "/o", startedAt: i });
    const list = await r.list();
    assert.equal(list.length, 30);
    assert.equal(list[0].startedAt, 34);
  });
});

describe("export file names (one scheme)", () => {
  const at = new Date(2026, 10, 29, 23, 0, 49).getTime();
  it("uses the timeline's title, else a compact timestamp; a given name wins", () => {
    assert.equal(exportFileName({ nowMs: at }), "export-20261129-230049.mp4");
    assert.equal(exportFileName({ nowMs: at, title: "Urban Dreams" }), "urban-dreams.mp4");
    assert.equal(exportFileName({ nowMs: at, title: "城市之梦" }), "城市之梦.mp4");
    assert.equal(exportFileName({ nowMs: at, title: "!!!" }), "export-20261129-230049.mp4");
    assert.equal(exportFileName({ nowMs: at, title: "x", fileName: "../../city" }), "city.mp4");
  });

  it("finds the title in the first text segment of the draft", () => {
    const seg = (text?: string) => ({ index: 0, startMs: 0, endMs: 1, durationMs: 1, text, meta: {} });
    const draft: Draft = {
      raw: {},
      tracks: [
        { index: 0, kind: "video", typeCode: 0, segments: [seg("not a title")] },
        { index: 1, kind: "text", typeCode: 2, segments: [seg(" "), seg("Urban Dreams")] },
      ],
    };
    assert.equal(timelineTitle(draft), "Urban Dreams");
    assert.equal(timelineTitle({ raw: {}, tracks: [] }), undefined);
    assert.equal(timelineTitle(undefined), undefined);
  });
});
