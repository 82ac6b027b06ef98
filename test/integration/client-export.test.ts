import * as assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startSimulator, type Simulator } from "../sim/index";
import { CancelledError, CreditsError, InputError, NemoError } from "../../src/core/errors";
import { timelineTitle } from "../../src/core/render";
import { ExportRecords } from "../../src/core/render";
import { slugName } from "../../src/core/media";
import type { ExportProgress } from "../../src/core/types";
import { makeClient, rejection, type TestClient } from "./client-helpers";

describe("client (sim): export", function () {
  this.timeout(60_000);
  let sim: Simulator;
  let dir: string;
  let t: TestClient;

  before(async () => {
    sim = await startSimulator({ timeScale: 0.002, seed: 5, silentCloseRate: 0 });
  });
  after(async () => sim.close());
  beforeEach(async () => {
    sim.reset();
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "nemo-exp-"));
    t = makeClient(sim.url);
  });
  afterEach(async () => fs.rm(dir, { recursive: true, force: true }));

  async function withDraft(): Promise<void> {
    await t.client.chat("generate a video of a city timelapse at night");
    const state = await t.client.state();
    assert.ok(state.draft && state.draft.tracks.length > 0, "the agent made a draft");
  }
  const count = (route: string): number => sim.requests.filter((r) => r.route === route).length;
  /** A fresh reader of the workspace store, as a reloaded window would read it. */
  const pending = () => new ExportRecords(t.workspaceStore).pending();
  const records = () => new ExportRecords(t.workspaceStore).list();
  const leftovers = async (): Promise<string[]> => (await fs.readdir(dir)).filter((f) => f.endsWith(".part"));

  it("renders and downloads an MP4 end to end", async () => {
    await withDraft();
    const ids: string[] = [];
    const stages: ExportProgress[] = [];
    const result = await t.client.exportVideo({
      outDir: dir,
      fileName: "city.mp4",
      onRenderId: (id) => ids.push(id),
      onProgress: (p) => stages.push(p),
    });
    assert.equal(ids.length, 1);
    assert.match(ids[0], /^render_\d{13}$/);
    assert.equal(result.renderId, ids[0]);
    assert.equal(result.filePath, path.join(dir, "city.mp4"));
    const bytes = await fs.readFile(result.filePath);
    assert.equal(bytes.length, result.bytes);
    assert.equal(bytes.subarray(4, 8).toString("latin1"), "ftyp");
    const order = [...new Set(stages.map((s) => s.stage))];
    assert.deepEqual(order, ["precheck", "submitting", "rendering", "downloading", "done"]);
    assert.ok(stages.filter((s) => s.percent !== undefined).every((s) => (s.percent ?? -1) >= 0 && (s.percent ?? 101) <= 100));
    assert.deepEqual(await leftovers(), []);
    assert.equal(await pending(), undefined);
    const [rec] = await records();
    assert.equal(rec.state, "done");
    assert.equal(rec.filePath, result.filePath);
    assert.equal(rec.renderId, result.renderId);
    assert.equal(count("render-download"), 0);
  });

  it("names the MP4 after the timeline's title when the draft has one", async () => {
    await t.client.chat("generate an image of a lighthouse");
    const title = timelineTitle((await t.client.state()).draft);
    assert.ok(title, "the image turn adds a title");
    const result = await t.client.exportVideo({ outDir: dir });
    assert.equal(path.basename(result.filePath), `${slugName(title)}.mp4`);
    const again = await t.client.exportVideo({ outDir: dir });
    assert.equal(path.basename(again.filePath), `${slugName(title)}-2.mp4`, "never overwritten");
  });

  it("refuses to export an empty session without submitting", async () => {
    const err = await rejection(() => t.client.exportVideo({ outDir: dir }));
    assert.ok(err instanceof InputError && err.code === "NO_DRAFT");
    assert.equal(err.userMessage, "Nothing to export yet — generate something first.");
    assert.equal(count("render-submit"), 0);
  });

  it("retries a failed submit once with a new id", async () => {
    await withDraft();
    sim.inject({ route: "render-submit", fault: { type: "status", status: 500 } });
    const ids: string[] = [];
    const result = await t.client.exportVideo({ outDir: dir, onRenderId: (id) => ids.push(id) });
    assert.equal(ids.length, 2);
    assert.notEqual(ids[0], ids[1]);
    assert.equal(result.renderId, ids[1]);
    assert.equal(count("render-submit"), 2);
    assert.ok(sim.requests.filter((r) => r.route === "render-poll").every((r) => r.path.endsWith(ids[1])));
    assert.match(path.basename(result.filePath), /^export-\d{8}-\d{6}\.mp4$/);
  });

  it("a render that reports failed is retried once as a whole with a new id", async () => {
    await withDraft();
    sim.inject({ route: "render-submit", fault: { type: "render-failed" } });
    const ids: string[] = [];
    const statuses: string[] = [];
    const result = await t.client.exportVideo({
      outDir: dir,
      onRenderId: (id) => ids.push(id),
      onProgress: (p) => p.stage === "rendering" && p.status && statuses.push(p.status),
    });
    assert.equal(ids.length, 2);
    assert.notEqual(ids[0], ids[1]);
    assert.equal(result.renderId, ids[1]);
    assert.ok(statuses.includes("failed") && statuses.at(-1) === "completed", statuses.join(","));
    assert.equal(count("render-submit"), 2);
    const polls = sim.requests.filter((r) => r.route === "render-poll");
    assert.ok(polls.some((r) => r.path.endsWith(ids[0])) && polls.at(-1)?.path.endsWith(ids[1]));
    assert.equal((await fs.readFile(result.filePath)).subarray(4, 8).toString("latin1"), "ftyp");
    assert.equal(await pending(), undefined);
  });

  it("two failed renders: RENDER_FAILED after exactly one retry, nothing downloaded", async () => {
    await withDraft();
    sim.inject({ route: "render-poll", times: 2, fault: { type: "render-failed", message: "Lambda out of memory" } });
    const ids: string[] = [];
    const err = await rejection(() => t.client.exportVideo({ outDir: dir, onRenderId: (id) => ids.push(id) }));
    assert.ok(err instanceof NemoError && err.code === "RENDER_FAILED", String(err));
    assert.equal(err.userMessage, `The render failed (${ids[1]}).`);
    assert.match(err.nextStep ?? "", /Try the export again/);
    assert.equal(ids.length, 2);
    assert.equal(count("render-submit"), 2);
    assert.equal(count("render-poll"), 2, "each job fails at its first poll");
    assert.equal(sim.requests.filter((r) => r.route === "render-download" || r.route === "media").length, 0);
    assert.deepEqual(await fs.readdir(dir), []);
    assert.equal(await pending(), undefined, "a failed render is not resumable");
    assert.equal((await records())[0].state, "failed");
  });

  it("402 on submit: the subscription message, no retry", async () => {
    await withDraft();
    sim.inject({ route: "render-submit", fault: { type: "status", status: 402 } });
    const err = await rejection(() => t.client.exportVideo({ outDir: dir }));
    assert.ok(err instanceof CreditsError && err.code === "EXPORT_BLOCKED");
    assert.equal(err.userMessage, "Export is not available on the free plan — a subscription matter, not credits.");
    assert.equal(count("render-submit"), 1);
  });

  it("falls back to the proxy download after a cut download, leaving no temp file", async () => {
    await withDraft();
    sim.inject({ route: "media", fault: { type: "cut", afterBytes: 100 } });
    const result = await t.client.exportVideo({ outDir: dir, fileName: "cut.mp4" });
    assert.equal(count("media"), 1);
    const fallback = sim.requests.filter((r) => r.route === "render-download");
    assert.equal(fallback.length, 1);
    assert.match(fallback[0].headers.authorization ?? "", /^Bearer /);
    const bytes = await fs.readFile(result.filePath);
    assert.equal(bytes.subarray(4, 8).toString("latin1"), "ftyp");
    assert.deepEqual(await fs.readdir(dir), ["cut.mp4"]);
  });

  it("leaves nothing behind when both downloads fail", async () => {
    await withDraft();
    sim.inject({ route: "media", fault: { type: "cut", afterBytes: 50 } });
    sim.inject({ route: "render-download", fault: { type: "cut", afterBytes: 50 } });
    const err = await rejection(() => t.client.exportVideo({ outDir: dir, fileName: "x.mp4" }));
    assert.ok(err instanceof NemoError && err.code === "DOWNLOAD_FAILED", String(err));
    assert.deepEqual(await fs.readdir(dir), []);
  });

  it("never overwrites: a second export gets a new name; traversal names stay in the folder", async () => {
    await withDraft();
    const first = await t.client.exportVideo({ outDir: dir, fileName: "same.mp4" });
    const second = await t.client.exportVideo({ outDir: dir, fileName: "same.mp4" });
    assert.equal(path.basename(first.filePath), "same.mp4");
    assert.equal(path.basename(second.filePath), "same-2.mp4");
    const evil = await t.client.exportVideo({ outDir: dir, fileName: "../../etc/passwd" });
    assert.equal(evil.filePath, path.join(dir, "passwd.mp4"));
    const con = await t.client.exportVideo({ outDir: dir, fileName: "CON" });
    assert.equal(con.filePath, path.join(dir, "_CON.mp4"));
    assert.deepEqual((await fs.readdir(dir)).sort(), ["_CON.mp4", "passwd.mp4", "same-2.mp4", "same.mp4"]);
  });

  it("resumes a render by id after the first attempt was cancelled", async () => {
    await withDraft();
    const ac = new AbortController();
    let renderId = "";
    const err = await rejection(() =>
      t.client.exportVideo({
        outDir: dir,
        signal: ac.signal,
        onRenderId: (id) => (renderId = id),
        onProgress: (p) => p.stage === "rendering" && ac.abort(),
      }),
    );
    assert.ok(err instanceof CancelledError);
    assert.ok(renderId);
    assert.equal((await pending())?.renderId, renderId);
    assert.equal((await pending())?.state, "interrupted");
    const submits = count("render-submit");
    const result = await t.client.resumeExport(renderId, { outDir: dir });
    assert.equal(result.renderId, renderId);
    assert.equal(count("render-submit"), submits, "no new submit");
    assert.equal((await fs.readFile(result.filePath)).subarray(4, 8).toString("latin1"), "ftyp");
    assert.equal(await pending(), undefined);
    const all = await records();
    assert.equal(all.length, 1, "the resume updated the same record");
    assert.equal(all[0].state, "done");
  });
});
