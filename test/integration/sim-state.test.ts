/**
 * The simulator's kept world (`--state FILE`), its published timing (`--time-scale 1`) and its
 * prices (the product's quote): raw HTTP, no project client.
 */
import { strict as assert } from "node:assert";
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Agent, getGlobalDispatcher, setGlobalDispatcher } from "undici";
import { COST_CREDITS } from "../../src/core/prompt";
import { startSimulator, type Simulator } from "../sim/index";
import { Rng } from "../sim/rng";
import { PUBLISHED_MS, Schedule } from "../sim/schedule";
import { HEARTBEAT_MS } from "../sim/world";
import { call, getState, newSession, newToken, parseSse, runSse, SKILL } from "../sim/testkit";

const REPO = join(__dirname, "..", "..");

async function credits(base: string, token: string): Promise<number> {
  const r = await call(base, "GET", "/api/credits/balance/simple", { token });
  return Number((r.json.data as { available: number }).available);
}

function mediaUrls(state: Record<string, unknown>): string[] {
  const media = (state.generated_media as Record<string, unknown>[]) ?? [];
  return media.map((m) => String(m.url ?? m.file_url));
}

/** Resolves when `file` holds text that satisfies `ok` (the simulator saves every 250 ms): waits for the file, not a time. */
async function fileShows(file: string, ok: (text: string) => boolean, child: ChildProcess): Promise<void> {
  for (;;) {
    if (existsSync(file) && ok(readFileSync(file, "utf8"))) return;
    if (child.exitCode !== null) throw new Error(`the simulator exited (${child.exitCode}) before saving`);
    await new Promise<void>((resolve) => setImmediate(resolve));
    await new Promise<void>((resolve) => setTimeout(resolve, 20));
  }
}

/** `node dist/sim.js`-equivalent child (tsx, no build needed); resolves with its URL. */
async function spawnSim(state: string, port = 0): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", join(REPO, "test", "sim", "main.ts"), "--port", String(port), "--time-scale", "0.0005", "--credits", "1000", "--state", state], {
    cwd: REPO,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on("data", (b: Buffer) => {
      out += b.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once("exit", (code) => reject(new Error(`simulator exited (${code}): ${out}`)));
  });
  return { child, url };
}

