// `imagegen batch` as people run it: the built bundle as a child process against the simulator.
import * as assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startSimulator, type Simulator } from "../sim/index";
import { buildCli, type CliRun, runCli } from "./cli-harness";

const TIME_SCALE = 0.002;
const FIXTURE = path.join(__dirname, "..", "fixtures", "sample.mp4");

describe("imagegen batch (built bundle against the simulator)", function () {
  this.timeout(90_000);
  let cli: string;
  let sim: Simulator;
  const tmp = mkdtempSync(path.join(os.tmpdir(), "imagegen-batch-test-"));
  const config = path.join(tmp, "config");
  const files = ["beach sunset.mp4", "forest.mp4", "city.mp4"].map((n) => {
    const f = path.join(tmp, n);
    copyFileSync(FIXTURE, f);
    return f;
  });

  const run = (args: string[]): Promise<CliRun> =>
    runCli(cli, args, {
      env: { HOME: tmp, NEMOVIDEO_CONFIG_DIR: config, NEMO_API_URL: sim.url, NEMO_WEB_URL: "https://web.example.test", NEMO_TIME_SCALE: String(TIME_SCALE) },
      timeoutMs: 60_000,
    });

  before(async function () {
    this.timeout(120_000);
    cli = await buildCli();
    sim = await startSimulator({ timeScale: TIME_SCALE, initialCredits: 1000, seed: 3, silentCloseRate: 0 });
  });
  after(async () => {
    await sim?.close();
    rmSync(tmp, { recursive: true, force: true });
    if (cli) rmSync(path.dirname(cli), { recursive: true, force: true });
  });
  beforeEach(() => sim.reset());

  it("--instruction: a status line per item and state, the saved paths, one session per file", async () => {
    const out = path.join(tmp, "out1");
    const r = await run(["batch", "--instruction", "add a title 'Summer'", "--out", out, ...files]);
    assert.equal(r.code, 0, r.stderr);
    for (const name of ["beach sunset.mp4", "forest.mp4", "city.mp4"]) {
      assert.match(r.stderr, new RegExp(`\\] ${name}: uploading`));
      assert.match(r.stderr, new RegExp(`\\] ${name}: waiting for the agent`));
      assert.match(r.stderr, new RegExp(`\\] ${name}: saved `));
    }
    assert.match(r.stderr, /3 saved, 0 failed\./);
    assert.deepEqual(readdirSync(out).sort(), ["beach-sunset-edited.mp4", "city-edited.mp4", "forest-edited.mp4"]);
    assert.equal(r.stdout.trim().split("\n").filter((l) => l.startsWith("Saved ")).length, 3);
    assert.equal(new Set(sim.uploads.map((u) => u.sessionId)).size, 3);
  });

  it("--each with --json: one instruction per file, a JSON summary, exit 1 when one failed", async () => {
    const out = path.join(tmp, "out2");
    const list = path.join(tmp, "each.txt");
    writeFileSync(list, "add a title 'One'\n\nadd a title 'Two'\n");
    sim.inject({ route: "upload", times: 1, fault: { type: "code", code: 4001 } });
    const r = await run(["batch", "--each", list, "--out", out, "--parallel", "1", "--json", files[0], files[1]]);
    assert.equal(r.code, 1, r.stderr);
    const doc = JSON.parse(r.stdout) as { summary: Record<string, number>; items: { source: string; instruction: string; state: string; file: string | null; error: { code: string } | null }[] };
    assert.deepEqual(doc.summary, { total: 2, saved: 1, failed: 1, cancelled: 0, pending: 0 });
    assert.deepEqual(doc.items.map((i) => [path.basename(i.source), i.instruction, i.state]), [
      ["beach sunset.mp4", "add a title 'One'", "failed"],
      ["forest.mp4", "add a title 'Two'", "saved"],
    ]);
    assert.equal(doc.items[0].error?.code, "UNSUPPORTED_FILE");
    assert.equal(doc.items[1].file, path.join(out, "forest-edited.mp4"));
    const sent = sim.requests.filter((x) => x.route === "run_sse").length;
    assert.equal(sent, 1, "the failed item never reached the agent");
  });

  it("[n/N] stays each file's place on the command line when rate-limited items go back to the queue", async () => {
    const out = path.join(tmp, "out-429");
    // The first two items' uploads and all their retries answer 429: both go back to the head of the queue.
    sim.inject({ route: "upload", times: 8, fault: { type: "status", status: 429 } });
    const r = await run(["batch", "--instruction", "add a title 'Summer'", "--out", out, "--parallel", "2", ...files]);
    assert.equal(r.code, 0, r.stderr);
    ["beach sunset.mp4", "forest.mp4", "city.mp4"].forEach((name, i) => {
      const labels = [...r.stderr.matchAll(new RegExp(`\\[(\\d)/3\\] ${name}:`, "g"))].map((m) => m[1]);
      assert.ok(labels.length > 0, name);
      assert.deepEqual([...new Set(labels)], [String(i + 1)], `${name}: ${labels.join(",")}`);
    });
    assert.ok(sim.requests.filter((q) => q.route === "upload").length >= 8, "the uploads were refused first");
  });

  it("refuses a wrong instruction count and a missing instruction with exit 2, before sending anything", async () => {
    const list = path.join(tmp, "short.txt");
    writeFileSync(list, "only one\n");
    const a = await run(["batch", "--each", list, ...files]);
    assert.equal(a.code, 2);
    assert.match(a.stderr, /has 1 instruction\(s\) for 3 file\(s\)/);
    const b = await run(["batch", ...files]);
    assert.equal(b.code, 2);
    assert.match(b.stderr, /needs --instruction/);
    assert.equal(sim.requests.length, 0);
  });
});
