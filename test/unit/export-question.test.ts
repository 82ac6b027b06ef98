// The one export question (src/core/render/export-question.ts): it names what the MP4 will contain,
// from the session state, in English and through the l10n bundle.
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { fillTemplate, type PhraseTranslator } from "../../src/core/errors";
import { exportQuestion, timelineContents } from "../../src/core/render";
import type { Segment, SessionState, Track, TrackKind } from "../../src/core/types";

function seg(index: number, startMs: number, endMs: number, sourceUrl?: string): Segment {
  return { index, startMs, endMs, durationMs: endMs - startMs, sourceUrl, meta: {} };
}
function track(index: number, kind: TrackKind, segments: Segment[]): Track {
  return { index, kind, typeCode: 0, segments };
}
function stateOf(tracks: Track[], canvas?: SessionState["canvas"]): SessionState {
  return { draft: { tracks, raw: {} }, canvas, generatedMedia: [], raw: {} };
}

const full = stateOf([
  track(0, "video", [
    seg(0, 0, 5000, "https://cdn.example/a/img_1.png"),
    seg(1, 5000, 10000, "https://cdn.example/a/img_2.jpg?sig=x"),
    seg(2, 10000, 15000, "https://cdn.example/a/img_3.webp"),
    seg(3, 15000, 24000, "https://cdn.example/a/clip_1.mp4"),
  ]),
  track(1, "text", [seg(0, 0, 3000)]),
  track(2, "audio", [seg(0, 0, 24000, "https://cdn.example/music.mp3")]),
]);

describe("export question (core rule)", () => {
  it("names images, clips, titles, music and the length, at 1080p by default", () => {
    const q = exportQuestion(full);
    assert.equal(q.title, "Export the timeline (3 images, 1 clip, a title, music, 0:24) as a 1080p MP4?");
    assert.equal(q.detail, "Exporting is free (no credits) and usually takes 30-90 seconds.");
    assert.deepEqual(q.contents, { images: 3, clips: 1, otherVisuals: 0, titles: 1, audio: 1, durationMs: 24000 });
  });

  it("follows the canvas (a 9:16 canvas of 1080×1920 is 1080p; 720×1280 is 720p)", () => {
    const tracks = [track(0, "video", [seg(0, 0, 5000, "https://x.example/one.png")])];
    assert.equal(exportQuestion(stateOf(tracks, { width: 720, height: 1280, ratio: "9:16" })).title, "Export the timeline (1 image, 0:05) as a 720p MP4?");
    assert.equal(exportQuestion(stateOf(tracks, { width: 1080, height: 1920, ratio: "9:16" })).title, "Export the timeline (1 image, 0:05) as a 1080p MP4?");
  });

  it("counts segments whose URL says nothing as other visuals, and says when the timeline is empty or unknown", () => {
    const odd = stateOf([track(0, "video", [seg(0, 0, 61_000, "https://x.example/media/abc"), seg(1, 61_000, 62_000)])]);
    assert.equal(exportQuestion(odd).title, "Export the timeline (2 other visuals, 1:02) as a 1080p MP4?");
    assert.equal(exportQuestion(stateOf([])).title, "Export the timeline (empty) as a 1080p MP4?");
    assert.equal(exportQuestion(undefined).title, "Export the timeline as a 1080p MP4?");
    assert.equal(timelineContents(undefined).durationMs, 0);
  });

  it("every word goes through the translator (the Chinese bundle has them all)", () => {
    const zh = JSON.parse(readFileSync(path.join(__dirname, "..", "..", "l10n", "bundle.l10n.zh-cn.json"), "utf8")) as Record<string, string>;
    const missing: string[] = [];
    const t: PhraseTranslator = (p) => {
      if (!(p.template in zh)) missing.push(p.template);
      return fillTemplate(zh[p.template] ?? p.template, p.args);
    };
    const q = exportQuestion(full, t);
    assert.deepEqual(missing, []);
    assert.equal(q.title, "将时间线（3 张图片, 1 个视频片段, 1 个标题, 音乐, 0:24）导出为 1080p MP4？");
    assert.doesNotMatch(q.detail, /[a-z]{3}/);
  });
});
