// The render poll schedule (src/core/render/schedule.ts) against the simulator's render clock: a
// render of `renderMs` whose percentage moves is checked every `renderPollMs` (10 s, scaled), so
// the export finishes at the first poll after the render's end. Assertions are on the polls the
// simulator saw and the waits the client asked for, never on how long anything took.
import * as assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { defaultTiming } from "../../src/core/api";
import type { ExportProgress } from "../../src/core/types";
import { startSimulator, type Simulator } from "../sim/index";
import { makeClient } from "./client-helpers";

const SCALE = 0.002;
const scaled = (ms: number): number => Math.round(ms * SCALE);
const RENDER_MS = 60_000; // a one-minute render in production time

describe("render polling against the simulator's render clock", function () {
  this.timeout(60_000);
  let sim: Simulator;
  let dir: string;
  before(async () => {
    sim = await startSimulator({ timeScale: SCALE, seed: 13, silentCloseRate: 0, renderMs: scaled(RENDER_MS) });
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "nemo-poll-"));
  });
  after(async () => {
    await sim.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it("checks soon, then every 10 s while the percentage moves, and finishes within one poll of the render's end", async () => {
    const timing = {
      renderFirstPollMs: scaled(defaultTiming.renderFirstPollMs),
      renderPollMs: scaled(defaultTiming.renderPollMs),
      renderSlowPollMs: scaled(defaultTiming.renderSlowPollMs),
      renderMaxWaitMs: scaled(defaultTiming.renderMaxWaitMs),
    };
    const t = makeClient(sim.url, { timing: { ...timing, rateLimitWaitMs: 10 } });
    await t.client.chat("generate a video of a harbour at dusk");
    const sleepsBefore = t.clock.sleeps.length;
    const progress: ExportProgress[] = [];
    const result = await t.client.exportVideo({ outDir: dir, onProgress: (p) => progress.push(p) });
    assert.ok((await fs.stat(result.filePath)).size > 0);

    const polls = sim.requests.filter((r) => r.route === "render-poll");
    const waits = t.clock.sleeps.slice(sleepsBefore);
    assert.equal(waits.length, polls.length, "one wait before each poll");
    assert.equal(waits[0], timing.renderFirstPollMs, "the first check comes soon after the submit");
    // What each poll said (the submit's answer comes first, then one per poll).
    const answers = progress.filter((p) => p.stage === "rendering").slice(1);
    assert.equal(answers.length, polls.length);
    for (let i = 1; i < answers.length; i++) {
      const moved = (answers[i - 1].percent ?? 0) > (answers[i - 2]?.percent ?? -1) || answers[i - 1].status !== answers[i - 2]?.status;
      if (moved) assert.equal(waits[i], timing.renderPollMs, `poll ${i + 1} after news waited ${waits[i]}: ${JSON.stringify(answers.map((a) => a.percent))}`);
    }
    // The last wait came after a moving percentage, so the export finished at most one
    // 10-s interval after the render's end; and no more polls than the render's length allows.
    assert.equal(waits.at(-1), timing.renderPollMs);
    assert.ok(polls.length <= Math.floor(RENDER_MS / defaultTiming.renderPollMs) + 2, `${polls.length} polls`);
    assert.equal(sim.requests.filter((r) => r.route === "render-download").length, 0, "the poll's URL was used");
  });
});
