import assert from "node:assert/strict";
import { diffStates, extractMedia, isExportReady, parseState, summarizeDraft } from "../../src/core/state";
import { randomJson, rng } from "./fuzz-helpers";

describe("fuzz: state", () => {
  it("parseState / summarizeDraft / extractMedia / diffStates never throw on random JSON (3000 cases)", () => {
    const r = rng(42);
    let prev = parseState(undefined);
    let sawDraft = 0;
    for (let i = 0; i < 3000; i++) {
      const raw = r() < 0.5 ? randomJson(r) : { draft: { t: randomJson(r) }, generated_media: randomJson(r) };
      const s = parseState(raw);
      if (s.draft) sawDraft++;
      assert.equal(typeof summarizeDraft(s.draft), "string");
      assert.equal(typeof isExportReady(s), "boolean");
      for (const m of extractMedia(raw)) {
        assert.ok(/^(https?:\/\/|\/[^/])/.test(m.url), m.url);
        assert.ok(["image", "video", "audio", "unknown"].includes(m.kind));
      }
      const d = diffStates(prev, s);
      assert.ok(Array.isArray(d) && d.every((x) => typeof x === "string"));
      assert.deepEqual(diffStates(s, s), []);
      prev = s;
    }
    assert.ok(sawDraft > 500, "the generator reaches the draft parser");
  });
});
