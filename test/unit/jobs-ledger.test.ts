/**
 * The job ledger's persistence: atomic writes (no temp file left, 0600, a valid file at every
 * moment), bounded (the newest 1,000), versioned, a damaged or foreign file read as empty with one
 * warning, finished jobs not moved back by a late patch, and two writers — in one process and in
 * two processes — never losing each other's jobs.
 */
import { strict as assert } from "node:assert";
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { FileLedgerStorage, JobLedger, LEDGER_VERSION, MAX_JOBS, MemoryLedgerStorage } from "../../src/core/jobs";
import { silentLogger } from "../../src/core/support";
import { warningsLogger } from "../integration/client-helpers";

const run = promisify(execFile);

describe("job ledger: persistence", () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "imagegen-ledger-"));
    file = path.join(dir, "jobs.json");
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("writes a versioned file, mode 0600, atomically (no temp or lock file left behind)", async () => {
    const ledger = new JobLedger(new FileLedgerStorage(file, silentLogger), { logger: silentLogger });
    const job = await ledger.create({ kind: "generate", surface: "cli", prompt: "a red fox", quotedCredits: 100, balanceSeen: 900 });
    await ledger.update(job.id, { state: "working", sessionId: "s1" });
    await ledger.addMedia(job.id, [{ url: "https://cdn.example/fox.png", key: "m1", kind: "image" }]);
    await ledger.addMedia(job.id, [{ url: "https://cdn.example/fox.png", path: "/tmp/out/red-fox.png", mimeType: "image/png" }]);
    await ledger.update(job.id, { state: "done" });
    const stored = JSON.parse(readFileSync(file, "utf8")) as { version: number; jobs: { id: string; state: string; media: unknown[]; finishedAt?: number }[] };
    assert.equal(stored.version, LEDGER_VERSION);
    assert.equal(stored.jobs.length, 1);
    assert.equal(stored.jobs[0].state, "done");
    assert.equal(typeof stored.jobs[0].finishedAt, "number");
    assert.deepEqual(stored.jobs[0].media, [{ url: "https://cdn.example/fox.png", key: "m1", kind: "image", path: "/tmp/out/red-fox.png", mimeType: "image/png" }]);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.deepEqual(readdirSync(dir), ["jobs.json"]);
    const again = await new JobLedger(new FileLedgerStorage(file, silentLogger), { logger: silentLogger }).get(job.id);
    assert.equal(again?.prompt, "a red fox");
    assert.equal(again?.quotedCredits, 100);
    assert.equal(again?.balanceSeen, 900);
  });

  it("keeps the newest 1,000 jobs", async () => {
    const storage = new MemoryLedgerStorage();
    const old = Array.from({ length: MAX_JOBS + 3 }, (_, i) => ({ id: `job_${i}`, kind: "edit" as const, surface: "chat" as const, prompt: `edit ${i}`, state: "done" as const, media: [], createdAt: 1_000 + i, updatedAt: 1_000 + i }));
    storage.text = JSON.stringify({ version: LEDGER_VERSION, jobs: old }); // more than the bound, as an older build might have left
    let t = 1_000_000;
    const ledger = new JobLedger(storage, { logger: silentLogger, now: () => t++ });
    await ledger.create({ kind: "edit", surface: "chat", prompt: `edit ${MAX_JOBS + 3}` });
    await ledger.create({ kind: "edit", surface: "chat", prompt: `edit ${MAX_JOBS + 4}` });
    const all = await ledger.list();
    assert.equal(all.length, MAX_JOBS);
    assert.equal(all[0].prompt, `edit ${MAX_JOBS + 4}`, "newest first");
    assert.equal(all[all.length - 1].prompt, "edit 5", "the five oldest are gone");
  });

  it("a damaged file, a foreign version or a bad record: one warning and an empty (or partial) ledger, never a throw", async () => {
    const { logger, warnings } = warningsLogger();
    writeFileSync(file, "{ this is not json", { mode: 0o600 });
    const ledger = new JobLedger(new FileLedgerStorage(file, logger), { logger });
    assert.deepEqual(await ledger.list(), []);
    assert.deepEqual(await ledger.list(), []);
    assert.equal(warnings.length, 1, warnings.join("\n"));
    assert.match(warnings[0], /could not be read \(it is not valid JSON\); starting with an empty one/);
    const job = await ledger.create({ kind: "export", surface: "palette" });
    assert.equal((await ledger.get(job.id))?.kind, "export", "writes again after the damage");

    writeFileSync(file, JSON.stringify({ version: 99, jobs: [] }));
    const { logger: l2, warnings: w2 } = warningsLogger();
    assert.deepEqual(await new JobLedger(new FileLedgerStorage(file, l2), { logger: l2 }).list(), []);
    assert.match(w2[0], /version \(99\) is not 1/);

    const good = { id: "job_a", kind: "generate", surface: "mcp", state: "done", media: [], createdAt: 1, updatedAt: 1 };
    writeFileSync(file, JSON.stringify({ version: 1, jobs: [good, { id: 5, kind: "nonsense" }, { ...good, id: "job_b", state: "exploded" }] }));
    const read = await new JobLedger(new FileLedgerStorage(file, silentLogger), { logger: silentLogger }).list();
    assert.deepEqual(read.map((j) => [j.id, j.state]).sort(), [["job_a", "done"], ["job_b", "interrupted"]]);
  });

  it("a finished job keeps its final state against a late progress patch; reopen moves it back", async () => {
    const ledger = new JobLedger(new MemoryLedgerStorage(), { logger: silentLogger });
    const job = await ledger.create({ kind: "export", surface: "chat", fileName: "night-market.mp4" });
    await ledger.update(job.id, { state: "cancelled" });
    await ledger.update(job.id, { state: "rendering", percent: 40 });
    assert.equal((await ledger.get(job.id))?.state, "cancelled");
    await ledger.update(job.id, { state: "rendering" }, { reopen: true });
    assert.equal((await ledger.get(job.id))?.state, "rendering");
    assert.equal((await ledger.get(job.id))?.finishedAt, undefined);
  });

  it("two writers in one process (two ledgers over one file) keep every job", async () => {
    const a = new JobLedger(new FileLedgerStorage(file, silentLogger), { logger: silentLogger });
    const b = new JobLedger(new FileLedgerStorage(file, silentLogger), { logger: silentLogger });
    await Promise.all(Array.from({ length: 15 }, (_, i) => [a.create({ kind: "generate", surface: "mcp", prompt: `a${i}` }), b.create({ kind: "generate", surface: "cli", prompt: `b${i}` })]).flat());
    const prompts = (await a.list()).map((j) => j.prompt).sort();
    assert.equal(prompts.length, 30);
    for (let i = 0; i < 15; i++) assert.ok(prompts.includes(`a${i}`) && prompts.includes(`b${i}`));
  });

  it("two processes writing the file at once keep every job", async function () {
    this.timeout(60_000);
    const writer = path.join(__dirname, "helpers", "ledger-writer.ts");
    const spawnWriter = (tag: string) => run(process.execPath, ["--require", "tsx/cjs", writer, file, tag, "20"], { cwd: path.join(__dirname, "..", "..") });
    await Promise.all([spawnWriter("first"), spawnWriter("second")]);
    const jobs = await new JobLedger(new FileLedgerStorage(file, silentLogger), { logger: silentLogger }).list();
    assert.equal(jobs.length, 40);
    assert.equal(jobs.filter((j) => j.state === "done").length, 40, "every update of both kept");
    assert.deepEqual(readdirSync(dir), ["jobs.json"]);
  });

  it("answers queries: by kind, surface, state, session, active, limit; media with their job", async () => {
    const ledger = new JobLedger(new MemoryLedgerStorage(), { logger: silentLogger });
    const g = await ledger.create({ kind: "generate", surface: "palette", prompt: "a fox", sessionId: "s1" });
    await ledger.create({ kind: "edit", surface: "chat", sessionId: "s1" });
    await ledger.create({ kind: "export", surface: "mcp", sessionId: "s2" });
    await ledger.addMedia(g.id, [{ url: "https://cdn/fox.png", path: "/w/fox.png" }]);
    await ledger.update(g.id, { state: "done" });
    assert.deepEqual((await ledger.list({ kind: ["generate", "edit"] })).map((j) => j.kind).sort(), ["edit", "generate"]);
    assert.equal((await ledger.list({ sessionId: "s2" }))[0].kind, "export");
    assert.equal((await ledger.list({ active: true })).length, 2);
    assert.equal((await ledger.list({ surface: "palette", state: "done" })).length, 1);
    assert.equal((await ledger.list({ limit: 1 })).length, 1);
    const media = await ledger.media();
    assert.deepEqual(media.map((m) => [m.jobId, m.jobKind, m.prompt, m.path]), [[g.id, "generate", "a fox", "/w/fox.png"]]);
    assert.equal((await ledger.owner({ url: "https://cdn/fox.png" }))?.id, g.id);
  });
});
