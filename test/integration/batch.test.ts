import * as assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startSimulator, type Simulator } from "../sim/index";
import { NemoClient } from "../../src/core/client";
import { LEGACY_BATCH_STORE_KEY, BatchQueue } from "../../src/core/batch";
import { JobLedger, MemoryLedgerStorage } from "../../src/core/jobs";
import { batchOutputName } from "../../src/core/batch";
import { MemoryStore, StoreKeys, type KeyValueStore } from "../../src/core/support";
import { CapturingLogger, fastTiming, makeClient, RecordingClock, waitFor, type TestClient } from "./client-helpers";

const FIXTURE = path.join(__dirname, "..", "fixtures", "sample.mp4");

describe("batch queue (core, sim)", function () {
  this.timeout(60_000);
  let sim: Simulator;
  let dir: string;
  let own: TestClient;
  let store: MemoryStore;
  let ledger: JobLedger;
  let clock: RecordingClock;
  let files: string[];
  let queueLog: CapturingLogger;

  before(async () => {
    sim = await startSimulator({ timeScale: 0.002, seed: 9, silentCloseRate: 0, initialCredits: 10_000 }); // edits charge 50 each
  });
  after(async () => sim.close());
  beforeEach(async () => {
    sim.reset();
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "nemo-batch-"));
    own = makeClient(sim.url); // the person's own client: its stores are shared for token/client id
    store = new MemoryStore();
    ledger = new JobLedger(new MemoryLedgerStorage(), { logger: new CapturingLogger() });
    clock = new RecordingClock();
    queueLog = new CapturingLogger();
    files = [];
    for (const name of ["beach sunset.mp4", "City_Walk.mp4", "forest.mp4"]) {
      const f = path.join(dir, name);
      await fs.copyFile(FIXTURE, f);
      files.push(f);
    }
  });
  afterEach(async () => fs.rm(dir, { recursive: true, force: true }));

  function queue(opts: { max?: number; store?: KeyValueStore } = {}): BatchQueue {
    return new BatchQueue({
      store: opts.store ?? store,
      ledger,
      clientFor: (workspaceStore) =>
        new NemoClient({
          apiUrl: sim.url,
          webUrl: "https://web.example",
          platform: "test",
          version: "0.1.0-test",
          language: "en",
          globalStore: own.globalStore,
          secrets: own.secrets,
          workspaceStore,
          env: {},
          clock,
          logger: new CapturingLogger(),
          timing: fastTiming,
        }),
      clock,
      logger: queueLog,
      maxConcurrent: opts.max ?? 2,
      rateLimitPauseMs: 25,
    });
  }
  const out = (): string => path.join(dir, "out");
  const entries = (fs_: string[] = files) => fs_.map((source) => ({ source, instruction: "add a title 'Summer'", outDir: out() }));
  const count = (route: string): number => sim.requests.filter((r) => r.route === route).length;

  it("names outputs after the source", () => {
    assert.equal(batchOutputName("/x/beach sunset.mov"), "beach-sunset-edited.mp4");
    assert.equal(batchOutputName("C_Walk.MP4"), "c-walk-edited.mp4");
    assert.equal(batchOutputName("/x/海边 日落.jpg"), "海边-日落-edited.mp4");
  });

  it("processes each file on its own session, two at a time; a failed one is retried; the person's session is untouched", async () => {
    const mine = await own.client.ensureSession();
    const before = JSON.stringify(sim.sessionState(mine.sessionId));
    sim.inject({ route: "upload", times: 1, fault: { type: "code", code: 4001 } });
    const q = queue();
    let most = 0;
    const running = (): number => q.list().filter((i) => ["uploading", "waiting", "rendering"].includes(i.state)).length;
    q.onDidChange(() => (most = Math.max(most, running())));
    await q.add(entries());
    await q.whenIdle();
    assert.ok(most <= 2, `at most two at a time (saw ${most})`);
    const failed = q.list().filter((i) => i.state === "failed");
    assert.equal(failed.length, 1, JSON.stringify(q.list()));
    assert.equal(failed[0].error?.code, "UNSUPPORTED_FILE");
    assert.ok(failed[0].error?.message, "the reason is kept");
    assert.equal(q.summary().saved, 2);

    assert.equal(await q.retry(), 1);
    await q.whenIdle();
    assert.deepEqual(q.summary(), { total: 3, saved: 3, failed: 0, cancelled: 0, pending: 0 });
    const saved = (await fs.readdir(out())).sort();
    assert.deepEqual(saved, ["beach-sunset-edited.mp4", "city-walk-edited.mp4", "forest-edited.mp4"]);
    for (const f of saved) assert.equal((await fs.readFile(path.join(out(), f))).subarray(4, 8).toString("latin1"), "ftyp");

    // Four item sessions (three + the retry), each holding only its own upload; the person's session unchanged.
    const itemSessions = new Set(sim.uploads.map((u) => u.sessionId));
    assert.equal(itemSessions.size, 3);
    assert.equal(count("create-session"), 5, "the person's session and one per item run (the failed upload's too)");
    assert.ok(!itemSessions.has(mine.sessionId));
    assert.equal(JSON.stringify(sim.sessionState(mine.sessionId)), before);
    assert.deepEqual(await own.client.currentSession(), mine);
    assert.equal(await store.get(`nemo.batch.b1.${StoreKeys.session}`), undefined, "a saved item forgets its session");
  });

  it("cancel of one item aborts its request at the simulator; the others go on", async () => {
    sim.inject({ route: "run_sse", times: 1, fault: { type: "slow", ms: 60_000 } });
    const q = queue({ max: 1 });
    const [first] = await q.add(entries(files.slice(0, 2)));
    await waitFor(() => count("run_sse") === 1 && q.get(first.id)?.state === "waiting", "the first instruction is in flight");
    await q.cancel(first.id);
    await waitFor(() => sim.requests.some((r) => r.route === "run_sse" && r.aborted), "the simulator saw the request aborted");
    await q.whenIdle();
    assert.equal(q.get(first.id)?.state, "cancelled");
    assert.equal(q.summary().saved, 1);
  });

  it("a 429 that outlives the client's retries slows the queue instead of failing the item", async () => {
    // Both first uploads and all three of each one's own retries answer 429.
    sim.inject({ route: "upload", times: 8, fault: { type: "status", status: 429 } });
    const q = queue({ max: 2 });
    await q.add(entries());
    await q.whenIdle();
    assert.deepEqual(q.summary(), { total: 3, saved: 3, failed: 0, cancelled: 0, pending: 0 });
    const slowed = queueLog.lines.filter((l) => l.includes("rate limited; slowing the queue"));
    assert.equal(slowed.length, 2, "both first items were put back, not failed");
  });

  it("a service that always answers 429 ends the batch within its budget: items stop as rate-limited, Retry resumes them", async () => {
    sim.inject({ route: "upload", times: 10_000, fault: { type: "status", status: 429 } });
    const q = queue({ max: 2 });
    await q.add(entries());
    await q.whenIdle();
    const items = q.list();
    assert.deepEqual(items.map((i) => i.state), ["rate-limited", "rate-limited", "rate-limited"]);
    assert.match(items[0].error?.message ?? "", /^The service kept asking to wait; this item stopped as rate-limited\. Retry resumes it\. /);
    // Each item: (1 + MAX_RATE_LIMIT_REQUEUES) starts × (1 + 3 client retries) uploads, no more.
    assert.equal(count("upload"), 3 * 3 * 4);
    sim.clearFaults();
    assert.equal(await q.retry(), 3);
    await q.whenIdle();
    assert.deepEqual(q.summary(), { total: 3, saved: 3, failed: 0, cancelled: 0, pending: 0 });
  });

  it("survives a reload: finished stay finished, a pending render resumes, not-started wait for continue", async () => {
    sim.inject({ route: "render-poll", times: 1, fault: { type: "slow", ms: 60_000 } });
    const q1 = queue({ max: 1 });
    await q1.add(entries());
    await waitFor(() => count("render-poll") === 1, "the first render was submitted and is being polled");
    const jobs = await ledger.list({ kind: "batch-item" });
    assert.equal(jobs.length, 3, "one batch-item job per file");
    assert.ok(jobs.some((j) => j.renderId?.startsWith("render_") && j.state === "rendering"), `the render id is on the item's job: ${JSON.stringify(jobs)}`);
    q1.dispose(); // the window closes while the first render runs
    const submits = count("render-submit");
    const sends = count("run_sse");

    const q2 = queue({ max: 1 });
    const restored = await q2.restore();
    assert.deepEqual(restored, { resumed: 1, notStarted: 2 });
    await q2.whenIdle();
    assert.equal(q2.list()[0].state, "saved", JSON.stringify(q2.list()[0]));
    assert.equal(count("render-submit"), submits, "the render was resumed, not submitted again");
    assert.equal(count("run_sse"), sends, "the instruction was not sent again");
    assert.deepEqual(q2.list().slice(1).map((i) => i.state), ["queued", "queued"]);

    q2.continue();
    await q2.whenIdle();
    assert.deepEqual(q2.summary(), { total: 3, saved: 3, failed: 0, cancelled: 0, pending: 0 });
    const again = queue();
    await again.restore();
    assert.deepEqual(again.list().map((i) => i.state), ["saved", "saved", "saved"], "finished items stay finished");
    // The Batch rows and the ledger hold the same record: each saved item's job is done with its MP4.
    const done = await ledger.list({ kind: "batch-item" });
    assert.deepEqual(done.map((j) => j.state), ["done", "done", "done"]);
    assert.deepEqual(
      done.map((j) => path.basename(j.media[0]?.path ?? "")).sort(),
      ["beach-sunset-edited.mp4", "city-walk-edited.mp4", "forest-edited.mp4"],
    );
    await again.clearFinished();
    assert.equal(again.list().length, 0);
    const cleared = queue();
    await cleared.restore();
    assert.equal(cleared.list().length, 0, "cleared items stay cleared after a reload");
    assert.equal((await ledger.list({ kind: "batch-item" })).length, 3, "their jobs stay on the ledger as history");
    const [next] = await cleared.add(entries(files.slice(0, 1)));
    assert.equal(next.id, "b4", "an item id is never reused");
    await cleared.whenIdle();
  });

  it("moves the list of the store before the ledger in once: a finished item stays finished, a started render resumes", async () => {
    const legacy = [
      { id: "b1", source: files[0], instruction: "add a title 'Summer'", outDir: out(), state: "saved", step: "sent", output: path.join(out(), "beach-sunset-edited.mp4") },
      { id: "b2", source: files[1], instruction: "add a title 'Summer'", outDir: out(), state: "queued", step: "new" },
      { broken: true },
    ];
    await store.set(LEGACY_BATCH_STORE_KEY, JSON.stringify(legacy));
    const q = queue({ max: 1 });
    const restored = await q.restore();
    assert.deepEqual(restored, { resumed: 0, notStarted: 1 });
    assert.equal(await store.get(LEGACY_BATCH_STORE_KEY), undefined, "the old list is deleted once moved");
    assert.deepEqual(q.list().map((i) => [i.id, i.state]), [["b1", "saved"], ["b2", "queued"]]);
    const jobs = await ledger.list({ kind: "batch-item" });
    assert.equal(jobs.length, 2);
    assert.ok(jobs.every((j) => j.id.startsWith("job_") && j.surface === "batch"));
    const again = queue();
    await again.restore();
    assert.equal((await ledger.list({ kind: "batch-item" })).length, 2, "moved in once, not twice");
  });
});
