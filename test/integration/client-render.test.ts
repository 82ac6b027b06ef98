/**
 * Render faults over real HTTP against the simulator: every documented render-status shape, the
 * person's cancel reaching the service, a render the service does not know (404 on a poll), and
 * disk failures while saving (read-only folder, a file where the folder should be, a full disk,
 * a name the system refuses) injected through the download's file-system seam.
 */
import * as assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Writable } from "node:stream";
import { startSimulator, type RenderShapeOptions, type Simulator } from "../sim/index";
import { nodeFileSystem, type SaveFileSystem } from "../../src/core/media";
import { CancelledError, NemoError } from "../../src/core/errors";
import { ExportRecords } from "../../src/core/render";
import type { ExportProgress } from "../../src/core/types";
import { makeClient, rejection, waitFor, type TestClient } from "./client-helpers";

function fsError(code: string, syscall: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: simulated, ${syscall}`), { code, syscall });
}

/** A write stream that fails to open (read-only folder, refused name). */
function failingOpen(code: string): SaveFileSystem["createWriteStream"] {
  return () =>
    new Writable({
      construct: (cb) => cb(fsError(code, "open")),
      write: (_chunk, _enc, cb) => cb(),
    });
}

/** A real write stream into the temp file that reports ENOSPC once `limit` bytes are written. */
function fullDiskAfter(limit: number): SaveFileSystem["createWriteStream"] {
  return (file, hwm) => {
    const real = nodeFileSystem.createWriteStream(file, hwm);
    let written = 0;
    return new Writable({
      write(chunk: Buffer, _enc, cb) {
        if (written + chunk.length > limit) return cb(fsError("ENOSPC", "write"));
        written += chunk.length;
        real.write(chunk, cb);
      },
      final: (cb) => real.end(cb),
      destroy(err, cb) {
        if (real.closed) return cb(err);
        real.once("close", () => cb(err)).destroy();
      },
    });
  };
}

describe("client (sim): render shapes, cancel, unknown renders, disk faults", function () {
  this.timeout(60_000);
  let sim: Simulator;
  let dir: string;
  let t: TestClient;
  /** Swapped per test: the seam the client's downloads use. */
  let fileSystem: SaveFileSystem;

  before(async () => {
    sim = await startSimulator({ timeScale: 0.003, seed: 9, silentCloseRate: 0 });
  });
  after(async () => sim.close());
  beforeEach(async () => {
    sim.reset();
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "nemo-render-"));
    fileSystem = nodeFileSystem;
    const seam: SaveFileSystem = {
      mkdir: (d) => fileSystem.mkdir(d),
      createWriteStream: (f, h) => fileSystem.createWriteStream(f, h),
      sync: (f) => fileSystem.sync(f),
      link: (a, b) => fileSystem.link(a, b),
      rename: (a, b) => fileSystem.rename(a, b),
      rm: (f) => fileSystem.rm(f),
      exists: (f) => fileSystem.exists(f),
    };
    t = makeClient(sim.url, { fileSystem: seam });
  });
  afterEach(async () => fs.rm(dir, { recursive: true, force: true }));

  async function withDraft(): Promise<void> {
    await t.client.chat("generate a video of a harbour at dawn");
    assert.ok((await t.client.state()).draft, "the agent made a draft");
  }
  const routed = (route: string) => sim.requests.filter((r) => r.route === route);
  const records = () => new ExportRecords(t.workspaceStore).list();
  const filesIn = async (d = dir) => (await fs.readdir(d)).sort();

  const shapes: Array<[string, RenderShapeOptions]> = [
    ["top-level {status, progress, output:{url}}", { shape: "top", progress: "percent" }],
    ["inside the envelope {code:0, data:{…}}", { shape: "envelope", progress: "percent" }],
    ["{success:true, data:{…, outputUrl}} without code, progress 0–1", { shape: "success", progress: "fraction" }],
    ["a URL and no status counts as finished, progress 0–1", { shape: "url-only", progress: "fraction" }],
    ["top level and data both (default)", { shape: "mixed", progress: "percent" }],
  ];
  for (const [title, shape] of shapes) {
    it(`render status shape: ${title}`, async () => {
      await withDraft();
      sim.setRenderShape(shape);
      const progress: ExportProgress[] = [];
      const result = await t.client.exportVideo({ outDir: dir, onProgress: (p) => progress.push(p) });
      assert.equal((await fs.readFile(result.filePath)).subarray(4, 8).toString("latin1"), "ftyp");
      const polls = routed("render-poll");
      assert.ok(polls.length >= 1 && polls.length < 50, `${polls.length} polls`);
      const rendering = progress.filter((p) => p.stage === "rendering" && p.percent !== undefined);
      assert.ok(rendering.every((p) => (p.percent ?? -1) >= 0 && (p.percent ?? 101) <= 100), JSON.stringify(rendering));
      const midway = rendering.filter((p) => (p.percent ?? 0) > 1 && (p.percent ?? 100) < 100);
      if (polls.length > 2) assert.ok(midway.length > 0, `no percentage between 1 and 100 seen: ${JSON.stringify(rendering)}`);
      assert.equal(routed("render-download").length, 0, "the URL of the poll was used");
      assert.equal((await records())[0].state, "done");
    });
  }

  it("polls first after renderFirstPollMs, then every renderPollMs; the state is known right after the submit", async () => {
    const timed = makeClient(sim.url, { timing: { renderFirstPollMs: 7, renderPollMs: 23, renderSlowPollMs: 23, renderMaxWaitMs: 60_000 } });
    await timed.client.chat("generate a video of a harbour at dusk");
    const progress: ExportProgress[] = [];
    await timed.client.exportVideo({ outDir: dir, onProgress: (p) => progress.push(p) });
    const sleeps = timed.clock.sleeps.filter((ms) => ms === 7 || ms === 23);
    assert.equal(sleeps[0], 7, "the first poll comes after the short wait");
    assert.ok(sleeps.slice(1).every((ms) => ms === 23), JSON.stringify(sleeps));
    assert.equal(sleeps.filter((ms) => ms === 7).length, 1);
    const firstRendering = progress.findIndex((p) => p.stage === "rendering");
    assert.equal(progress[firstRendering - 1]?.stage, "submitting");
    assert.equal(progress[firstRendering].status, "pending", "the submit's answer already says pending");
  });

  it("the person's cancel reaches POST …/lambda/<id>/cancel and the record says cancelled", async () => {
    await withDraft();
    const ac = new AbortController();
    let renderId = "";
    const run = t.client.exportVideo({
      outDir: dir,
      signal: ac.signal,
      onRenderId: (id) => (renderId = id),
      onProgress: (p) => {
        if (p.stage === "rendering") ac.abort();
      },
    });
    const err = await rejection(() => run);
    assert.ok(err instanceof CancelledError, String(err));
    await t.client.cancelExport(renderId);
    const cancels = routed("render-cancel");
    assert.equal(cancels.length, 1);
    assert.equal(cancels[0].method, "POST");
    assert.equal(cancels[0].path, `/api/render/proxy/lambda/${renderId}/cancel`);
    const rec = (await records())[0];
    assert.equal(rec.state, "cancelled");
    assert.equal(await new ExportRecords(t.workspaceStore).pending(), undefined, "a cancelled export is not resumed");
    assert.deepEqual(await filesIn(), []);
  });

  it("a cancel the service does not know (404) is fine: no error", async () => {
    await t.client.cancelExport("render_1");
    assert.equal(routed("render-cancel").length, 1);
  });

  it("a 404 on a poll is never polled again as if running: RENDER_UNKNOWN at once", async () => {
    await withDraft();
    sim.inject({ route: "render-poll", fault: { type: "status", status: 404 } });
    const err = await rejection(() => t.client.exportVideo({ outDir: dir }));
    assert.ok(err instanceof NemoError && err.code === "RENDER_UNKNOWN", String(err));
    assert.equal(routed("render-poll").length, 1);
    assert.equal((await records())[0].state, "failed");
  });

  it("resumes a render the service does not know by submitting it again with the same id", async () => {
    await withDraft();
    const renderId = "render_1795993448836";
    const result = await t.client.resumeExport(renderId, { outDir: dir });
    assert.equal(result.renderId, renderId);
    assert.equal(routed("render-submit").length, 1, "submitted once more");
    const polls = routed("render-poll");
    assert.ok(polls.every((r) => r.path.endsWith(`/${renderId}`)));
    assert.equal(polls.length >= 2, true, "a 404 first, then the resubmitted job");
    assert.equal((await fs.readFile(result.filePath)).subarray(4, 8).toString("latin1"), "ftyp");
    const all = await records();
    assert.equal(all.length, 1);
    assert.equal(all[0].state, "done");
  });

  it("an unknown render whose submit fails again is forgotten with a clear sentence", async () => {
    await withDraft();
    sim.inject({ route: "render-submit", fault: { type: "status", status: 500 } });
    const err = await rejection(() => t.client.resumeExport("render_1795993448836", { outDir: dir }));
    assert.ok(err instanceof NemoError && err.code === "RENDER_UNKNOWN", String(err));
    assert.match(err.userMessage, /never reached the service and could not be started again, so it was forgotten/);
    assert.match(err.nextStep ?? "", /Export again/);
    assert.equal(routed("render-poll").length, 1, "no polling of a job that does not exist");
    assert.equal(await new ExportRecords(t.workspaceStore).pending(), undefined, "nothing left to resume");
  });

  describe("disk faults while saving", () => {
    async function expectSaveFailed(run: () => Promise<unknown>, pattern: RegExp, next: RegExp): Promise<NemoError> {
      const err = await rejection(run);
      assert.ok(err instanceof NemoError && err.code === "SAVE_FAILED", String(err));
      assert.match(err.userMessage, pattern);
      assert.match(err.nextStep ?? "", next);
      return err;
    }

    it("read-only folder: a sentence and a next step, no temp file, and it can be saved again", async () => {
      await withDraft();
      fileSystem = { ...nodeFileSystem, createWriteStream: failingOpen("EROFS") };
      await expectSaveFailed(() => t.client.exportVideo({ outDir: dir, fileName: "ro.mp4" }), /the folder .* is read-only/, /another output folder/);
      assert.deepEqual(await filesIn(), []);
      assert.equal(routed("render-download").length, 0, "a disk fault is not retried through the proxy download");
      const rec = (await records())[0];
      assert.equal(rec.state, "failed");
      assert.equal(rec.errorCode, "SAVE_FAILED");
      fileSystem = nodeFileSystem;
      const again = await t.client.resumeExport(rec.renderId ?? "", { outDir: dir });
      assert.deepEqual(await filesIn(), [path.basename(again.filePath)]);
      assert.equal((await records())[0].state, "done");
    });

    it("a file where the output folder should be", async () => {
      await withDraft();
      const blocked = path.join(dir, "generated-media");
      await fs.writeFile(blocked, "not a folder");
      await expectSaveFailed(() => t.client.exportVideo({ outDir: blocked }), /a file sits where the folder .*generated-media should be/, /Move or rename that file/);
      assert.deepEqual(await filesIn(), ["generated-media"]);
      assert.equal(await fs.readFile(blocked, "utf8"), "not a folder", "the file in the way is untouched");
    });

    it("a full disk (ENOSPC mid-write): no partial or temp file left, the next save works", async () => {
      await withDraft();
      fileSystem = { ...nodeFileSystem, createWriteStream: fullDiskAfter(100) };
      await expectSaveFailed(() => t.client.exportVideo({ outDir: dir, fileName: "full.mp4" }), /The disk is full: full\.mp4 could not be saved/, /Free some space/);
      assert.deepEqual(await filesIn(), []);
      fileSystem = nodeFileSystem;
      const rec = (await records())[0];
      const again = await t.client.resumeExport(rec.renderId ?? "", { outDir: dir, fileName: "full.mp4" });
      assert.equal(path.basename(again.filePath), "full.mp4");
    });

    it("a name the system refuses", async () => {
      await withDraft();
      fileSystem = { ...nodeFileSystem, createWriteStream: failingOpen("EINVAL") };
      await expectSaveFailed(() => t.client.exportVideo({ outDir: dir, fileName: "clip.mp4" }), /The system refused the file name clip\.mp4/, /shorter, simpler name/);
      assert.deepEqual(await filesIn(), []);
    });

    it("generated media: a full disk says so, and the same item downloads later", async () => {
      await t.client.chat("generate an image of a red kite");
      const media = (await t.client.state()).generatedMedia[0];
      assert.ok(media, "the agent made an image");
      fileSystem = { ...nodeFileSystem, createWriteStream: fullDiskAfter(10) };
      await expectSaveFailed(() => t.client.downloadMedia(media, { outDir: dir }), /The disk is full/, /Free some space/);
      assert.deepEqual(await filesIn(), []);
      fileSystem = nodeFileSystem;
      const file = await t.client.downloadMedia(media, { outDir: dir });
      await waitFor(async () => (await fs.stat(file)).size > 0, "the saved image");
    });
  });
});
