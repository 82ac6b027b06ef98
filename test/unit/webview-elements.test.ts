/** The webview's own elements (webview/ui/elements.ts) under jsdom: keyboard, disabled, the text area's value and focus. */
import { strict as assert } from "node:assert";
import { JSDOM } from "jsdom";

describe("webview elements (vscode-button, vscode-text-area, vscode-link)", () => {
  const dom = new JSDOM("<!doctype html><html><body></body></html>");
  const g = globalThis as Record<string, unknown>;
  const saved = { document: g.document, HTMLElement: g.HTMLElement, customElements: g.customElements };
  let components: typeof import("../../webview/ui/components");

  before(() => {
    g.document = dom.window.document;
    g.HTMLElement = dom.window.HTMLElement;
    g.customElements = dom.window.customElements;
    // Loaded only now: its element classes extend the (jsdom) HTMLElement when evaluated.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    components = require("../../webview/ui/components") as typeof import("../../webview/ui/components");
    components.registerComponents();
  });

  after(() => Object.assign(g, saved));

  const key = (el: Element, k: string): void => void el.dispatchEvent(new dom.window.KeyboardEvent("keydown", { key: k, bubbles: true }));

  it("a button is focusable, named, and clicks on Enter and Space; disabled it is skipped by Tab and ignores clicks", () => {
    let clicks = 0;
    const b = components.button({ label: "Send", onClick: () => clicks++ });
    dom.window.document.body.appendChild(b);
    assert.equal(b.getAttribute("role"), "button");
    assert.equal(b.getAttribute("tabindex"), "0");
    assert.equal(b.getAttribute("aria-label"), "Send");
    key(b, "Enter");
    key(b, " ");
    b.click();
    assert.equal(clicks, 3);
    components.setDisabled(b, true);
    assert.equal(b.getAttribute("tabindex"), "-1");
    assert.equal(b.getAttribute("aria-disabled"), "true");
    b.click();
    key(b, "Enter");
    assert.equal(clicks, 3);
    components.setDisabled(b, false);
    b.click();
    assert.equal(clicks, 4);
  });

  it("a text area holds a real textarea: value, placeholder, name, focus, and its events reach the element", () => {
    const t = components.textArea({ placeholder: "Ask…", ariaLabel: "Message" });
    dom.window.document.body.appendChild(t.el);
    const inner = t.el.querySelector("textarea");
    assert.ok(inner);
    assert.equal(inner.getAttribute("placeholder"), "Ask…");
    assert.equal(inner.getAttribute("aria-label"), "Message");
    assert.equal(inner.getAttribute("rows"), "3");
    t.setValue("hello");
    assert.equal(inner.value, "hello");
    inner.value = "typed";
    assert.equal(t.value(), "typed");
    let inputs = 0;
    t.el.addEventListener("input", () => inputs++);
    inner.dispatchEvent(new dom.window.Event("input", { bubbles: true }));
    assert.equal(inputs, 1);
    t.focus();
    assert.equal(dom.window.document.activeElement, inner);
  });

  it("a link is focusable and follows on Enter", () => {
    let follows = 0;
    const l = components.link("Open", () => follows++);
    dom.window.document.body.appendChild(l);
    assert.equal(l.getAttribute("role"), "link");
    assert.equal(l.getAttribute("tabindex"), "0");
    key(l, "Enter");
    l.click();
    assert.equal(follows, 2);
  });
});