describe("simulator: --state keeps the world across a restart", function () {
  this.timeout(60_000);
  let dir: string;
  const sims: Simulator[] = [];
  const children: ChildProcess[] = [];
  /** The global fetch dispatcher, when a test replaced it. */
  let pool: ReturnType<typeof getGlobalDispatcher> | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "sim-state-"));
  });
  afterEach(async () => {
    if (pool) setGlobalDispatcher(pool);
    pool = undefined;
    for (const s of sims.splice(0)) await s.close();
    for (const c of children.splice(0)) {
      if (c.exitCode === null && c.signalCode === null) {
        c.kill("SIGKILL");
        await once(c, "exit");
      }
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it("closed and started again on the same file: the same address, token, balance, session, media and render", async () => {
    const statePath = join(dir, "sim-state.json");
    const first = await startSimulator({ timeScale: 0.0005, initialCredits: 1000, renderMs: 1, statePath, trailingIssueRate: 0 });
    sims.push(first);
    const token = await newToken(first.url, "client-kept");
    const sid = await newSession(first.url, token);
    await runSse(first.url, token, sid, "generate an image of a lighthouse at dusk");
    await runSse(first.url, token, sid, "add a title that says Harbour Lights");
    const before = await getState(first.url, token, sid);
    const [url] = mediaUrls(before);
    const png = Buffer.from(await (await fetch(url)).arrayBuffer());
    const render = { id: "render_kept", sessionId: sid, draft: before.draft, output: { format: "mp4", quality: "high" } };
    assert.equal((await call(first.url, "POST", "/api/render/proxy/lambda", { token, body: render, headers: SKILL })).json.code, 0);
    assert.equal(await credits(first.url, token), 1000 - COST_CREDITS.image - COST_CREDITS.edit);
    await first.close();
    sims.splice(0);
    // fetch keeps connections alive: start over with new ones, as a client does when the old ones close.
    pool ??= getGlobalDispatcher();
    setGlobalDispatcher(new Agent());

    const second = await startSimulator({ timeScale: 0.0005, initialCredits: 1000, renderMs: 1, statePath });
    sims.push(second);
    assert.equal(second.url, first.url, "the saved port is taken again, so the media URLs it served still resolve");
    assert.equal(await credits(second.url, token), 1000 - COST_CREDITS.image - COST_CREDITS.edit, "the token and its balance are kept");
    assert.deepEqual(await getState(second.url, token, sid), before, "the session and its timeline are kept");
    const again = await fetch(url);
    assert.equal(again.status, 200);
    assert.ok(Buffer.from(await again.arrayBuffer()).equals(png), "the same image bytes");
    const poll = (await call(second.url, "GET", "/api/render/proxy/lambda/render_kept", { token })).json as unknown as Record<string, unknown>;
    assert.equal(poll.status, "completed");
    assert.equal((await fetch(String((poll.output as { url: string }).url))).status, 200);
    // New ids never collide with kept ones.
    const other = await newSession(second.url, token);
    assert.notEqual(other, sid);
  });

  it("killed (SIGKILL) and started again on the same file: sessions, credits and media survive", async function () {
    const statePath = join(dir, "killed.json");
    const a = await spawnSim(statePath);
    children.push(a.child);
    const token = await newToken(a.url, "client-killed");
    const sid = await newSession(a.url, token);
    await runSse(a.url, token, sid, "generate an image of a green cactus");
    const state = await getState(a.url, token, sid);
    const [url] = mediaUrls(state);
    const spent = 1000 - COST_CREDITS.image;
    await fileShows(statePath, (t) => t.includes(sid) && t.includes(`"available":${spent}`) && t.includes(url.split("/").pop() ?? "?"), a.child);
    a.child.kill("SIGKILL");
    await once(a.child, "exit");

    const b = await spawnSim(statePath);
    children.push(b.child);
    assert.equal(b.url, a.url);
    assert.equal(await credits(b.url, token), spent);
    assert.deepEqual((await getState(b.url, token, sid)).generated_media, state.generated_media);
    const img = await fetch(url);
    assert.equal(img.status, 200);
    assert.equal(img.headers.get("content-type"), "image/png");
  });

  it("a damaged state file is set aside and the simulator starts empty", async () => {
    const statePath = join(dir, "broken.json");
    writeFileSync(statePath, "{ not json");
    const sim = await startSimulator({ timeScale: 0.0005, statePath });
    sims.push(sim);
    assert.ok(existsSync(`${statePath}.bad`));
    const token = await newToken(sim.url);
    assert.equal(await credits(sim.url, token), 100);
  });

  it("forget-sessions: the open stream is cut, the session answers 1002, the token and balance stay", async () => {
    const sim = await startSimulator({ timeScale: 0.001, initialCredits: 1000 });
    sims.push(sim);
    const token = await newToken(sim.url);
    const sid = await newSession(sim.url, token);
    let forgot: Promise<unknown> | undefined;
    const r = await runSse(sim.url, token, sid, "generate an image of a blue whale", (soFar) => {
      if (!forgot && soFar.includes("functionCall")) forgot = call(sim.url, "POST", "/__sim/forget-sessions");
    });
    await forgot;
    assert.equal(r.clean, false, "the stream was cut, not closed");
    assert.equal((await call(sim.url, "GET", `/api/state/nemo_agent/me/${sid}/latest`, { token })).json.code, 1002);
    assert.equal(await credits(sim.url, token), 1000 - COST_CREDITS.image, "what was charged stays charged");
  });
});

describe("simulator: published timing and prices", function () {
  this.timeout(60_000);

  it("at time scale 1 every drawn duration is within the published range, in real seconds", () => {
    const schedule = new Schedule(() => 1);
    for (let seed = 1; seed <= 200; seed++) {
      const rng = new Rng(seed);
      for (const kind of Object.keys(PUBLISHED_MS) as (keyof typeof PUBLISHED_MS)[]) schedule.draw(kind, rng, kind, `s${seed}`);
      schedule.split("edit", rng, ["add_text", "add_bgm"], `s${seed}`);
    }
    for (const e of schedule.entries) {
      assert.equal(e.realMs, e.simMs, "time scale 1: sim ms are real ms");
      if (e.what === "add_text" || e.what === "add_bgm") continue;
      const { min, max } = PUBLISHED_MS[e.kind];
      assert.ok(e.simMs >= min && e.simMs <= max, `${e.kind} ${e.simMs}`);
    }
    const edits = new Map<string, number>();
    for (const e of schedule.entries.filter((x) => x.what === "add_text" || x.what === "add_bgm")) edits.set(e.owner, (edits.get(e.owner) ?? 0) + e.simMs);
    for (const [owner, total] of edits) assert.ok(total >= PUBLISHED_MS.edit.min && total <= PUBLISHED_MS.edit.max, `${owner}: an edit turn's tools take ${total}`);
    assert.deepEqual(PUBLISHED_MS, { text: { min: 5_000, max: 15_000 }, generation: { min: 100_000, max: 300_000 }, edit: { min: 10_000, max: 30_000 }, render: { min: 30_000, max: 90_000 } });
  });

  it("a real run plans generation 100-300 s, edits 10-30 s and renders 30-90 s of sim time, scaled, with heartbeats meanwhile; edits charge the product's quote", async () => {
    const scale = 0.0005;
    const sim = await startSimulator({ timeScale: scale, initialCredits: 1000, silentCloseRate: 0, trailingIssueRate: 0 });
    try {
      const token = await newToken(sim.url);
      const sid = await newSession(sim.url, token);
      const image = await runSse(sim.url, token, sid, "generate an image of a red fox in snow");
      const afterImage = await credits(sim.url, token);
      await runSse(sim.url, token, sid, "add background music at 20% and a title that says Foxes");
      const afterEdit = await credits(sim.url, token);
      await runSse(sim.url, token, sid, "what can you do?");
      const draft = (await getState(sim.url, token, sid)).draft;
      await call(sim.url, "POST", "/api/render/proxy/lambda", { token, headers: SKILL, body: { id: "render_t", sessionId: sid, draft } });
      const plan = sim.schedule();
      const gen = plan.find((e) => e.what === "generate_image");
      assert.ok(gen && gen.simMs >= 100_000 && gen.simMs <= 300_000, JSON.stringify(gen));
      assert.equal(gen.realMs, gen.simMs * scale);
      const edit = plan.filter((e) => e.kind === "edit");
      assert.deepEqual(edit.map((e) => e.what).sort(), ["add_bgm", "add_text"]);
      const editMs = edit.reduce((n, e) => n + e.simMs, 0);
      assert.ok(editMs >= 10_000 && editMs <= 30_000, String(editMs));
      const text = plan.find((e) => e.kind === "text");
      assert.ok(text && text.simMs >= 5_000 && text.simMs <= 15_000);
      const render = plan.find((e) => e.what === "render" && e.owner === "render_t");
      assert.ok(render && render.simMs >= 30_000 && render.simMs <= 90_000, JSON.stringify(render));
      // Heartbeats (planned every HEARTBEAT_MS = 5 s of sim time) while the image is generated: between its call and its response.
      assert.equal(HEARTBEAT_MS, 5_000);
      const blocks = parseSse(image.text);
      const callAt = blocks.findIndex((b) => b.raw.includes('"functionCall"') && b.raw.includes("generate_image"));
      const answer = blocks.findIndex((b) => b.raw.includes('"functionResponse"') && b.raw.includes("generate_image"));
      assert.ok(callAt >= 0 && answer > callAt);
      assert.ok(blocks.slice(callAt, answer).some((b) => b.kind === "comment" || b.kind === "empty"), "heartbeats while the agent works");
      assert.equal(afterImage, 1000 - COST_CREDITS.image);
      assert.equal(afterEdit, afterImage - COST_CREDITS.edit, "an edit charges what the product quotes");
      assert.equal(await credits(sim.url, token), afterEdit, "text is free");
      // The control API shows the same plan.
      assert.equal(((await call(sim.url, "GET", "/__sim/schedule")).json.data as unknown as unknown[]).length, plan.length);
    } finally {
      await sim.close();
    }
  });

  it("an edit with fewer credits than its quote answers 2001 and runs nothing", async () => {
    const sim = await startSimulator({ timeScale: 0.0005, initialCredits: COST_CREDITS.edit - 1 });
    try {
      const token = await newToken(sim.url);
      const sid = await newSession(sim.url, token);
      const r = await call(sim.url, "POST", "/run_sse", { token, body: { app_name: "nemo_agent", user_id: "me", session_id: sid, new_message: { parts: [{ text: "add a title that says Hi" }] } } });
      assert.equal(r.json.code, 2001);
      assert.equal(sim.schedule().length, 0);
    } finally {
      await sim.close();
    }
  });
});
