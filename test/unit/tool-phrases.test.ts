// Tool names become words a person reads: known tools have their own phrase (translated by the
// hosts), unknown ones a readable fallback; the palette toast, the chat and the CLI share this.
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { englishPhrase, fillTemplate, type PhraseTranslator } from "../../src/core/errors";
import { readableToolName, toolPhrase } from "../../src/core/chat";
import { localEvent } from "../../src/extension/chat/localize";

const zh = JSON.parse(readFileSync(path.join(__dirname, "..", "..", "l10n", "bundle.l10n.zh-cn.json"), "utf8")) as Record<string, string>;
const zhPhrase: PhraseTranslator = (p) => fillTemplate(zh[p.template] ?? p.template, p.args);

describe("tool phrases", () => {
  it("words the known tools", () => {
    assert.equal(englishPhrase(toolPhrase("generate_image")), "Generating an image…");
    assert.equal(englishPhrase(toolPhrase("generate_video")), "Generating a clip…");
    assert.equal(englishPhrase(toolPhrase("edit_timeline")), "Editing the timeline…");
    assert.equal(englishPhrase(toolPhrase("add_bgm")), "Adding music…");
    assert.equal(englishPhrase(toolPhrase("generateImage")), "Generating an image…", "camelCase spelling");
    assert.equal(zhPhrase(toolPhrase("generate_image")), "正在生成图片…");
  });

  it("falls back to a readable name, never the raw identifier", () => {
    assert.equal(readableToolName("resize_canvas"), "resize canvas");
    assert.equal(readableToolName("applyColorGrade"), "apply color grade");
    assert.equal(readableToolName("x\u0000\n-y"), "x y");
    assert.ok(readableToolName("a_".repeat(100)).length <= 60);
    assert.equal(englishPhrase(toolPhrase("resize_canvas")), "Working: resize canvas…");
    assert.equal(zhPhrase(toolPhrase("resize_canvas")), "处理中：resize canvas…");
    assert.equal(englishPhrase(toolPhrase("__")), "Working…");
  });

  it("the chat host sends the words with the tool event", () => {
    assert.deepEqual(localEvent({ type: "tool", name: "add_text", phase: "call" }, zhPhrase), {
      type: "tool",
      name: "add_text",
      phase: "call",
      label: "正在添加标题…",
    });
  });
});
