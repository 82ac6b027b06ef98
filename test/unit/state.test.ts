import assert from "node:assert/strict";
import { isExportReady, normaliseVolume, parseDraft, parseState, summarizeDraft } from "../../src/core/state";

const REALISTIC = {
  draft: {
    t: [
      { tt: 0, sg: [{ d: 10000, m: { name: "city timelapse", url: "https://cdn.example/v/city.mp4" } }] },
      { tt: 1, sg: [{ d: 10000, m: { name: "Lo-fi", volume: 0.35 } }] },
      { tt: 7, sg: [{ d: 3000, m: { text: "Urban Dreams" } }] },
    ],
  },
  video_infos: [{ id: "v1" }],
  canvas_config: { w: 1920, h: 1080 },
  generated_media: [],
  something_new: { x: 1 },
};

describe("state: parseState", () => {
  it("parses a realistic state into typed tracks", () => {
    const s = parseState(REALISTIC);
    assert.ok(s.draft);
    assert.deepEqual(s.draft.tracks.map((t) => [t.kind, t.typeCode, t.segments.length]), [
      ["video", 0, 1],
      ["audio", 1, 1],
      ["text", 7, 1],
    ]);
    const [v, a, t] = s.draft.tracks.map((x) => x.segments[0]);
    assert.deepEqual([v.name, v.startMs, v.endMs, v.durationMs, v.sourceUrl], ["city timelapse", 0, 10000, 10000, "https://cdn.example/v/city.mp4"]);
    assert.equal(a.volume, 0.35);
    assert.equal(t.text, "Urban Dreams");
    assert.equal(s.raw, REALISTIC);
    assert.equal(s.draft.raw, REALISTIC.draft);
  });

  it("maps unknown track types to 'other' and keeps the code", () => {
    const d = parseDraft({ t: [{ tt: 3, sg: [] }, { sg: [] }] });
    assert.deepEqual(d?.tracks.map((t) => [t.kind, t.typeCode]), [["other", 3], ["other", -1]]);
  });

  it("takes start offsets from st/start/s or else stacks durations", () => {
    const d = parseDraft({
      t: [
        { tt: 0, sg: [{ d: 4000 }, { d: 2000 }, { d: 1000, st: 9000 }, { d: 500 }] },
        { tt: 7, sg: [{ start: 1500, d: 1000, m: { text: "a" } }, { s: "3000", duration: "500", text: "b" }] },
        { tt: 1, sg: [{ tr: { start: 200, duration: 800 } }, { start: 1000, end: 2500 }] },
      ],
    });
    assert.ok(d);
    assert.deepEqual(d.tracks[0].segments.map((s) => [s.startMs, s.endMs]), [[0, 4000], [4000, 6000], [9000, 10000], [10000, 10500]]);
    assert.deepEqual(d.tracks[1].segments.map((s) => [s.startMs, s.endMs, s.text]), [[1500, 2500, "a"], [3000, 3500, "b"]]);
    assert.deepEqual(d.tracks[2].segments.map((s) => [s.startMs, s.durationMs]), [[200, 800], [1000, 1500]]);
  });

  it("normalises volume given as 0-100 or a percent string", () => {
    assert.equal(normaliseVolume(35), 0.35);
    assert.equal(normaliseVolume(0.5), 0.5);
    assert.equal(normaliseVolume(1), 1);
    assert.equal(normaliseVolume(250), 1);
    assert.equal(normaliseVolume(-3), 0);
    const d = parseDraft({ t: [{ tt: 1, sg: [{ d: 1, m: { vol: "40%" } }] }] });
    assert.equal(d?.tracks[0].segments[0].volume, 0.4);
  });

  it("skips wrong types instead of throwing", () => {
    const s = parseState({
      draft: { t: [null, 5, "x", { tt: "zero", sg: "nope" }, { tt: 0, sg: [null, { d: "ten" }, { d: -5, m: "meta?" }, { d: 1000, m: { name: 42, url: "javascript:alert(1)" } }] }] },
      generated_media: "not a list",
    });
    assert.ok(s.draft);
    assert.equal(s.draft.tracks.length, 2);
    assert.deepEqual(s.draft.tracks[0].segments, []);
    const segs = s.draft.tracks[1].segments;
    assert.deepEqual(segs.map((x) => x.durationMs), [0, 0, 1000]);
    assert.equal(segs[2].name, undefined);
    assert.equal(segs[2].sourceUrl, undefined, "javascript: URL refused");
    assert.deepEqual(s.generatedMedia, []);
  });

  it("handles missing, null and non-object states", () => {
    for (const raw of [undefined, null, 0, "", "garbage", [], {}, { draft: null }]) {
      const s = parseState(raw);
      assert.equal(s.draft, undefined, JSON.stringify(raw));
      assert.deepEqual(s.generatedMedia, []);
    }
  });

  it("accepts a draft sent as a JSON string and a state wrapped once more", () => {
    const s = parseState({ state: { draft: JSON.stringify({ t: [{ tt: 7, sg: [{ d: 2000, m: { text: "Hi" } }] }] }) } });
    assert.equal(s.draft?.tracks[0].segments[0].text, "Hi");
  });

  it("does not trip over prototype-looking keys", () => {
    const raw = JSON.parse('{"__proto__":{"draft":1},"draft":{"t":[{"tt":0,"sg":[{"d":1000,"m":{"constructor":"x","name":"ok"}}]}]}}');
    assert.equal(parseState(raw).draft?.tracks[0].segments[0].name, "ok");
  });
});

