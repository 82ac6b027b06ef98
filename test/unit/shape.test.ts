// The one shape rule: ratio and style presets, the framing words the agent reads, the cost of
// variations, reading a ratio back, and the simulator reading the same words.
import { strict as assert } from "node:assert";
import { costQuestion } from "../../src/core/prompt";
import {
  ASPECT_RATIOS,
  availableStyles,
  dimensionsFor,
  findStyle,
  frameShape,
  nearestAspectRatio,
  parseAspectRatio,
  readBackRatio,
  resolveShape,
  shapedActions,
  splitShape,
  STYLE_PRESETS,
} from "../../src/core/shape";
import { InputError } from "../../src/core/errors";
import { parseState } from "../../src/core/state";
import { shapeOf, sizeFor } from "../sim/classify";

describe("shape: ratio and style before paying", () => {
  it("offers the eight ratios and reads what people type", () => {
    assert.deepEqual([...ASPECT_RATIOS], ["1:1", "16:9", "9:16", "4:3", "3:4", "3:2", "2:3", "21:9"]);
    assert.equal(parseAspectRatio(" 9x16 "), "9:16");
    assert.equal(parseAspectRatio("16/9"), "16:9");
    assert.equal(parseAspectRatio("portrait"), "9:16");
    assert.equal(parseAspectRatio("5:7"), undefined);
    assert.deepEqual(dimensionsFor("9:16", 1920), { width: 1080, height: 1920 });
    assert.deepEqual(dimensionsFor("16:9", 960), { width: 960, height: 540 });
    assert.equal(nearestAspectRatio(1080, 1920), "9:16");
    assert.equal(nearestAspectRatio(2560, 1080), "21:9");
    assert.equal(nearestAspectRatio(0, 10), undefined);
  });

  it("offers the seven built-in styles plus the person's own; a custom style with a built-in's name replaces it", () => {
    assert.deepEqual(STYLE_PRESETS.map((s) => s.label), ["photorealistic", "watercolor", "line art", "3D render", "pixel art", "cinematic", "flat illustration"]);
    const styles = availableStyles([{ name: "Risograph", prompt: "risograph print, two inks" }, "ukiyo-e", { name: "watercolor", prompt: "wet-on-wet, blooms" }, 42, { name: "" }]);
    assert.equal(styles.length, 9);
    assert.equal(findStyle("3d-render")?.label, "3D render");
    assert.equal(findStyle("LINE ART")?.id, "line-art");
    assert.equal(findStyle("risograph", [{ name: "Risograph", prompt: "risograph print" }])?.words, "risograph print");
    assert.equal(findStyle("watercolor", [{ name: "watercolor", prompt: "wet-on-wet, blooms" }])?.words, "wet-on-wet, blooms");
  });

  it("frames the choice as words after the message, and takes them back off", () => {
    const shape = resolveShape({ ratio: "9:16", style: "watercolor", variations: 3 });
    const framed = frameShape("Generate an image of a harbour at dawn", shape);
    assert.equal(
      framed,
      "Generate an image of a harbour at dawn. Aspect ratio: 9:16 (portrait, taller than wide). Style: watercolor (watercolor painting, soft washes, visible paper texture). Make 3 variations.",
    );
    assert.equal(frameShape("a fox", {}), "a fox");
    assert.deepEqual(splitShape(framed), { prompt: "Generate an image of a harbour at dawn", shape: { ratio: "9:16", style: "watercolor", variations: 3 } });
    assert.deepEqual(splitShape("a fox. Really."), { prompt: "a fox. Really.", shape: {} });
  });

  it("refuses what is not on offer with the choices as the next step", () => {
    assert.throws(() => resolveShape({ ratio: "5:7" }), (e: unknown) => e instanceof InputError && /16:9/.test(String(e.nextStep)));
    assert.throws(() => resolveShape({ style: "baroque" }), (e: unknown) => e instanceof InputError && /watercolor/.test(String(e.nextStep)));
    assert.throws(() => resolveShape({ variations: 5 }), InputError);
    assert.deepEqual(resolveShape({ ratio: "", style: "none", variations: 1 }), {});
  });

  it("N variations are one question for N images", () => {
    const q = costQuestion(shapedActions("image", { variations: 3 }), { available: 250 });
    assert.equal(q.credits, 300);
    assert.equal(q.low, true);
    assert.equal(q.title.template, "Generate {0} images?");
  });

  it("reads the ratio back from the canvas when present, else from the media's pixel size", () => {
    assert.equal(readBackRatio(parseState({ canvas_config: { width: 1080, height: 1920 } }).canvas, { width: 960, height: 540 }), "9:16");
    assert.equal(readBackRatio(parseState({ state: { draft: {}, canvas_config: { aspect_ratio: "4:3" } } }).canvas), "4:3");
    assert.equal(readBackRatio(undefined, { width: 540, height: 960 }), "9:16");
    assert.equal(readBackRatio(undefined), undefined);
  });

  it("the simulator reads exactly the words the core writes", () => {
    for (const ratio of ASPECT_RATIOS) {
      for (const style of STYLE_PRESETS) {
        const { ask, rest } = shapeOf(frameShape("Generate an image of a fox", resolveShape({ ratio, style: style.id, variations: 2 })));
        assert.equal(ask.ratio, ratio);
        assert.equal(ask.style, style.label);
        assert.equal(ask.count, 2);
        assert.equal(rest, "Generate an image of a fox");
        const size = sizeFor(ask, 960);
        assert.equal(nearestAspectRatio(size.width, size.height), ratio);
      }
    }
  });
});
