// The chat panel's UI strings: one table (src/shared/strings.ts), translated by the host through the
// l10n bundles, carried to the webview in <body data-strings>, formatted with `t(id, ...args)`.
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { JSDOM } from "jsdom";
import { PendingAttachments } from "../../src/extension/chat/attachments";
import { chatHtml } from "../../src/extension/chat/html";
import { applyChatEvent, historyToMarkdown, newMessage, recoveryLine } from "../../src/shared/chat-model";
import { buildStringTable, CHAT_STRINGS, english, makeTranslator, placeholders, STRING_IDS } from "../../src/shared/strings";
import { readStringTable } from "../../webview/i18n";

function bundle(name: string): Record<string, string> {
  return JSON.parse(readFileSync(path.join(__dirname, "../../l10n", name), "utf8")) as Record<string, string>;
}

const en = bundle("bundle.l10n.json");
const zh = bundle("bundle.l10n.zh-cn.json");
/** What vscode.l10n.t does with a bundle: the English text is the key; missing → English. */
const zhLookup = (text: string): string => zh[text] ?? text;

describe("chat UI strings (l10n)", () => {
  it("every string has an English bundle entry and a Chinese translation with the same placeholders", () => {
    assert.ok(STRING_IDS.length > 50);
    for (const id of STRING_IDS) {
      const text = CHAT_STRINGS[id];
      assert.equal(en[text], text, `bundle.l10n.json lacks ${id}`);
      const cn = zh[text];
      assert.ok(cn, `bundle.l10n.zh-cn.json lacks ${id}: ${text}`);
      assert.match(cn, /[\u4e00-\u9fff]/, `${id} is not translated: ${cn}`);
      assert.deepEqual(placeholders(cn), placeholders(text), `placeholders differ for ${id}`);
    }
  });

  it("formats placeholders and falls back to English for missing or malformed entries", () => {
    assert.equal(english("uploadedMany", 3), "Uploaded 3 items");
    assert.equal(english("recovering", 30, 1, 5), "Connection dropped — checking the timeline in 30 s (1/5)");
    const t = makeTranslator({ send: "发送", uploadedMany: "已上传项目", working: "处理中：{0}…", toString: "x" });
    assert.equal(t("send"), "发送");
    assert.equal(t("uploadedMany", 2), "Uploaded 2 items", "a translation that drops {0} is refused");
    assert.equal(t("working", "generate image"), "处理中：generate image…");
    assert.equal(t("stop"), "Stop", "a missing entry is English");
    assert.equal(english("working"), "Working: {0}…", "an argument not given stays visible");
  });

  it("the host's table words the shared status lines in Chinese", () => {
    const t = makeTranslator(buildStringTable(zhLookup));
    const m = { ...newMessage("a1", "agent", "", 0), status: "streaming" as const };
    applyChatEvent(m, { type: "tool", name: "resize_canvas", phase: "call" }, t);
    assert.equal(m.activity, "处理中：resize canvas…", "an unknown tool: its readable name");
    applyChatEvent(m, { type: "still-working", elapsedMs: 120_000 }, t);
    assert.equal(m.activity, "仍在处理中…（2 分钟）");
    assert.equal(recoveryLine(2, 5, 60_000, t), "连接已断开——60 秒后检查时间线（2/5）");
    const md = historyToMarkdown([{ ...newMessage("u1", "user", "hi", 0) }, { ...m, status: "cancelled" }], t("chatTitle"), new Date(0), t);
    assert.match(md, /^# 图像生成聊天/);
    assert.match(md, /## 你 — /);
    assert.match(md, /## 智能体 — /);
    assert.match(md, /_已停止。_/);
  });

  it("host-side refusals use the translator (attachments)", () => {
    const t = makeTranslator(buildStringTable(zhLookup));
    const pending = new PendingAttachments({ checkUploadFile: async () => ({ name: "a.png", size: 1 }) } as never, t);
    const [chip] = pending.addUrl("ftp://example.com/a.png");
    assert.equal(chip.state, "invalid");
    assert.equal(chip.reason, "只能上传 http(s) 链接。");
  });

  it("the table travels in <body data-strings> (no inline script) and the webview reads it back", () => {
    const table = buildStringTable(zhLookup);
    table.emptyHint = `${table.emptyHint} "quotes" & <tags>`;
    const html = chatHtml({ cspSource: "https://c", scriptUri: "https://c/main.js", styleUri: "https://c/s.css", codiconUri: "https://c/i.css", title: table.chatTitle, lang: "zh-cn", strings: table });
    assert.equal((html.match(/<script/g) ?? []).length, 1);
    assert.ok(/<script nonce="[^"]+" src="https:\/\/c\/main\.js"><\/script>/.test(html));
    const dom = new JSDOM(html);
    const read = readStringTable(dom.window.document.body.dataset.strings);
    assert.deepEqual(read, table);
    assert.equal(makeTranslator(read)("send"), "发送");
    assert.equal(dom.window.document.title, "图像生成聊天");
  });

  it("the webview ignores a table that is not valid", () => {
    const warnings: string[] = [];
    const warn = (text: string) => warnings.push(text);
    assert.deepEqual(readStringTable(undefined, warn), {});
    assert.deepEqual(readStringTable("{not json", warn), {});
    assert.deepEqual(readStringTable(JSON.stringify({ send: 42 }), warn), {});
    assert.deepEqual(readStringTable(JSON.stringify(["a"]), warn), {});
    assert.equal(warnings.length, 3);
  });
});