describe("state: isExportReady", () => {
  it("needs at least one track with segments", () => {
    assert.equal(isExportReady(parseState(REALISTIC)), true);
    assert.equal(isExportReady(parseState(REALISTIC).draft), true);
    assert.equal(isExportReady(parseState({ draft: { t: [{ tt: 0, sg: [] }] } })), false);
    assert.equal(isExportReady(parseState({ draft: { t: [] } })), false);
    assert.equal(isExportReady(parseState({})), false);
    assert.equal(isExportReady(undefined), false);
  });
});

describe("state: summarizeDraft", () => {
  it("produces the documented format", () => {
    assert.equal(
      summarizeDraft(parseState(REALISTIC).draft),
      'Timeline (3 tracks): 1. Video: city timelapse (0-10s) 2. BGM: Lo-fi (0-10s, 35%) 3. Title: "Urban Dreams" (0-3s)',
    );
  });

  it("says so when empty", () => {
    assert.equal(summarizeDraft(undefined), "Timeline is empty.");
    assert.equal(summarizeDraft(parseDraft({ t: [] })), "Timeline is empty.");
  });

  it("lists several segments per track, fractional seconds and empty tracks", () => {
    const d = parseDraft({
      t: [
        { tt: 0, sg: [{ d: 2500, m: { name: "a" } }, { d: 2500, m: { url: "https://x/clip-b.mp4" } }, { d: 1000 }] },
        { tt: 7, sg: [] },
      ],
    });
    assert.equal(summarizeDraft(d), "Timeline (2 tracks): 1. Video: a (0-2.5s), clip-b.mp4 (2.5-5s), segment 3 (5-6s) 2. Title: (empty)");
  });

  it("names segments by the prompt's subject, never by the backend's file id", () => {
    const d = parseDraft({
      t: [{ tt: 0, sg: [{ d: 2000, m: { name: "generate an image of a paper lantern festival" } }, { d: 2000, m: { url: "https://x/media/img_xhhna5w0wr.png" } }] }],
    });
    assert.equal(summarizeDraft(d), "Timeline (1 track): 1. Video: paper lantern festival (0-2s), segment 2 (2-4s)");
  });

  it("singular track, long and multi-line titles are kept on one line", () => {
    const d = parseDraft({ t: [{ tt: 7, sg: [{ d: 1000, m: { text: "Line one\nline two " + "x".repeat(100) } }] }] });
    const s = summarizeDraft(d);
    assert.ok(s.startsWith('Timeline (1 track): 1. Title: "Line one line two x'), s);
    assert.ok(!s.includes("\n"));
    assert.ok(s.includes("…"));
  });

  it("caps a long segment list", () => {
    const d = parseDraft({ t: [{ tt: 1, sg: Array.from({ length: 7 }, (_, i) => ({ d: 1000, m: { name: `s${i}` } })) }] });
    assert.match(summarizeDraft(d), /s3 \(3-4s\) and 3 more$/);
  });
});
