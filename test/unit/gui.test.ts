import assert from "node:assert/strict";
import { TurnText } from "../../src/core/chat";
import { buttonAction, translateSentence } from "../../src/core/prompt";
import type { TextMode } from "../../src/core/prompt";
import type { ChatEvent, GuiAction } from "../../src/core/types";
import { texts } from "./chat-fakes";

/** The product's streaming translator (TurnText over GuiStream), fed in the given pieces as one response. */
function stream(pieces: string[], mode: TextMode = "word"): { text: string; actions: GuiAction[]; events: ChatEvent[] } {
  const events: ChatEvent[] = [];
  const t = new TurnText((e) => events.push(e), mode);
  for (const p of pieces) t.partial(p);
  t.boundary();
  assert.equal(texts(events), t.text, "what is on screen is the turn's text");
  return { text: t.text, actions: [...t.actions], events };
}

function translateGuiText(text: string): { text: string; actions: GuiAction[] } {
  const r = stream([text], "sentence");
  return { text: r.text, actions: r.actions };
}

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

  it("sentence mode shows each sentence when it is complete", () => {
    const events: ChatEvent[] = [];
    const t = new TurnText((e) => events.push(e), "sentence");
    t.partial("A neon city ");
    assert.equal(texts(events), "");
    t.partial("at night. Cl");
    assert.equal(texts(events), "A neon city at night.");
    t.partial("ick Export to save");
    t.partial(". Enjoy");
    assert.equal(texts(events), "A neon city at night.");
    assert.deepEqual(t.actions, ["export"]);
    t.boundary();
    assert.equal(texts(events), "A neon city at night. Enjoy");
  });

  it("word mode shows words at once and holds from a trigger word to the sentence end", () => {
    const events: ChatEvent[] = [];
    const t = new TurnText((e) => events.push(e), "word");
    t.partial("A neon ci");
    assert.equal(texts(events), "A neon ci", "a word that cannot become a trigger goes out as it arrives");
    t.partial("ty at night. Then cl");
    assert.equal(texts(events), "A neon city at night. Then ", "'cl' may become 'click': it waits");
    t.partial("ick");
    t.partial(" Export to save it. Enjoy");
    assert.equal(texts(events), "A neon city at night. Enjoy");
    assert.deepEqual(events.filter((e) => e.type === "retract"), [{ type: "retract", chars: " Then ".length }]);
    t.boundary();
    assert.equal(t.text, "A neon city at night. Enjoy");
  });

  it("word mode waits on a Chinese character that may start a trigger word", () => {
    const events: ChatEvent[] = [];
    const t = new TurnText((e) => events.push(e), "word");
    t.partial("视频已生成。请");
    assert.equal(texts(events), "视频已生成。请");
    t.partial("点");
    assert.equal(texts(events), "视频已生成。请", "点 may start 点击");
    t.partial("击导出按钮。好的");
    assert.equal(texts(events), "视频已生成。好的");
    t.boundary();
    assert.deepEqual(t.actions, ["export"]);
  });

  it("a temporary-issue notice after text is dropped with the rest of the response, word mode too", () => {
    for (const mode of ["word", "sentence"] as const) {
      const r = stream(["Here it is. I encountered a temp", "orary issue, retrying. More"], mode);
      assert.equal(r.text, "Here it is.", mode);
    }
  });

  it("never holds more than about a line", () => {
    const r = stream(["word ".repeat(60)], "sentence");
    assert.equal(r.text, "word ".repeat(60));
    const events: ChatEvent[] = [];
    const t = new TurnText((e) => events.push(e), "sentence");
    t.partial("click ".repeat(60));
    assert.ok(t.text.length === 0);
    t.partial("x".repeat(300));
    assert.ok(texts(events).length > 0, "a long run is judged without its end");
  });

  it("splits on Chinese punctuation and newlines without waiting", () => {
    const events: ChatEvent[] = [];
    const t = new TurnText((e) => events.push(e), "sentence");
    t.partial("第一句。第二");
    assert.equal(texts(events), "第一句。");
    t.partial("句！\nnext");
    assert.equal(texts(events), "第一句。第二句！\n");
  });

  it("a '.' at the end of a piece waits for the next character (3.5 stays whole)", () => {
    const events: ChatEvent[] = [];
    const t = new TurnText((e) => events.push(e), "sentence");
    t.partial("It lasts 3.");
    assert.equal(texts(events), "");
    t.partial("5 seconds. Next");
    assert.equal(texts(events), "It lasts 3.5 seconds.");
  });
});
