import assert from "node:assert/strict";
import { TurnText } from "../../src/core/chat";
import { translateSentence } from "../../src/core/prompt";
import type { TextMode } from "../../src/core/prompt";
import type { ChatEvent } from "../../src/core/types";
import { route } from "../../src/core/prompt";
import { int, pick, rng } from "./fuzz-helpers";

const WORDS = [
  "click", "Click", "the", "Export", "button", "open", "panel", "drag", "drop", "it", "into", "timeline", "preview",
  "credits", "billing", "check", "account", "neon", "city", "3.5", "1.", "导出", "点击", "打开", "拖拽", "积分", "视频",
  "。", "！", "?", ".", "!", " ", " ", " ", "\n", "🌃", "[click me](x)", "e.g.", "download", "upload", "status",
];

function sentence(r: () => number): string {
  return Array.from({ length: int(r, 25) }, () => pick(r, WORDS)).join(pick(r, [" ", ""]));
}

/** Feed `text` in random pieces through the product's translator; check the screen after every piece. */
function run(r: () => number, text: string, mode: TextMode): { text: string; actions: string[] } {
  let screen = "";
  const t = new TurnText((e: ChatEvent) => {
    if (e.type === "text") screen += e.delta;
    else if (e.type === "retract") {
      assert.equal(mode, "word", "sentence mode never takes text back");
      assert.ok(e.chars <= screen.length);
      screen = screen.slice(0, screen.length - e.chars);
    }
  }, mode);
  for (let o = 0; o < text.length; ) {
    const n = 1 + int(r, 12);
    t.partial(text.slice(o, o + n));
    o += n;
    assert.equal(screen, t.text);
  }
  t.boundary();
  assert.equal(screen, t.text);
  return { text: t.text, actions: [...t.actions].sort() };
}

describe("fuzz: GUI translation and routing", () => {
  it("word and sentence mode, however the text is split, end with the text of the whole (2000 cases)", () => {
    const r = rng(11);
    for (let i = 0; i < 2000; i++) {
      const text = sentence(r).slice(0, 150);
      const whole = new TurnText(() => undefined, "sentence");
      whole.partial(text);
      whole.boundary();
      const expected = { text: whole.text, actions: [...whole.actions].sort() };
      assert.deepEqual(run(r, text, "sentence"), expected, JSON.stringify(text));
      assert.deepEqual(run(r, text, "word"), expected, JSON.stringify(text));
      assert.ok(expected.text.length <= text.length);
      // No sentence that is GUI talk on its own stays on screen.
      for (const s of expected.text.split(/(?<=[.!?。！？\n])/)) if (s.trim()) assert.equal(translateSentence(s).text, s, JSON.stringify(text));
    }
  });

  it("flat-shape pieces (no partial flag) followed by the response's repeat end with the text of the whole, shown once (2000 cases)", () => {
    const r = rng(13);
    for (let i = 0; i < 2000; i++) {
      const text = sentence(r).slice(0, 150);
      const mode: TextMode = r() < 0.5 ? "word" : "sentence";
      const whole = new TurnText(() => undefined, mode);
      whole.partial(text);
      whole.boundary();
      let screen = "";
      const t = new TurnText((e: ChatEvent) => {
        if (e.type === "text") screen += e.delta;
        else if (e.type === "retract") screen = screen.slice(0, screen.length - e.chars);
      }, mode);
      const feed = (piece: string): void => {
        const { fresh, final } = t.acceptPiece(piece);
        t.feed(fresh);
        if (final) t.boundary();
      };
      let sent = "";
      let lookalike = false; // a piece that starts with everything said before is taken as a repeat (by design)
      for (let o = 0; o < text.length; ) {
        const n = 1 + int(r, 12);
        const piece = text.slice(o, o + n);
        o += n;
        if (sent.length > 0 && piece.length >= sent.length && piece.startsWith(sent)) lookalike = true;
        feed(piece);
        sent += piece;
        assert.equal(screen, t.text);
      }
      if (text.length > 0) feed(text); // the response's repeat: never shown twice
      t.boundary();
      if (!lookalike) assert.equal(t.text, whole.text, JSON.stringify(text));
      assert.equal(screen, t.text, JSON.stringify(text));
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
