/** The streaming Markdown body: same text on screen as a one-shot render, finished blocks never rebuilt. */
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { JSDOM } from "jsdom";
import type { WindowLike } from "dompurify";
import { createMarkdownRenderer } from "../../webview/markdown";
import { MarkdownBody } from "../../webview/view/markdown-body";
import { int, rng } from "./fuzz-helpers";

const dom = new JSDOM("<!doctype html><html><body></body></html>");
const g = globalThis as { document?: Document };
const md = createMarkdownRenderer(dom.window as unknown as WindowLike);

const DOCS = [
  "Here is a neon city. It glows at night.\n\nSecond paragraph with **bold** and `code`.\n\n- one\n- two\n\n1. a\n2. b\n\n```\ncode line\n```\n\nThe end.",
  "# Title\n\nText under it.\n\n> quoted\n> more\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nAfter the table.",
  "第一句。第二句！\n\n中文段落，没有空格。" + "很长的句子。".repeat(900),
  "line\n".repeat(2000),
  "x".repeat(10_000),
  "Lorem ipsum dolor sit amet. ".repeat(400),
];

const norm = (s: string): string => s.replace(/\s+/g, "");

describe("streaming Markdown body", function () {
  // Thousands of renders under jsdom: a few seconds idle, more than the default 20 s on a loaded machine.
  this.timeout(120_000);
  before(() => {
    g.document = dom.window.document;
  });
  after(() => {
    delete g.document;
  });

  it("a paragraph's line breaks are newlines shown by `white-space: pre-line` (one text node, not a <br> a line); list items keep <br>", () => {
    const div = dom.window.document.createElement("div");
    div.appendChild(md.render("a short line\nanother line\n\n- item\n  more"));
    const p = div.querySelector("p");
    assert.equal(p?.innerHTML, "a short line\nanother line");
    assert.equal(p?.childNodes.length, 1);
    assert.equal(div.querySelector("li")?.innerHTML, "item<br>more");
    const css = readFileSync(path.join(__dirname, "..", "..", "webview", "style.css"), "utf8");
    assert.match(css, /\.markdown p \{[^}]*white-space: pre-line;/, "the paragraph rule shows the newlines as line breaks");
  });

  it("shows the same text as a one-shot render however the text arrives", () => {
    const r = rng(5);
    for (const doc of DOCS) {
      const body = new MarkdownBody(md);
      for (let o = 0; o < doc.length; ) {
        o = Math.min(doc.length, o + 1 + int(r, 300));
        body.update(doc.slice(0, o));
      }
      const whole = dom.window.document.createElement("div");
      whole.appendChild(md.render(doc));
      assert.equal(norm(body.el.textContent ?? ""), norm(whole.textContent ?? ""), doc.slice(0, 40));
    }
  });

  it("keeps the DOM of finished blocks while the text grows", () => {
    const body = new MarkdownBody(md);
    body.update("First paragraph.\n\nSecond");
    const first = body.el.querySelector("p");
    assert.equal(first?.textContent, "First paragraph.");
    body.update("First paragraph.\n\nSecond paragraph.\n\nThird");
    assert.equal(body.el.querySelector("p"), first, "the first block was not rebuilt");
    assert.equal(body.el.querySelectorAll("p").length, 3);
  });

  it("starts afresh when the text is replaced or shortened below what is finished", () => {
    const body = new MarkdownBody(md);
    body.update("One.\n\nTwo.\n\nThree");
    body.update("Other.");
    assert.equal(norm(body.el.textContent ?? ""), "Other.");
  });
});
