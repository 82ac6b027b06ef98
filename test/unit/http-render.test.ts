import * as assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { NemoError } from "../../src/core/errors";
import { normalisePercent, parseRenderStatus } from "../../src/core/render";
import type { ExportProgress } from "../../src/core/types";
import { makeClient, rejection, scriptedServer, type Seen } from "../integration/client-helpers";

const DRAFT = { t: [{ tt: 0, sg: [{ d: 3000, m: { name: "clip" } }] }] };
const json = (body: unknown) => ({ body: JSON.stringify(body) });

describe("http render flow (scripted server)", () => {
  let srv: Awaited<ReturnType<typeof scriptedServer>>;
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "nemo-render-"));
  });
  afterEach(async () => {
    await srv?.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  function renderServer(statusFor: (renderId: string, pollNo: number) => unknown) {
    const polls = new Map<string, number>();
    return scriptedServer([], (req: Seen) => {
      if (req.url.startsWith("/api/state/")) return json({ code: 0, data: { state: { draft: DRAFT } } });
      if (req.url === "/api/render/proxy/lambda") return json({ code: 0, data: { status: "pending" } });
      const poll = /^\/api\/render\/proxy\/lambda\/(.+)$/.exec(req.url);
      if (poll) {
        const n = (polls.get(poll[1]) ?? 0) + 1;
        polls.set(poll[1], n);
        return json(statusFor(poll[1], n));
      }
      if (req.url === "/out.mp4") return { type: "video/mp4", body: "\0\0\0\x18ftypmp42-data" };
      return undefined;
    });
  }

  it("retries a failed render once as a whole with a new id, normalising progress", async () => {
    let failedId = "";
    srv = await renderServer((id, n) => {
      if (!failedId) failedId = id;
      if (id === failedId) return { code: 0, data: { status: "failed" } };
      // Top-level fields, bare or next to an envelope code without `data` (NEMO_API.md: top-level `status`).
      return n < 2 ? { status: "processing", progress: 0.5 } : { code: 0, message: "success", status: "completed", output: { url: "/out.mp4" } };
    });
    const t = makeClient(srv.url, { env: { NEMO_TOKEN: "nmv_usr_t" } });
    const ids: string[] = [];
    const progress: ExportProgress[] = [];
    const result = await t.client.exportVideo({ outDir: dir, fileName: "r.mp4", onRenderId: (id) => ids.push(id), onProgress: (p) => progress.push(p) });
    assert.equal(ids.length, 2);
    assert.notEqual(ids[0], ids[1]);
    assert.equal(result.renderId, ids[1]);
    assert.ok(progress.some((p) => p.stage === "rendering" && p.status === "processing" && p.percent === 50));
    assert.equal((await fs.readFile(result.filePath)).subarray(4, 8).toString("latin1"), "ftyp");
    const download = srv.seen.find((s) => s.url === "/out.mp4");
    assert.equal(download?.headers.authorization, "Bearer nmv_usr_t", "same origin as the API: authenticated");
  });

  it("gives up with RENDER_FAILED after the retry also fails", async () => {
    srv = await renderServer(() => ({ status: "failed" }));
    const t = makeClient(srv.url, { env: { NEMO_TOKEN: "nmv_usr_t" } });
    const err = await rejection(() => t.client.exportVideo({ outDir: dir }));
    assert.ok(err instanceof NemoError && err.code === "RENDER_FAILED");
    assert.equal(srv.seen.filter((s) => s.url === "/api/render/proxy/lambda").length, 2);
  });

  it("stops polling at the render's expected time, backing off while nothing moves, and says the render can be resumed", async () => {
    srv = await renderServer(() => ({ status: "processing", progress: 10 }));
    const timing = { renderFirstPollMs: 1, renderPollMs: 2, renderSlowPollMs: 4, renderMaxWaitMs: 20 };
    const t = makeClient(srv.url, { env: { NEMO_TOKEN: "nmv_usr_t" }, timing });
    const err = await rejection(() => t.client.exportVideo({ outDir: dir }));
    assert.ok(err instanceof NemoError && err.code === "TIMEOUT");
    assert.match(err.nextStep ?? "", /resume/);
    const polls = srv.seen.filter((s) => s.url.startsWith("/api/render/proxy/lambda/")).length;
    const sleeps = t.clock.sleeps.slice(-polls);
    // 1 (soon), 2 (the first answer is news), then no news: 3, 4, 4, … never past the bound (3 × 20 ms at most).
    assert.deepEqual(sleeps.slice(0, 3), [1, 2, 3].slice(0, Math.min(3, polls)));
    assert.ok(sleeps.slice(3).every((ms) => ms === 4), JSON.stringify(sleeps));
    assert.ok(sleeps.reduce((a, b) => a + b, 0) <= 60, JSON.stringify(sleeps));
  });

  it("normalises progress given as a fraction or a percentage", () => {
    assert.equal(normalisePercent(0.25), 25);
    assert.equal(normalisePercent(42), 42);
    assert.equal(normalisePercent(250), 100);
    assert.equal(normalisePercent(-1), undefined);
    assert.equal(normalisePercent(undefined), undefined);
    assert.equal(normalisePercent(1), 1, "a bare 1 is 1 %");
  });

  it("reads every documented render-status shape (one parser)", () => {
    const url = "https://cdn.example/out.mp4";
    assert.deepEqual(parseRenderStatus({ status: "processing", progress: 40 }), { phase: "processing", status: "processing", percent: 40 });
    assert.deepEqual(parseRenderStatus({ code: 0, status: "completed", output: { url } }), { phase: "completed", status: "completed", percent: 100, url });
    assert.deepEqual(parseRenderStatus({ success: true, data: { id: "r", status: "processing", progress: 0.4, outputUrl: null, createdAt: "x", completedAt: null } }), {
      phase: "processing",
      status: "processing",
      percent: 40,
    });
    assert.deepEqual(parseRenderStatus({ success: true, data: { id: "r", status: "completed", outputUrl: url } }).url, url);
    assert.deepEqual(parseRenderStatus({ output: { url } }), { phase: "completed", status: "completed", percent: 100, url }, "a URL without a status is finished");
    assert.deepEqual(parseRenderStatus({ outputUrl: url }).phase, "completed");
    assert.equal(parseRenderStatus({ status: "PENDING" }).phase, "pending");
    assert.equal(parseRenderStatus({ status: "error", output: { url } }).phase, "failed");
    assert.equal(parseRenderStatus({ status: "cancelled" }).phase, "failed");
    assert.deepEqual(parseRenderStatus("garbage"), { phase: "processing" });
    assert.deepEqual(parseRenderStatus({ status: 7, progress: "abc" }), { phase: "processing" }, "bad fields are ignored, not fatal");
  });
});
