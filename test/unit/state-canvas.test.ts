import assert from "node:assert/strict";
import { canvasLabel, canvasOf, normaliseRatio, parseState, summarizeDraft } from "../../src/core/state";

describe("canvas and segment metadata (canvas_config, m.title/width/height)", () => {
  it("reads canvas_config in the shapes seen: aspect_ratio, ratio, a number, or width and height only", () => {
    const of = (canvas_config: unknown) => canvasOf(parseState({ draft: { t: [] }, canvas_config }));
    assert.deepEqual(of({ width: 1920, height: 1080, aspect_ratio: "16:9" }), { width: 1920, height: 1080, ratio: "16:9" });
    assert.deepEqual(of({ width: 1080, height: 1920, ratio: "9:16", fps: 30 }), { width: 1080, height: 1920, ratio: "9:16" });
    assert.deepEqual(of({ width: "1280", height: "720" }), { width: 1280, height: 720, ratio: "16:9" });
    assert.deepEqual(of({ aspectRatio: 1.7778 }), { width: undefined, height: undefined, ratio: "16:9" });
    assert.deepEqual(of({ aspect_ratio: "4/3" }), { width: undefined, height: undefined, ratio: "4:3" });
    assert.equal(of({ width: -5, ratio: "wide" }), undefined);
    assert.equal(of("nonsense"), undefined);
    assert.equal(canvasOf(parseState({ draft: { t: [] } })), undefined);
    assert.equal(canvasOf(undefined), undefined);
  });

  it("labels the canvas as the Session view shows it", () => {
    assert.equal(canvasLabel({ width: 1920, height: 1080, ratio: "16:9" }), "1920×1080 · 16:9");
    assert.equal(canvasLabel({ ratio: "1:1" }), "1:1");
    assert.equal(canvasLabel({}), undefined);
    assert.equal(normaliseRatio("21x9"), "21:9");
    assert.equal(normaliseRatio(2.5), "2.5:1");
  });

  it("a segment's m.title names it, and m.width/height are kept", () => {
    const s = parseState({ draft: { t: [{ tt: 0, sg: [{ d: 5000, m: { title: "Harbour at dusk", width: 1920, height: 1080 } }] }] } });
    const seg = s.draft?.tracks[0].segments[0];
    assert.equal(seg?.name, "Harbour at dusk");
    assert.equal(seg?.width, 1920);
    assert.equal(seg?.height, 1080);
    assert.match(summarizeDraft(s.draft), /Harbour at dusk \(0-5s\)/);
  });
});
