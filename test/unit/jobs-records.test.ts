/**
 * The views other surfaces keep over the one job ledger: upload records are `upload` jobs of the
 * session they went to (listed per session, newest first, the store before the ledger moved in
 * once), and a batch's items are `batch-item` jobs (see test/integration/batch.test.ts for the
 * queue itself).
 */
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { JobLedger, MemoryLedgerStorage } from "../../src/core/jobs";
import { CancelledError, NetworkError } from "../../src/core/errors";
import { resumeWatches } from "../../src/core/jobs/watch";
import { defaultJobTiming } from "../../src/core/jobs/timing";
import type { NemoClientApi } from "../../src/core/api";
import { silentLogger } from "../../src/core/support";
import { parseLegacyUploads, UploadRecords, uploadRecords } from "../../src/core/media";

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

  it("records a send when it starts (uploading, with its progress) and finishes it as done with what the service reported", async () => {
    const l = ledger();
    const uploads = new UploadRecords(l);
    const seen: string[][] = [];
    const result = await uploads.track([{ path: "/w/beach.jpeg", size: 2048 }, { url: "https://example.com/a/clip.mp4" }], { surface: "palette", sessionId: async () => "s1" }, async (jobs) => {
      seen.push((await l.list({ kind: "upload" })).map((j) => j.state));
      jobs.progress(5); // under 10 points: not written
      jobs.progress(42);
      await new Promise((r) => setImmediate(r));
      const during = await l.list({ kind: "upload" });
      seen.push(during.map((j) => `${j.state} ${j.percent ?? "-"}`));
      assert.deepEqual((await uploads.list("s1")).map((r) => r.state).sort(), ["uploading", "uploading"], "the Session view lists them while in flight");
      return { uploaded: [{ fileName: "beach.jpeg", kind: "image" as const, url: "https://cdn.example/b.jpeg", width: 10, height: 20 }] };
    });
    assert.equal(result.uploaded?.length, 1);
    assert.deepEqual(seen, [["uploading", "uploading"], ["uploading 42", "uploading 42"]]);
    const done = await uploads.list("s1");
    assert.ok(done.every((r) => r.state === undefined), JSON.stringify(done));
    const beach = done.find((r) => r.name === "beach.jpeg");
    assert.equal(beach?.url, "https://cdn.example/b.jpeg");
    assert.equal(beach?.width, 10);
    assert.equal(done.find((r) => r.name === "clip.mp4")?.kind, "video");
    assert.ok((await l.list({ kind: "upload" })).every((j) => j.state === "done" && j.percent === undefined && j.finishedAt !== undefined));
  });

  it("a failed send is failed with the sentence people saw, a cancelled one cancelled; the session is read again at the end", async () => {
    const l = ledger();
    const uploads = new UploadRecords(l);
    let session: string | undefined;
    await assert.rejects(
      uploads.track([{ path: "/w/a.png", size: 1 }], { surface: "cli", sessionId: async () => session }, async () => {
        session = "s9"; // the upload created the session
        throw new NetworkError("NETWORK", { userMessage: "The connection dropped." });
      }),
      NetworkError,
    );
    await assert.rejects(uploads.track([{ url: "https://example.com/b.png" }], { surface: "cli", sessionId: async () => "s9" }, async () => Promise.reject(new CancelledError())), CancelledError);
    const jobs = await l.list({ kind: "upload" });
    const failed = jobs.find((j) => j.prompt === "a.png");
    assert.equal(failed?.state, "failed");
    assert.equal(failed?.sessionId, "s9");
    assert.deepEqual(failed?.error, { code: "NETWORK", message: "The connection dropped." });
    assert.equal(jobs.find((j) => j.prompt === "b.png")?.state, "cancelled");
    assert.deepEqual((await uploads.list("s9")).map((r) => r.state).sort(), ["cancelled", "failed"]);
  });

  it("a resume marks an upload its dead process left mid-send interrupted, and picks up only the surfaces asked for", async () => {
    const l = ledger();
    const dead = Number(spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }).stdout);
    const up = await l.create({ kind: "upload", surface: "chat", prompt: "a.png", state: "uploading" });
    const chat = await l.create({ kind: "generate", surface: "chat", prompt: "left to the chat", outDir: "/tmp" });
    const tool = await l.create({ kind: "generate", surface: "lm-tool", prompt: "never sent", outDir: "/tmp" });
    for (const j of [up, chat, tool]) await l.update(j.id, { ownerPid: dead });
    const client = { currentSession: async () => ({ sessionId: "s1" }) } as unknown as NemoClientApi;
    await resumeWatches({ client, ledger: l, logger: silentLogger, timing: defaultJobTiming, now: Date.now }, undefined, ["lm-tool", "participant"]);
    assert.equal((await l.get(up.id))?.state, "interrupted");
    assert.equal((await l.get(up.id))?.error?.code, "INTERRUPTED");
    assert.equal((await l.get(chat.id))?.state, "queued", "the chat's job is left to the chat");
    assert.equal((await l.get(tool.id))?.state, "interrupted", "a tool's job that never reached the agent ends, nothing charged");
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
