import * as assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { startSimulator, type Simulator } from "../sim/index";
import { CancelledError, NemoError } from "../../src/core/errors";
import { StoreKeys } from "../../src/core/support";
import type { ChatEvent } from "../../src/core/types";
import { assertNoTokens, makeClient, rejection, waitFor } from "./client-helpers";

describe("client (sim): chat, generate and media downloads", function () {
  this.timeout(60_000);
  let sim: Simulator;
  let dir: string;
  before(async () => {
    sim = await startSimulator({ timeScale: 0.002, seed: 9, silentCloseRate: 0, trailingIssueRate: 0 });
  });
  after(async () => sim.close());
  beforeEach(async () => {
    sim.reset();
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "nemo-chat-"));
  });
  afterEach(async () => fs.rm(dir, { recursive: true, force: true }));

  it("sends one /run_sse with the SSE headers and streams the answer", async () => {
    const t = makeClient(sim.url);
    const events: ChatEvent[] = [];
    const result = await t.client.chat("hello, what can you do?", { onEvent: (e) => events.push(e) });
    assert.equal(result.outcome, "completed");
    assert.ok(result.text.length > 0);
    assert.ok(events.some((e) => e.type === "text"));
    const sse = sim.requests.filter((r) => r.route === "run_sse");
    assert.equal(sse.length, 1);
    assert.equal(sse[0].headers.accept, "text/event-stream");
    assert.match(sse[0].headers["content-type"] ?? "", /^application\/json/);
    assert.deepEqual(sse[0].missingSkillHeaders, []);
  });

  it("generate(): downloads every new media item into the folder", async () => {
    const t = makeClient(sim.url);
    const progress: string[] = [];
    const result = await t.client.generate("generate an image of a sunset over a mountain lake", {
      outDir: dir,
      onDownloadProgress: (p) => progress.push(p.media.url),
    });
    assert.ok(result.newMedia.length >= 1, "the sim generated media");
    assert.equal(result.files.length, result.newMedia.length);
    for (const file of result.files) {
      assert.equal(path.dirname(file), dir);
      assert.ok((await fs.stat(file)).size > 0);
      assert.match(path.extname(file), /^\.(png|jpg|jpeg|webp|gif|mp4|mov|webm)$/);
    }
    assert.ok(progress.length >= result.files.length);
    assert.ok((await fs.readdir(dir)).every((f) => !f.endsWith(".part")));
  });

  it("generate() with kind frames a bare description, so the agent makes an image instead of chatting", async () => {
    const t = makeClient(sim.url);
    // Words the demo simulator answers in words when sent as typed (it reads plain descriptions as prompts).
    const plain = await t.client.generate("describe a red fox in snow", { outDir: dir });
    assert.equal(plain.files.length, 0, "sent as typed, the sim treats it as chat");
    const framed = await t.client.generate("describe a red fox in snow", { outDir: dir, kind: "image" });
    assert.ok(framed.files.length >= 1, "framed as an image request, media is made and saved");
    const png = await fs.readFile(framed.files[0]);
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  });

  it("1002 before the stream starts: new session, notice in the chat, the message is sent once to the new session", async () => {
    const t = makeClient(sim.url);
    const old = await t.client.ensureSession();
    sim.inject({ route: "run_sse", fault: { type: "code", code: 1002 } });
    const events: ChatEvent[] = [];
    await t.client.chat("hello there", { onEvent: (e) => events.push(e) });
    const now = await t.client.currentSession();
    assert.ok(now && now.sessionId !== old.sessionId);
    assert.equal(sim.requests.filter((r) => r.route === "run_sse").length, 2);
    assert.ok(events.some((e) => e.type === "notice" && /previous session expired/.test(e.message)));
  });

  it("429 before the stream starts: one wait, then the message goes through", async () => {
    const t = makeClient(sim.url);
    sim.inject({ route: "run_sse", fault: { type: "status", status: 429 } });
    const result = await t.client.chat("hello");
    assert.equal(result.outcome, "completed");
    assert.deepEqual(t.clock.sleeps.filter((ms) => ms === 10), [10]);
  });

  it("abort during a stream really aborts it", async () => {
    const t = makeClient(sim.url);
    await t.client.ensureSession();
    const ac = new AbortController();
    const p = t.client.chat("generate a video of waves", {
      signal: ac.signal,
      onEvent: (e) => (e.type === "text" || e.type === "heartbeat" || e.type === "tool") && ac.abort(),
    });
    const err = await rejection(() => p);
    assert.ok(err instanceof CancelledError, String(err));
    await waitFor(() => sim.requests.some((r) => r.route === "run_sse" && r.aborted), "the simulator saw the abort");
    const sse = sim.requests.filter((r) => r.route === "run_sse");
    assert.equal(sse.length, 1);
    assert.equal(sse[0].aborted, true);
  });

  it("downloads media with credentials only on the API origin", async () => {
    const seen: http.IncomingHttpHeaders[] = [];
    const cdn = http.createServer((req, res) => {
      seen.push(req.headers);
      res.writeHead(200, { "content-type": "image/png", "content-length": "4" });
      res.end("\x89PNG");
    });
    await new Promise<void>((r) => cdn.listen(0, "127.0.0.1", r));
    try {
      const cdnUrl = `http://127.0.0.1:${(cdn.address() as AddressInfo).port}/files/..%2F..%2Fevil%2Fshot`;
      const t = makeClient(sim.url);
      await t.client.ensureToken();
      const token = (await t.secrets.get(StoreKeys.token)) ?? "";
      const saved = await t.client.downloadMedia({ url: cdnUrl, kind: "image", key: "k" }, { outDir: dir });
      assert.equal(saved, path.join(dir, "shot.png"));
      assert.equal(seen.length, 1);
      assert.equal(seen[0].authorization, undefined);
      assert.equal(seen[0]["x-client-id"], undefined);
      const again = await t.client.downloadMedia({ url: cdnUrl, kind: "image", key: "k" }, { outDir: dir });
      assert.equal(again, path.join(dir, "shot-2.png"));
      assertNoTokens([saved, again, ...t.logger.lines], [token]);
    } finally {
      await new Promise<void>((r) => cdn.close(() => r()));
    }
  });

  it("a cut media download fails cleanly with no temp file", async () => {
    const t = makeClient(sim.url);
    const gen = await t.client.chat("generate an image of a red fox");
    assert.ok(gen.newMedia.length >= 1);
    sim.inject({ route: "media", fault: { type: "cut", afterBytes: 10 } });
    const err = await rejection(() => t.client.downloadMedia(gen.newMedia[0], { outDir: dir }));
    assert.ok(err instanceof NemoError && err.code === "DOWNLOAD_FAILED", String(err));
    assert.deepEqual(await fs.readdir(dir), []);
    const media = sim.requests.filter((r) => r.route === "media");
    assert.match(media.at(-1)?.headers.authorization ?? "", /^Bearer /, "same origin: credentials sent");
  });
});
