import assert from "node:assert/strict";
import { GuiTranslator, SentenceBuffer, buttonAction, translateGuiText, translateSentence } from "../../src/core/gui";
import type { GuiAction } from "../../src/core/types";

const cases: [string, string, GuiAction[]][] = [
  ["Here is your neon city! Click the Export button to download it.", "Here is your neon city!", ["export"]],
  ["Done. Click on [Download] to save the MP4.", "Done.", ["export"]],
  ["Tap the credits icon to top up.", "", ["credits"]],
  ["Open the layers panel to adjust it. The sky is purple.", "The sky is purple.", ["show-state"]],
  ["Drag the clip onto the music track. The beat matches.", "The beat matches.", []],
  ["You can drag and drop files here.", "", []],
  ["Preview it in the timeline before exporting.", "", ["show-tracks"]],
  ["Use the Export button when you are happy.", "", ["export"]],
  ["Please check your account billing page.", "", ["credits"]],
  ["Check your balance before generating more.", "", ["credits"]],
  ["视频已生成。点击导出按钮下载。", "视频已生成。", ["export"]],
  ["打开素材面板查看。画面是蓝色的。", "画面是蓝色的。", ["show-state"]],
  ["把片段拖拽到时间线上。", "", []],
  ["请点击充值按钮。", "", ["credits"]],
  ["在时间线中预览效果。", "", ["show-tracks"]],
  ["An open field at sunset, a cat tapping its paw, a drop of rain.", "An open field at sunset, a cat tapping its paw, a drop of rain.", []],
  ["The download icon glows in neon blue.", "The download icon glows in neon blue.", []],
  ["Here you go: [click me](javascript:alert(1)) <script>x</script>", "Here you go: [click me](javascript:alert(1)) <script>x</script>", []],
];

describe("GUI translation", () => {
  for (const [input, text, actions] of cases) {
    it(`${JSON.stringify(input)}`, () => {
      assert.deepEqual(translateGuiText(input), { text, actions });
    });
  }

  it("maps clicked buttons to actions", () => {
    assert.equal(buttonAction("click Export"), "export");
    assert.equal(buttonAction("click Billing"), "credits");
    assert.equal(buttonAction("click the Timeline tab"), "show-tracks");
    assert.equal(buttonAction("click the Project panel"), "show-state");
    assert.equal(buttonAction("click OK"), undefined);
    assert.deepEqual(translateSentence("Click OK."), { text: "", actions: [] });
  });

  it("keeps a numbered list item intact (the '1.' is not a sentence)", () => {
    assert.deepEqual(translateGuiText("Steps:\n1. Click Export\n2. Pick a sky colour\n"), {
      text: "Steps:\n2. Pick a sky colour\n",
      actions: ["export"],
    });
  });

  it("works on streaming text, holding only the incomplete sentence", () => {
    const t = new GuiTranslator();
    assert.deepEqual(t.push("A neon city "), { text: "", actions: [] });
    assert.deepEqual(t.push("at night. Cl"), { text: "A neon city at night.", actions: [] });
    assert.deepEqual(t.push("ick Export to save"), { text: "", actions: [] });
    assert.deepEqual(t.push(". Enjoy"), { text: "", actions: ["export"] });
    assert.deepEqual(t.end(), { text: " Enjoy", actions: [] });
  });

  it("never holds more than about a line", () => {
    const b = new SentenceBuffer();
    const long = "word ".repeat(60);
    const out = b.push(long);
    assert.equal(out.join("").length > 0, true);
    assert.ok(b.flush().length <= 200);
  });

  it("splits on Chinese punctuation and newlines without waiting", () => {
    const b = new SentenceBuffer();
    assert.deepEqual(b.push("第一句。第二"), ["第一句。"]);
    assert.deepEqual(b.push("句！\nnext"), ["第二句！", "\n"]);
    assert.equal(b.flush(), "next");
  });

  it("a '.' at the end of a piece waits for the next character (3.5 stays whole)", () => {
    const b = new SentenceBuffer();
    assert.deepEqual(b.push("It lasts 3."), []);
    assert.deepEqual(b.push("5 seconds. Next"), ["It lasts 3.5 seconds."]);
  });
});
