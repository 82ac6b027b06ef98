// The chat panel's pure decisions: which videos the webview can play (a stubbed canPlayType, as
// in desktop VS Code, which decodes H.264 but not AAC) and when a long message folds.
import { strict as assert } from "node:assert";
import { codecDecision, containerOf } from "../../webview/view/codecs";
import { estimateLines, FOLD_LINES, shouldFold, columnsFor } from "../../webview/view/fold-rule";

/** A browser that answers "probably" for the listed codec strings and "" for the rest. */
function browser(...supported: RegExp[]): (type: string) => string {
  return (type) => (supported.some((r) => r.test(type)) ? "probably" : "");
}

describe("chat panel: video codec decision", () => {
  const chromium = browser(/avc1/, /mp4a/, /vp9/, /opus/);
  const desktopVsCode = browser(/avc1/, /vp9/); // H.264 yes, AAC no (no proprietary audio codecs)

  it("plays an export (H.264 + AAC) whole where both decode", () => {
    assert.equal(codecDecision(chromium, containerOf("export-2026.mp4")), "play");
  });

  it("says the sound cannot play in desktop VS Code (AAC missing)", () => {
    assert.equal(codecDecision(desktopVsCode, containerOf("/w/generated-media/export.mp4")), "silent");
    assert.equal(codecDecision(desktopVsCode, containerOf("https://cdn.example/clip.MOV?sig=1")), "silent");
    assert.equal(codecDecision(desktopVsCode, containerOf(undefined, "video/quicktime")), "silent");
  });

  it("says the video cannot play when the picture codec is missing", () => {
    assert.equal(codecDecision(browser(), containerOf("a.mp4")), "none");
    assert.equal(codecDecision(browser(/avc1/, /mp4a/), containerOf("a.webm")), "none");
  });

  it("treats an unknown container as the MP4 the backend sends", () => {
    assert.equal(containerOf("https://cdn.example/v/123"), "mp4");
    assert.equal(containerOf("x.constructor"), "mp4");
    assert.equal(codecDecision(desktopVsCode, "toString"), "silent");
  });
});

describe("chat panel: folding long messages", () => {
  it(`folds after about ${FOLD_LINES} lines, not for a line or two more`, () => {
    assert.equal(shouldFold("short", 40), false);
    assert.equal(shouldFold(Array.from({ length: FOLD_LINES }, (_, i) => `line ${i}`).join("\n"), 40), false);
    assert.equal(shouldFold(Array.from({ length: FOLD_LINES + 2 }, (_, i) => `line ${i}`).join("\n"), 40), false);
    assert.equal(shouldFold(Array.from({ length: FOLD_LINES + 3 }, (_, i) => `line ${i}`).join("\n"), 40), true);
    assert.equal(shouldFold("x".repeat(5_000), 60), true, "a 5,000-character message");
    assert.equal(shouldFold("x".repeat(5_000), 10_000), false, "fits on one very wide line");
  });

  it("counts Chinese characters double and wraps at the width", () => {
    assert.equal(estimateLines("汉".repeat(20), 40), 1);
    assert.equal(estimateLines("汉".repeat(21), 40), 2);
    assert.equal(estimateLines("a".repeat(81), 40), 3);
    assert.equal(shouldFold("长".repeat(250), 40), true);
    assert.equal(estimateLines("", 40), 1);
  });

  it("derives columns from the width and font size", () => {
    assert.equal(Math.round(columnsFor(330, 13)), 46);
    assert.equal(columnsFor(0, 13), 40, "not laid out yet: a narrow guess");
  });
});
