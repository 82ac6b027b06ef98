import assert from "node:assert/strict";
import { GuiTranslator, translateGuiText } from "../../src/core/gui";
import { route } from "../../src/core/router";
import { int, pick, rng } from "./fuzz-helpers";

const WORDS = [
  "click", "Click", "the", "Export", "button", "open", "panel", "drag", "drop", "it", "into", "timeline", "preview",
  "credits", "billing", "check", "account", "neon", "city", "3.5", "1.", "导出", "点击", "打开", "拖拽", "积分", "视频",
  "。", "！", "?", ".", "!", " ", " ", " ", "\n", "🌃", "[click me](x)", "e.g.", "download", "upload", "status",
];

function sentence(r: () => number): string {
  return Array.from({ length: int(r, 25) }, () => pick(r, WORDS)).join(pick(r, [" ", ""]));
}

describe("fuzz: GUI translation and routing", () => {
  it("streaming translation equals whole-text translation, however the text is split (2000 cases)", () => {
    const r = rng(11);
    for (let i = 0; i < 2000; i++) {
      const text = sentence(r).slice(0, 150);
      const whole = translateGuiText(text);
      const t = new GuiTranslator();
      let out = "";
      const actions = new Set<string>();
      for (let o = 0; o < text.length; ) {
        const n = 1 + int(r, 12);
        const res = t.push(text.slice(o, o + n));
        out += res.text;
        res.actions.forEach((a) => actions.add(a));
        o += n;
      }
      const end = t.end();
      out += end.text;
      end.actions.forEach((a) => actions.add(a));
      assert.equal(out, whole.text, JSON.stringify(text));
      assert.deepEqual([...actions].sort(), [...whole.actions].sort(), JSON.stringify(text));
      assert.ok(whole.text.length <= text.length);
    }
  });

  it("route never throws and always returns a known kind (2000 cases)", () => {
    const r = rng(12);
    const kinds = new Set(["export", "credits", "state", "upload", "agent"]);
    for (let i = 0; i < 2000; i++) {
      const res = route(sentence(r), r() < 0.1);
      assert.ok(kinds.has(res.kind));
    }
  });
});
