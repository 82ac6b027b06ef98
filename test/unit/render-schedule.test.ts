import assert from "node:assert/strict";
import { RenderPollSchedule } from "../../src/core/render";

const TIMING = { renderFirstPollMs: 3_000, renderPollMs: 10_000, renderSlowPollMs: 30_000, renderMaxWaitMs: 600_000 };

/** Drive a schedule: `answer(n)` is what poll n (1-based) says; returns the waits until it stops or `done(n)`. */
function run(answer: (n: number, at: number) => { percent?: number; status?: string }, done: (n: number) => boolean, timing = TIMING): { waits: number[]; stoppedAt: number } {
  const s = new RenderPollSchedule(timing, 0);
  let now = 0;
  const waits: number[] = [];
  for (let n = 1; n <= 1000; n++) {
    const d = s.nextDelay(now);
    if (d === undefined) break;
    waits.push(d);
    now += d;
    const a = answer(n, now);
    s.observe(now, a.percent, a.status);
    if (done(n)) break;
  }
  return { waits, stoppedAt: now };
}

describe("render poll schedule", () => {
  it("checks 3 s after the submit, then every 10 s while the percentage moves", () => {
    const { waits } = run((n) => ({ percent: n * 5, status: "processing" }), (n) => n === 8);
    assert.deepEqual(waits, [3_000, 10_000, 10_000, 10_000, 10_000, 10_000, 10_000, 10_000]);
  });

  it("backs off towards 30 s while nothing moves, and returns to 10 s on news", () => {
    const { waits } = run((n) => (n < 6 ? { percent: 0, status: "pending" } : { percent: 40, status: "processing" }), (n) => n === 7);
    assert.deepEqual(waits, [3_000, 10_000, 15_000, 22_500, 30_000, 30_000, 10_000]);
  });

  it("stops at the expected time (10 min) when nothing moves", () => {
    const { waits, stoppedAt } = run(() => ({ status: "processing" }), () => false);
    assert.ok(stoppedAt <= 600_000, String(stoppedAt));
    assert.ok(stoppedAt > 600_000 - 30_000, String(stoppedAt));
    assert.equal(waits.at(-1), 30_000);
  });

  it("waits longer for a slow render that keeps moving: up to 1.5× its projected end, at most 3 × 10 min", () => {
    // 1 % a minute: projected end 100 min; the bound is 30 min.
    const slow = run((_n, at) => ({ percent: Math.floor(at / 60_000), status: "processing" }), () => false);
    assert.ok(slow.stoppedAt > 600_000 && slow.stoppedAt <= 1_800_000, String(slow.stoppedAt));
    // 10 % a minute: projected end 10 min; 1.5× that is 15 min.
    const steady = run((_n, at) => ({ percent: Math.min(99, Math.floor(at / 6_000)), status: "processing" }), () => false);
    assert.ok(steady.stoppedAt > 600_000 && steady.stoppedAt <= 900_000 + 10_000, String(steady.stoppedAt));
  });

  it("a failed poll counts as no news", () => {
    const s = new RenderPollSchedule(TIMING, 0);
    assert.equal(s.nextDelay(0), 3_000);
    s.observe(3_000, 10, "processing");
    assert.equal(s.nextDelay(3_000), 10_000);
    s.failed();
    assert.equal(s.nextDelay(13_000), 15_000);
  });
});
