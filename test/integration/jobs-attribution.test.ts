/**
 * Attribution under concurrency, against the simulator: turns started at the same moment on one
 * session (one client; two clients sharing the session through lock files, as two processes do)
 * each report only the media of their own turn (read back from each PNG's text chunk), the later
 * one told it waits; and a job a dead process left on the ledger is resumed: the media its turn
 * made are saved, nobody else's.
 */
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runWaitableTool } from "../../src/core/agents";
import { FileSessionLocks, JobLedger, JobRunner, MemoryLedgerStorage, SessionQueue } from "../../src/core/jobs";
import { silentLogger } from "../../src/core/support";
import { MemoryStore } from "../../src/core/support";
import type { ChatEvent } from "../../src/core/types";
import { startSimulator, type Simulator } from "../sim/index";
import { fastTiming, makeClient as makeFastClient } from "./client-helpers";
import { pngDescription } from "./helpers/mcp-raw";

/**
 * The shared fast timing, with the heartbeats-only timeout above the simulator's longest silent
 * generation at this scale (300 s × 0.01 = 3 s; the product's own ratio is 600 s to 300 s).
 */
const makeClient: typeof makeFastClient = (url, overrides = {}) =>
  makeFastClient(url, { timing: { ...fastTiming, heartbeatOnlyTimeoutMs: 20_000 }, ...overrides });

describe("jobs: attribution with interleaved turns", function () {
  this.timeout(60_000);
  let sim: Simulator;
  let tmp: string;
  before(async () => {
    sim = await startSimulator({ timeScale: 0.01, seed: 21, silentCloseRate: 0, trailingIssueRate: 0, initialCredits: 5000 });
  });
  after(async () => sim?.close());
  beforeEach(() => (tmp = mkdtempSync(path.join(os.tmpdir(), "imagegen-attr-"))));
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  const descriptions = (files: string[]): string[] => files.map((f) => pngDescription(readFileSync(f)) ?? "");

  it("two generations at once on one client: each gets its own image; the second waits for the first", async () => {
    const { client } = makeClient(sim.url);
    await client.ensureSession();
    const events: Record<string, ChatEvent[]> = { whale: [], cactus: [] };
    const [whale, cactus] = await Promise.all([
      client.generate("a photo of a blue whale", { outDir: tmp, onEvent: (e) => events.whale.push(e) }),
      client.generate("a photo of a green cactus", { outDir: tmp, onEvent: (e) => events.cactus.push(e) }),
    ]);
    assert.deepEqual(descriptions(whale.files), ["a photo of a blue whale"]);
    assert.deepEqual(descriptions(cactus.files), ["a photo of a green cactus"]);
    assert.deepEqual(whale.newMedia.length, 1);
    assert.deepEqual(cactus.newMedia.length, 1);
    const waited = events.cactus.some((e) => e.type === "notice" && /Waiting for the previous request/.test(e.message));
    assert.ok(waited, "the second caller is told it waits");
    assert.ok(!events.whale.some((e) => e.type === "notice" && /Waiting/.test(e.message)));
  });

  it("a generation job keeps its shape: aspect ratio and variations reach the agent, and the saved files say so", async () => {
    const { client } = makeClient(sim.url);
    const ledger = new JobLedger(new MemoryLedgerStorage(), { logger: silentLogger });
    const jobs = new JobRunner({ client, ledger, logger: silentLogger });
    const r = await runWaitableTool("generate_image", { prompt: "a photo of a tall lighthouse", aspect_ratio: "9:16", variations: 2 }, { client, jobs, outDir: tmp, baseDir: tmp, surface: "lm-tool" });
    assert.equal(r.media.length, 2, r.text);
    for (const m of r.media) {
      const png = readFileSync(m.path);
      const [w, h] = [png.readUInt32BE(16), png.readUInt32BE(20)];
      assert.ok(h > w, `portrait (9:16): ${w}×${h}`);
      assert.equal(m.mimeType, "image/png");
    }
    const [job] = await ledger.list({ kind: "generate" });
    assert.equal(job.surface, "lm-tool");
    assert.deepEqual(job.media.map((m) => m.mimeType), ["image/png", "image/png"]);
  });

  it("two clients sharing a session through lock files (two processes) each get their own image", async () => {
    const shared = new MemoryStore(); // the same session, as two processes reading one session.json
    const a = makeClient(sim.url, { workspaceStore: shared, sessionQueue: new SessionQueue(new FileSessionLocks(tmp, 5)) });
    const b = makeClient(sim.url, { workspaceStore: shared, globalStore: a.globalStore, secrets: a.secrets, sessionQueue: new SessionQueue(new FileSessionLocks(tmp, 5)) });
    await a.client.ensureSession();
    const [lighthouse, submarine] = await Promise.all([
      a.client.generate("a photo of a red lighthouse", { outDir: tmp }),
      b.client.generate("a photo of a yellow submarine", { outDir: tmp }),
    ]);
    assert.equal((await a.client.currentSession())?.sessionId, (await b.client.currentSession())?.sessionId);
    assert.deepEqual(descriptions(lighthouse.files), ["a photo of a red lighthouse"]);
    assert.deepEqual(descriptions(submarine.files), ["a photo of a yellow submarine"]);
  });

  it("a job left by a process that died is resumed: its own media are saved, not another job's", async () => {
    const { client } = makeClient(sim.url);
    await client.ensureSession();
    const ledger = new JobLedger(new MemoryLedgerStorage(), { logger: silentLogger });
    const before = (await client.state()).generatedMedia.flatMap((m) => [m.key, m.url]);
    // Another job of this process made (and holds) a media item first.
    const runner = new JobRunner({ client, ledger, logger: silentLogger, timing: { watchPollMs: 10 } });
    const other = await runner.start({ kind: "generate", prompt: "a photo of a violet moth", outDir: tmp, surface: "palette" });
    await runner.wait(other.id);
    // The dead process's turn: its message reached the agent, then the process went away.
    const dead = Number(spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }).stdout);
    const orphan = await ledger.create({ kind: "generate", surface: "mcp", prompt: "a photo of a copper kettle", outDir: tmp, sessionId: (await client.currentSession())?.sessionId });
    await ledger.update(orphan.id, { state: "working", sentAt: Date.now(), ownerPid: dead, knownBefore: before });
    await client.chat("a photo of a copper kettle"); // the turn the dead process had started, finishing on the backend
    await runner.resume();
    const job = await ledger.get(orphan.id);
    assert.equal(job?.state, "done");
    assert.equal(job?.detached, true, "shown as finished after the caller stopped waiting");
    assert.deepEqual(descriptions(job?.media.map((m) => m.path as string) ?? []), ["a photo of a copper kettle"]);
  });

  it("a job left before its message was sent is interrupted, not watched", async () => {
    const { client } = makeClient(sim.url);
    await client.ensureSession();
    const ledger = new JobLedger(new MemoryLedgerStorage(), { logger: silentLogger });
    const dead = Number(spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }).stdout);
    const job = await ledger.create({ kind: "generate", surface: "cli", prompt: "never sent", outDir: tmp });
    await ledger.update(job.id, { state: "waiting", ownerPid: dead });
    await new JobRunner({ client, ledger, logger: silentLogger }).resume();
    const after = await ledger.get(job.id);
    assert.equal(after?.state, "interrupted");
    assert.match(after?.stage ?? "", /nothing was charged/);
  });
});
