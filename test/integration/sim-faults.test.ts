/** Simulator faults, control endpoints, recording and shutdown (raw HTTP). */
import { strict as assert } from "node:assert";
import { spawn } from "node:child_process";
import { startSimulator, type Simulator } from "../sim/index";
import { XSS_PAYLOADS } from "../sim/turn";
import { waitFor } from "./client-helpers";
import { call, getState, newSession, newToken, parseSse, runSse, SKILL, sseBody, texts } from "../sim/testkit";

const credits = (s: Simulator, token: string): ReturnType<typeof call> => call(s.url, "GET", "/api/credits/balance/simple", { token });

describe("simulator: faults and control", function () {
  let sim: Simulator;
  let token: string;
  let sid: string;
  before(async () => (sim = await startSimulator({ timeScale: 0.001, seed: 9, silentCloseRate: 0, trailingIssueRate: 0 })));
  after(() => sim.close());
  beforeEach(async () => {
    sim.reset();
    token = await newToken(sim.url);
    sid = await newSession(sim.url, token);
  });

  it("consumes queued faults in order, per route, with counts; 'any' matches every route", async () => {
    sim.inject({ route: "credits", times: 2, fault: { type: "status", status: 503 } });
    sim.inject({ route: "credits", fault: { type: "code", code: 1001 } });
    sim.inject({ route: "state", fault: { type: "code", code: 1002 } });
    assert.equal((await credits(sim, token)).status, 503);
    assert.equal((await credits(sim, token)).status, 503);
    assert.equal((await credits(sim, token)).json.code, 1001);
    assert.equal((await credits(sim, token)).json.code, 0);
    assert.equal((await call(sim.url, "GET", `/api/state/nemo_agent/me/${sid}/latest`, { token })).json.code, 1002);
    sim.inject({ route: "any", fault: { type: "status", status: 429 } });
    const limited = await call(sim.url, "POST", "/api/tasks/me/with-session/nemo_agent", { token, body: {} });
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get("retry-after"), "30");
    assert.equal((await credits(sim, token)).json.code, 0);
  });

  it("delays answers with 'slow' and cuts downloads with 'cut'", async () => {
    sim.inject({ route: "credits", fault: { type: "slow", ms: 150 } });
    const t0 = Date.now();
    assert.equal((await credits(sim, token)).json.code, 0);
    assert.ok(Date.now() - t0 >= 140, "answer waited for the delay");
    sim.inject({ route: "blob", fault: { type: "cut", afterBytes: 100_000 } });
    const res = await fetch(`${sim.url}/__sim/blob?bytes=1000000`);
    assert.equal(res.headers.get("content-length"), "1000000");
    await assert.rejects(res.arrayBuffer());
  });

  it("drops the stream after n events while the turn still completes in the background", async () => {
    sim.inject({ route: "run_sse", fault: { type: "drop", afterEvents: 2 } });
    const run = await runSse(sim.url, token, sid, "an image of a castle");
    assert.equal(run.clean, false);
    assert.equal(parseSse(run.text).filter((b) => b.kind === "event").length, 2);
    await waitFor(async () => ((await getState(sim.url, token, sid)).generated_media as unknown[]).length > 0, "the turn finished in the background");
    assert.equal(((await getState(sim.url, token, sid)).generated_media as unknown[]).length, 1);
    const rec = sim.requests.find((r) => r.route === "run_sse");
    assert.equal(rec?.aborted, false, "a server-side drop is not a client abort");
  });

  it("stalls with heartbeats only, then closes with nothing and no state change", async () => {
    sim.inject({ route: "run_sse", fault: { type: "stall", ms: 60_000 } });
    const run = await runSse(sim.url, token, sid, "an image of a castle");
    const blocks = parseSse(run.text);
    assert.ok(blocks.length >= 10);
    assert.ok(blocks.every((b) => b.kind === "comment" || b.kind === "empty"), JSON.stringify(blocks.filter((b) => b.kind !== "comment" && b.kind !== "empty")).slice(0, 400));
    assert.deepEqual((await getState(sim.url, token, sid)).generated_media, []);
  });

  it("sends a malformed event amid good ones, in-stream errors, silent closes and XSS text", async () => {
    sim.inject({ route: "run_sse", fault: { type: "malformed" } });
    const bad = parseSse((await runSse(sim.url, token, sid, "hello")).text);
    assert.equal(bad.filter((b) => b.kind === "malformed").length, 1);
    assert.ok(bad.filter((b) => b.kind === "event").length > 2);

    sim.inject({ route: "run_sse", fault: { type: "stream-error", message: "agent crashed" } });
    const err = parseSse((await runSse(sim.url, token, sid, "hello")).text).filter((b) => b.kind === "event");
    assert.deepEqual(err[err.length - 1].event, { error: "agent crashed" });

    sim.inject({ route: "run_sse", fault: { type: "silent-close" } });
    const silent = parseSse((await runSse(sim.url, token, sid, 'add a title "Quiet"')).text);
    assert.equal(texts(silent).partial + texts(silent).finals.join(""), "");
    const draft = (await getState(sim.url, token, sid)).draft as { t: { tt: number; sg: { m: { text?: string } }[] }[] };
    assert.equal(draft.t.find((t) => t.tt === 7)?.sg[0].m.text, "Quiet");

    sim.inject({ route: "run_sse", fault: { type: "xss" } });
    const xss = texts(parseSse((await runSse(sim.url, token, sid, "hello")).text));
    for (const payload of XSS_PAYLOADS) assert.ok(xss.partial.includes(payload), payload);
  });

  it("fails renders with 'render-failed': mid-render on submit, at once on poll; faults over HTTP too", async () => {
    const draft = { t: [{ tt: 0, sg: [{ id: "seg1", s: 0, d: 2000, m: { name: "clip" } }] }] };
    const submit = (id: string) => call(sim.url, "POST", "/api/render/proxy/lambda", { token, body: { id, sessionId: sid, draft } });
    const poll = async (id: string) => (await call(sim.url, "GET", `/api/render/proxy/lambda/${id}`, { token })).json as unknown as Record<string, unknown>;

    sim.inject({ route: "render-submit", fault: { type: "render-failed", message: "Lambda out of memory" } });
    assert.equal((await submit("render_1")).json.code, 0, "the job is accepted");
    const seen: string[] = [];
    let view: Record<string, unknown> = {};
    for (let i = 0; i < 500 && view.status !== "failed"; i++) {
      view = await poll("render_1");
      if (seen.at(-1) !== view.status) seen.push(String(view.status));
      await new Promise((r) => setTimeout(r, 2));
    }
    assert.equal(view.status, "failed");
    assert.equal(view.error, "Lambda out of memory");
    assert.ok(!seen.includes("completed"), seen.join(","));
    assert.equal((await call(sim.url, "GET", "/api/render/proxy/render_1/download", { token })).status, 409);

    const queued = await fetch(`${sim.url}/__sim/faults`, { method: "POST", body: JSON.stringify({ route: "render-poll", fault: { type: "render-failed" } }) });
    assert.equal(queued.status, 200);
    assert.equal((await fetch(`${sim.url}/__sim/faults`, { method: "POST", body: '{"route":"credits","fault":{"type":"render-failed"}}' })).status, 200);
    assert.equal((await credits(sim, token)).json.code, 0, "render-failed does not act on other routes");
    sim.clearFaults();
    await fetch(`${sim.url}/__sim/faults`, { method: "POST", body: JSON.stringify({ route: "render-poll", fault: { type: "render-failed" } }) });
    assert.equal((await submit("render_2")).json.code, 0);
    const failed = await poll("render_2");
    assert.equal(failed.status, "failed");
    assert.equal(failed.error, "Simulated render failure");
    assert.equal((await poll("render_2")).status, "failed", "it stays failed");
  });

  it("serves the control API over HTTP: faults, requests, uploads, credits, reset, health", async () => {
    const health = await (await fetch(`${sim.url}/__sim/health`)).json();
    assert.equal(health.data.ok, true);
    const post = await fetch(`${sim.url}/__sim/faults`, { method: "POST", body: JSON.stringify({ route: "credits", times: 3, fault: { type: "code", code: 2001 } }) });
    assert.equal((await post.json()).data.queued[0].times, 3);
    assert.equal((await fetch(`${sim.url}/__sim/faults`, { method: "POST", body: '{"route":"nope","fault":{"type":"xss"}}' })).status, 400);
    assert.equal((await credits(sim, token)).json.code, 2001);
    await fetch(`${sim.url}/__sim/faults`, { method: "DELETE" });
    assert.equal((await credits(sim, token)).json.code, 0);

    await fetch(`${sim.url}/__sim/credits`, { method: "POST", body: JSON.stringify({ available: 7 }) });
    assert.equal((await credits(sim, token)).json.data.available, 7);
    assert.equal(JSON.parse((await runSse(sim.url, token, sid, "make a video")).text).code, 2001);

    await fetch(`${sim.url}/api/credits/balance/simple`, { headers: { Authorization: `Bearer ${token}` } });
    const log = (await (await fetch(`${sim.url}/__sim/requests`)).json()).data as { path: string; route: string; missingSkillHeaders: string[]; bodyBytes: number; headers: Record<string, string> }[];
    assert.ok(log.every((r) => r.route !== "control"), "control calls are not recorded");
    const last = log[log.length - 1];
    assert.deepEqual(last.missingSkillHeaders, ["x-skill-source", "x-skill-version", "x-skill-platform"]);
    const session = log.find((r) => r.route === "create-session");
    assert.equal(session?.headers["x-skill-platform"], "test");
    assert.ok((session?.bodyBytes ?? 0) > 10);
    assert.deepEqual((await (await fetch(`${sim.url}/__sim/uploads`)).json()).data, []);

    await fetch(`${sim.url}/__sim/reset`, { method: "POST" });
    assert.equal((await credits(sim, token)).json.code, 1001);
    assert.equal(sim.requests.length, 1);
  });

  it("records client aborts and ends open streams on close()", async () => {
    const ctl = new AbortController();
    const res = await fetch(`${sim.url}/run_sse`, { method: "POST", signal: ctl.signal, headers: { ...SKILL, Authorization: `Bearer ${token}` }, body: JSON.stringify(sseBody(sid, "an image of a ship")) });
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    ctl.abort();
    await waitFor(() => sim.requests.some((r) => r.route === "run_sse" && r.aborted), "the simulator recorded the abort");

    const other = await startSimulator({ timeScale: 0.001 });
    const t2 = await newToken(other.url);
    const s2 = await newSession(other.url, t2);
    other.inject({ route: "run_sse", fault: { type: "stall", ms: 3_600_000 } });
    let streaming: () => void = () => undefined;
    const started = new Promise<void>((resolve) => (streaming = resolve));
    const pending = runSse(other.url, t2, s2, "hello", () => streaming());
    await started; // the first heartbeat arrived: the stream is open
    await other.close();
    const run = await pending;
    assert.ok(parseSse(run.text).every((b) => b.kind !== "event"));
  });

  it("runs as a CLI: prints the URL first and exits cleanly on SIGTERM", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "test/sim/main.ts", "--port", "0", "--seed", "3"], { stdio: ["ignore", "pipe", "inherit"] });
    const first = await new Promise<string>((resolve) => child.stdout.once("data", (d: Buffer) => resolve(d.toString().split("\n")[0])));
    assert.match(first, /^Simulator listening on http:\/\/127\.0\.0\.1:\d+$/);
    const url = first.replace("Simulator listening on ", "");
    assert.equal((await (await fetch(`${url}/__sim/health`)).json()).data.seed, 3);
    const code = await new Promise<number | null>((resolve) => {
      child.once("exit", (c) => resolve(c));
      child.kill("SIGTERM");
    });
    assert.equal(code, 0);
  });
});
