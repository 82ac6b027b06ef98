// Core error sentences are phrases (English template + arguments) that the extension translates
// through the l10n bundles; arguments (file names, links, backend text) are never translated.
import { strict as assert } from "node:assert";
import { readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { PendingAttachments } from "../../src/extension/chat/attachments";
import { errorInfo, localEvent } from "../../src/extension/chat/localize";
import { fillTemplate, InputError, NemoError, phrase, toNemoError, type PhraseTranslator } from "../../src/core/errors";
import { problemToError, unsupportedFileError, type ProblemContext } from "../../src/core/http";
import { NOTHING_CHANGED, streamError } from "../../src/core/chat";
import { notice, noticeEvent } from "../../src/core/support";
import { SESSION_REPLACED } from "../../src/core/session";

const ROOT = path.join(__dirname, "..", "..");
const bundle = (name: string): Record<string, string> =>
  JSON.parse(readFileSync(path.join(ROOT, "l10n", name), "utf8")) as Record<string, string>;
const en = bundle("bundle.l10n.json");
const zh = bundle("bundle.l10n.zh-cn.json");
/** What vscode.l10n.t does: look the English template up, fall back to it, fill the arguments. */
const zhPhrase: PhraseTranslator = (text) => fillTemplate(zh[text.template] ?? text.template, text.args);
const placeholders = (s: string): string => [...s.matchAll(/\{\d+\}/g)].map((m) => m[0]).sort().join();

function coreFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir)).flatMap((f) => {
    const rel = path.join(dir, f);
    return statSync(path.join(ROOT, rel)).isDirectory() ? coreFiles(rel) : rel.endsWith(".ts") ? [rel] : [];
  });
}

const ctx: ProblemContext = { anonymous: true, creditsLink: "https://web.example/register?bind=a", pricingLink: "https://web.example/pricing", userToken: false };

describe("core error phrases (l10n)", () => {
  it("every phrase template of src/core is in both bundles, translated, with the same placeholders", () => {
    let count = 0;
    for (const f of coreFiles("src/core")) {
      const text = readFileSync(path.join(ROOT, f), "utf8");
      for (const m of text.matchAll(/\bphrase\(\s*("(?:[^"\\]|\\.)*"|'[^'\\]*')/g)) {
        const literal = m[1].startsWith("'") ? JSON.stringify(m[1].slice(1, -1)) : m[1];
        const key = JSON.parse(literal) as string;
        count++;
        assert.equal(en[key], key, `${f}: "${key}" missing from l10n/bundle.l10n.json`);
        assert.match(zh[key] ?? "", /[\u4e00-\u9fff]/, `${f}: "${key}" not translated in bundle.l10n.zh-cn.json`);
        assert.equal(placeholders(zh[key]), placeholders(key), `placeholders differ for "${key}"`);
      }
      assert.doesNotMatch(text, /userMessage:\s*`/, `${f}: a template literal as userMessage cannot be translated; use phrase()`);
    }
    assert.ok(count >= 60, `only ${count} phrases found`);
  });

  it("keeps English as the default and fills arguments in the translation", () => {
    const credits = problemToError({ kind: "credits", status: 200, backendCode: 2001 }, ctx);
    assert.equal(credits.userMessage, "You are out of NemoVideo credits.");
    assert.equal(credits.nextStep, "Register a free account to keep your work and get more credits: https://web.example/register?bind=a");
    assert.equal(credits.toDisplayString(), `${credits.userMessage} ${credits.nextStep}`);
    assert.deepEqual(credits.describe(zhPhrase), {
      message: "你的 NemoVideo 积分已用完。",
      nextStep: "注册免费账号即可保留作品并获得更多积分：https://web.example/register?bind=a",
    });
    const server = problemToError({ kind: "server", status: 200, backendCode: 9999 }, ctx);
    assert.equal(server.userMessage, "The NemoVideo service answered with an unexpected code 9999.");
    assert.equal(server.describe(zhPhrase).message, "NemoVideo 服务返回了意外的代码 9999。");
  });

  it("never translates an argument, even one that reads like a template", () => {
    const e = streamError("Cancelled. {0}");
    assert.equal(e.userMessage, "The agent reported an error: Cancelled. {0}");
    assert.equal(e.describe(zhPhrase).message, "智能体报告了一个错误：Cancelled. {0}");
    const file = unsupportedFileError('"notes.txt"');
    assert.equal(file.describe(zhPhrase).message, '"notes.txt" 不是受支持的文件类型。');
  });

  it("shows a plain-string message as written (the host translated it already)", () => {
    const e = new InputError("BAD_INPUT", { userMessage: "先打开一个文件夹。", nextStep: "Use File > Open Folder…" });
    assert.deepEqual(e.describe(zhPhrase), { message: "先打开一个文件夹。", nextStep: "Use File > Open Folder…" });
    assert.equal(toNemoError(Object.assign(new Error("x"), { code: "ECONNREFUSED" })).describe(zhPhrase).message, "无法连接到 NemoVideo 服务。");
    assert.equal(fillTemplate("{0} and {1}", ["a"]), "a and {1}", "an index without an argument stays visible");
  });

  it("the chat shows errors and refused attachments in the host's language", async () => {
    const e: NemoError = new InputError("NO_DRAFT", { userMessage: phrase("Nothing to export yet — generate something first.") });
    assert.deepEqual(errorInfo(e, zhPhrase), { code: "NO_DRAFT", message: "还没有可导出的内容——请先生成一些内容。", nextStep: undefined, link: undefined, retryable: false });
    assert.equal(errorInfo(e).message, "Nothing to export yet — generate something first.");
    const refuse = async (): Promise<never> => {
      throw unsupportedFileError('"a.txt"');
    };
    const pending = new PendingAttachments({ checkUploadFile: refuse } as never, undefined, zhPhrase);
    const [chip] = await pending.addFiles(["/tmp/a.txt"]);
    assert.equal(chip.state, "invalid");
    assert.match(chip.reason ?? "", /^"a\.txt" 不是受支持的文件类型。 支持的格式：mp4/);
  });

  it("notices carry English for logs and the CLI, and a phrase the chat translates", () => {
    const n = notice("session-replaced", SESSION_REPLACED);
    assert.equal(n.message, "Your previous session expired; the old timeline is gone. Started a new session.");
    const shown = localEvent({ type: "notice", message: n.message, phrase: n.phrase }, zhPhrase);
    assert.deepEqual(shown, { type: "notice", message: "你之前的会话已过期，旧的时间线已丢失。已开始新会话。" });
    assert.deepEqual(localEvent(noticeEvent(NOTHING_CHANGED)), { type: "notice", message: "The agent finished without a reply and nothing changed in the timeline." });
    const plain = { type: "notice" as const, message: "Handled by the host." };
    assert.equal(localEvent(plain, zhPhrase), plain, "a notice without a phrase is shown as written");
    const tool = { type: "tool" as const, name: "generate_image", phase: "call" as const };
    assert.deepEqual(localEvent(tool, zhPhrase), { ...tool, label: "正在生成图片…" }, "a tool call gets its words");
  });
});

