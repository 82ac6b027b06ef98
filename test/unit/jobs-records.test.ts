/**
 * The views other surfaces keep over the one job ledger: upload records are `upload` jobs of the
 * session they went to (listed per session, newest first, the store before the ledger moved in
 * once), and a batch's items are `batch-item` jobs (see test/integration/batch.test.ts for the
 * queue itself).
 */
import { strict as assert } from "node:assert";
import { JobLedger, MemoryLedgerStorage } from "../../src/core/jobs";
import { silentLogger } from "../../src/core/logger";
import { parseLegacyUploads, UploadRecords, uploadRecords } from "../../src/core/upload-records";

describe("job ledger views: uploads", () => {
  let clock = 1_000;
  const ledger = (): JobLedger => new JobLedger(new MemoryLedgerStorage(), { logger: silentLogger, now: () => clock++ });

  it("keeps each upload as an upload job of its session and reads it back as the same record", async () => {
    const l = ledger();
    const uploads = new UploadRecords(l);
    const sent = uploadRecords(
      [{ path: "/w/beach.jpeg", size: 2048 }, { url: "https://example.com/media/sea%20view.png" }],
      { uploaded: [{ fileName: "beach.jpeg", kind: "image", url: "https://cdn.example/b.jpeg", width: 1920, height: 1080 }] },
      500,
    );
    await uploads.add(sent, { surface: "chat", sessionId: "s1" });
    await uploads.add(uploadRecords([{ path: "/w/other.mp4", size: 10 }], { uploaded: [] }, 600), { surface: "palette", sessionId: "s2" });
    const jobs = await l.list({ kind: "upload" });
    assert.equal(jobs.length, 3);
    assert.ok(jobs.every((j) => j.state === "done"));
    assert.deepEqual(
      jobs.filter((j) => j.sessionId === "s1").map((j) => j.surface),
      ["chat", "chat"],
    );
    const s1 = await uploads.list("s1");
    assert.deepEqual(
      [...s1].sort((a, b) => a.name.localeCompare(b.name)),
      [...sent].sort((a, b) => a.name.localeCompare(b.name)),
      "the record read back is the record written",
    );
    assert.deepEqual((await uploads.list("s2")).map((r) => r.name), ["other.mp4"]);
    assert.deepEqual(await uploads.list("s3"), []);
  });

  it("moves the records of the store before the ledger in once (bad entries dropped), keeping their times and order", async () => {
    const l = ledger();
    const uploads = new UploadRecords(l);
    const legacy = [
      { name: "new.png", kind: "image", at: 300, size: 12 },
      { name: 42 },
      { name: "old.mov", kind: "video", at: 100, durationSec: 4.5, url: "https://cdn.example/o.mov" },
    ];
    assert.equal(parseLegacyUploads(legacy).length, 2);
    assert.equal(parseLegacyUploads("not a list").length, 0);
    assert.equal(await uploads.adopt(legacy, "s1"), 2);
    const listed = await uploads.list("s1");
    assert.deepEqual(listed.map((r) => r.name), ["new.png", "old.mov"], "newest first");
    assert.deepEqual(listed[1], { name: "old.mov", kind: "video", at: 100, durationSec: 4.5, url: "https://cdn.example/o.mov" });
  });
});
