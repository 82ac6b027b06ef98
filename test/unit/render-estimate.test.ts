// The progress shown between the service's render checks (core/render/estimate.ts): it moves with
// the elapsed time, is marked as an estimate, gives way to the service's own number when that is
// ahead, and never claims done.
import { strict as assert } from "node:assert";
import { ESTIMATE_CAP_PERCENT, RenderProgress, TYPICAL_RENDER_MS, elapsedClock, estimatedPercent, renderEstimate } from "../../src/core/render";

describe("render estimate", () => {
  it("moves between two checks 30 s apart: a different number at every few seconds", () => {
    const start = 1_000_000;
    const shown = [3, 10, 20, 30, 33].map((s) => renderEstimate(start, start + s * 1000, 12));
    // The service said 12 % at 3 s; from then on the estimate is ahead and moves.
    assert.equal(shown[0].estimated, false);
    assert.equal(shown[0].percent, 12);
    for (let i = 2; i < shown.length; i++) {
      assert.ok(shown[i].percent > shown[i - 1].percent, `${shown[i].percent} after ${shown[i - 1].percent}`);
      assert.equal(shown[i].estimated, true);
    }
    assert.equal(shown[3].percent, 40); // "about 40 % (estimate) · 0:30"
    assert.equal(elapsedClock(shown[3].elapsedMs), "0:30");
  });

  it("is linear to 80 % at the typical time, then keeps closing in on 99 % and never says done", () => {
    assert.equal(estimatedPercent(TYPICAL_RENDER_MS / 2), 40);
    assert.equal(estimatedPercent(TYPICAL_RENDER_MS), 80);
    let last = 80;
    for (const t of [1.5, 2, 3, 5]) {
      const p = estimatedPercent(t * TYPICAL_RENDER_MS);
      assert.ok(p > last && p <= ESTIMATE_CAP_PERCENT, `${p} at ${t}× the typical time`);
      last = p;
    }
    assert.equal(estimatedPercent(100 * TYPICAL_RENDER_MS), ESTIMATE_CAP_PERCENT);
    assert.equal(estimatedPercent(-5), 0);
  });

  it("shows the service's number, unmarked, when it is ahead of the estimate", () => {
    assert.deepEqual(renderEstimate(0, 10_000, 85), { percent: 85, estimated: false, elapsedMs: 10_000 });
    assert.equal(renderEstimate(0, 10_000, 100).percent, ESTIMATE_CAP_PERCENT, "only the finished job says done");
    assert.equal(renderEstimate(0, 10_000, Number.NaN).estimated, true);
    assert.equal(renderEstimate(5_000, 1_000).elapsedMs, 0, "a clock that went back counts no time");
  });

  it("a fast render the service is ahead on keeps moving between checks at the service's pace, marked, never done", () => {
    const start = 0;
    // The demo's 25-s render: 12 % at 3 s, checked again 10 s later.
    const at = (s: number) => renderEstimate(start, s * 1000, { percent: 12, atMs: 3_000 });
    assert.deepEqual(at(3), { percent: 12, estimated: false, elapsedMs: 3_000 });
    const shown = [4, 6, 8, 10, 12].map(at);
    for (let i = 0; i < shown.length; i++) {
      assert.equal(shown[i].estimated, true);
      assert.ok(shown[i].percent > (i === 0 ? 12 : shown[i - 1].percent), JSON.stringify(shown));
    }
    // At the pace it showed (4 %/s) it would be at 48 % after 12 s; slowing towards 99 %, a little less.
    assert.ok(shown[4].percent >= 40 && shown[4].percent <= 48, JSON.stringify(shown[4]));
    const late = renderEstimate(start, 10 * 60_000, { percent: 12, atMs: 3_000 });
    assert.ok(late.percent >= 97 && late.percent <= ESTIMATE_CAP_PERCENT && late.estimated, JSON.stringify(late));
    // Without an arrival time, or when the typical-time estimate is ahead, the rules above hold.
    assert.deepEqual(renderEstimate(start, 10_000, { percent: 85, atMs: 0 }), { percent: 85, estimated: false, elapsedMs: 10_000 });
    assert.equal(renderEstimate(start, 30_000, { percent: 12, atMs: 29_000 }).percent, 40);
    assert.equal(renderEstimate(start, 30_000, { percent: undefined, atMs: 29_000 }).percent, 40);
  });

  it("one render's progress over time: a repeated number keeps its arrival time, a lower check never moves the number back", () => {
    const p = new RenderProgress(0);
    p.report(12, 3_000);
    assert.deepEqual(p.at(3_000), { percent: 12, estimated: false, elapsedMs: 3_000 });
    p.report(12, 8_000); // the same number again: still carried on from 3 s
    const before = p.at(9_000);
    assert.deepEqual(before, renderEstimate(0, 9_000, { percent: 12, atMs: 3_000 }));
    p.report(20, 10_000); // the service says less than was shown
    const after = p.at(10_000);
    assert.ok(before.percent > 20, JSON.stringify(before));
    assert.deepEqual(after, { percent: before.percent, estimated: true, elapsedMs: 10_000 }, "kept, marked as an estimate");
    p.report(undefined, 11_000); // no number: the last one stands
    assert.ok(p.at(11_000).percent >= after.percent);
  });

  it("writes the elapsed time as m:ss", () => {
    assert.equal(elapsedClock(41_900), "0:41");
    assert.equal(elapsedClock(725_000), "12:05");
  });
});
