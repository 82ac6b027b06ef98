import * as assert from "node:assert/strict";
import { compareHtml } from "../../src/extension/compare/html";
import { nextPosition, parseConfig } from "../../webview/compare/model";

describe("compare view: the page's pure parts", () => {
  it("the divider moves 5 % per arrow key, 1 % with Shift, 25 % per page, to the edges with Home/End, within 0-100", () => {
    assert.equal(nextPosition(50, "ArrowRight"), 55);
    assert.equal(nextPosition(50, "ArrowLeft"), 45);
    assert.equal(nextPosition(50, "ArrowUp", true), 51);
    assert.equal(nextPosition(50, "ArrowDown", true), 49);
    assert.equal(nextPosition(90, "PageUp"), 100);
    assert.equal(nextPosition(10, "PageDown"), 0);
    assert.equal(nextPosition(98, "ArrowRight"), 100);
    assert.equal(nextPosition(2, "ArrowLeft"), 0);
    assert.equal(nextPosition(40, "Home"), 0);
    assert.equal(nextPosition(40, "End"), 100);
    assert.equal(nextPosition(40, "Enter"), undefined, "other keys are not the divider's");
  });

  it("takes only the configuration the host writes", () => {
    const good = { before: { src: "https://file+.vscode-resource/a.png", name: "a.png", detail: "9×9 · 1 KB" }, after: { src: "x", name: "a-edit-1.png" }, strings: { keep: "Keep", bad: 3 } };
    assert.deepEqual(parseConfig(JSON.stringify(good)), {
      before: good.before,
      after: { src: "x", name: "a-edit-1.png", detail: "" },
      strings: { keep: "Keep" },
    });
    for (const bad of [undefined, "", "{", "null", "[]", JSON.stringify({ before: good.before }), JSON.stringify({ ...good, after: { src: 1, name: "n" } })]) {
      assert.equal(parseConfig(bad), undefined, String(bad));
    }
  });

  it("the page has a strict CSP with one nonce'd script, and the configuration as escaped data", () => {
    const html = compareHtml({ cspSource: "vscode-resource:", scriptUri: "s.js", styleUri: "c.css", lang: "en", title: 'A "b" <c>', config: { before: { name: '"><script>x</script>' } } }, "NONCE");
    assert.match(html, /default-src 'none'; script-src 'nonce-NONCE'; style-src vscode-resource:;/);
    assert.doesNotMatch(html, /unsafe-inline|unsafe-eval/);
    assert.equal((html.match(/<script/g) ?? []).length, 1, "one script element");
    assert.match(html, /<script nonce="NONCE" src="s.js">/);
    assert.doesNotMatch(html, /<script>x/, "the data is escaped");
  });
});
