import { strict as assert } from "node:assert";
import { JSDOM } from "jsdom";
import type { WindowLike } from "dompurify";
import { createMarkdownRenderer, isSafeLink } from "../../webview/markdown";

const dom = new JSDOM("<!doctype html><html><body></body></html>");
const win = dom.window;
const renderer = createMarkdownRenderer(win as unknown as WindowLike);

const PAYLOADS: string[] = [
  `<script>alert(1)</script>`,
  `<SCRIPT SRC=https://evil.example/x.js></SCRIPT>`,
  `<img src=x onerror=alert(1)>`,
  `<img src="https://ok.example/a.png" onload="alert(1)">`,
  `<svg onload=alert(1)>`,
  `<svg><animate onbegin=alert(1) attributeName=x dur=1s>`,
  `<svg><a xlink:href="javascript:alert(1)"><text x=20 y=20>X</text></a></svg>`,
  `<svg><set attributeName="href" to="javascript:alert(1)"/></svg>`,
  `<iframe src="javascript:alert(1)"></iframe>`,
  `<iframe srcdoc="<script>alert(1)</script>"></iframe>`,
  `<object data="javascript:alert(1)"></object>`,
  `<embed src="javascript:alert(1)">`,
  `<meta http-equiv="refresh" content="0;url=javascript:alert(1)">`,
  `<form action="javascript:alert(1)"><input type=submit></form>`,
  `<button formaction="javascript:alert(1)">x</button>`,
  `<div style="background:url(javascript:alert(1))">x</div>`,
  `<div style="width: expression(alert(1))">x</div>`,
  `<style>@import 'https://evil.example/x.css'; body{background:url("javascript:alert(1)")}</style>`,
  `<link rel=stylesheet href="https://evil.example/x.css">`,
  `<a href="javascript:alert(1)">click</a>`,
  `<a href="JaVaScRiPt:alert(1)">click</a>`,
  `<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">enc</a>`,
  `<a href="&#x6A;avascript:alert(1)">hex</a>`,
  `<a href="  javascript:alert(1)">space</a>`,
  `<a href="java\tscript:alert(1)">tab</a>`,
  `<a href="vbscript:msgbox(1)">vb</a>`,
  `<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data</a>`,
  `<a href="https://ok.example" onclick="alert(1)">ok</a>`,
  `<a href="https://ok.example" target="_blank">ok</a>`,
  `<body onload=alert(1)>`,
  `<details open ontoggle=alert(1)>`,
  `<video><source onerror="alert(1)"></video>`,
  `<audio src=x onerror=alert(1)>`,
  `<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>`,
  `<noscript><p title="</noscript><img src=x onerror=alert(1)>">`,
  `<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">`,
  `<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>`,
  `<template><script>alert(1)</script></template>`,
  `<base href="javascript:alert(1)//">`,
  `<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">`,
  `<img src="http://insecure.example/a.png">`,
  `<isindex action=javascript:alert(1) type=image>`,
  `<input autofocus onfocus=alert(1)>`,
  `<marquee onstart=alert(1)>x</marquee>`,
  `<xss onpointerover=alert(1)>hover</xss>`,
  `<p style="position:fixed;top:0;left:0;width:100%;height:100%">overlay</p>`,
  `[a](javascript:alert(1))`,
  `[a](JAVASCRIPT:alert(1))`,
  `[a](javascript&#58;alert(1))`,
  `[a](  javascript:alert(1)  )`,
  `[a](vbscript:msgbox(1))`,
  `[a](data:text/html,<script>alert(1)</script>)`,
  `[a](file:///etc/passwd)`,
  `[a](command:workbench.action.terminal.new)`,
  `[a](/relative/path)`,
  `[a]: javascript:alert(1)\n\nsee [a]`,
  `[ref][x]\n\n[x]: vbscript:alert(1) "t"`,
  `<javascript:alert(1)>`,
  `<vscode://settings>`,
  `![img](javascript:alert(1))`,
  `![img](data:image/png;base64,iVBORw0KGgo=)`,
  `![img](http://insecure.example/i.png)`,
  `![x](https://ok.example/i.png "title\\" onerror=\\"alert(1)")`,
  "```html\n<script>alert(1)</script>\n```",
  "`<img src=x onerror=alert(1)>`",
  `**bold <img src=x onerror=alert(1)>**`,
  `> quote <iframe src=https://evil.example></iframe>`,
  `| a | b |\n|---|---|\n| <script>alert(1)</script> | <img src=x onerror=alert(1)> |`,
  `%3Cscript%3Ealert(1)%3C%2Fscript%3E`,
  `&lt;script&gt;alert(1)&lt;/script&gt;`,
  `<scr<script>ipt>alert(1)</scr</script>ipt>`,
  `<a href="https://ok.example"><img src=x onerror=alert(1)></a>`,
  `<a href=" https://ok.example\\" onmouseover=\\"alert(1)">x</a>`,
  `<div id="x" class="y" data-x="1" aria-label="z" contenteditable>attrs</div>`,
];

const BAD_TAGS = ["script", "iframe", "object", "embed", "style", "form", "meta", "link", "base", "svg", "math", "input", "button", "video", "audio", "template", "frame", "frameset"];
const URL_ATTRS = ["href", "src", "action", "formaction", "xlink:href", "data", "srcdoc", "background", "poster"];

function assertInert(root: Element, payload: string): void {
  for (const tag of BAD_TAGS) {
    assert.equal(root.querySelector(tag), null, `<${tag}> survived: ${payload}`);
  }
  for (const el of Array.from(root.querySelectorAll("*"))) {
    for (const attr of Array.from(el.attributes)) {
      const name = attr.name.toLowerCase();
      assert.ok(!name.startsWith("on"), `event handler ${name} survived: ${payload}`);
      assert.notEqual(name, "style", `style attribute survived: ${payload}`);
      assert.notEqual(name, "srcdoc", `srcdoc survived: ${payload}`);
      assert.notEqual(name, "target", `target survived: ${payload}`);
      if (URL_ATTRS.includes(name)) {
        const value = attr.value.trim();
        const ok = el.tagName.toLowerCase() === "img" ? /^https:\/\//i.test(value) : isSafeLink(value);
        assert.ok(ok, `${name}="${value}" survived on <${el.tagName.toLowerCase()}>: ${payload}`);
      }
    }
  }
}

function renderInto(markdown: string): HTMLDivElement {
  const div = win.document.createElement("div");
  div.appendChild(renderer.render(markdown));
  return div;
}

describe("markdown sanitising (webview/markdown.ts)", () => {
  it("has at least 50 payloads", () => {
    assert.ok(PAYLOADS.length >= 50, `only ${PAYLOADS.length}`);
  });

  for (const [i, payload] of PAYLOADS.entries()) {
    it(`renders payload #${i + 1} inert: ${payload.slice(0, 50).replace(/\n/g, "\\n")}`, () => {
      const div = renderInto(payload);
      assertInert(div, payload);
      // mXSS: re-parsing the serialised output must stay inert too.
      const again = win.document.createElement("div");
      again.innerHTML = div.innerHTML;
      assertInert(again, payload);
    });
  }

  it("shows raw HTML from the agent as text", () => {
    const div = renderInto(`<script>alert("x")</script> hello`);
    assert.equal(div.querySelector("script"), null);
    assert.match(div.textContent ?? "", /<script>alert\("x"\)<\/script> hello/);
  });

  it("keeps ordinary markdown", () => {
    const div = renderInto("# Title\n\n**bold** and *it* and `code`\n\n- one\n- two\n\n[site](https://nemovideo.com)");
    assert.equal(div.querySelector("h1")?.textContent, "Title");
    assert.equal(div.querySelector("strong")?.textContent, "bold");
    assert.equal(div.querySelector("em")?.textContent, "it");
    assert.equal(div.querySelector("code")?.textContent, "code");
    assert.equal(div.querySelectorAll("li").length, 2);
    const a = div.querySelector("a");
    assert.equal(a?.getAttribute("href"), "https://nemovideo.com");
    assert.equal(a?.getAttribute("rel"), "noopener noreferrer");
  });

  it("keeps mailto links and https images, drops other images", () => {
    const div = renderInto("[mail](mailto:a@b.example) ![ok](https://cdn.example/a.png) ![no](http://x.example/b.png)");
    assert.equal(div.querySelector("a")?.getAttribute("href"), "mailto:a@b.example");
    const imgs = div.querySelectorAll("img");
    assert.equal(imgs.length, 1);
    assert.equal(imgs[0].getAttribute("src"), "https://cdn.example/a.png");
  });

  it("keeps the text of a link whose scheme is refused", () => {
    const div = renderInto("[press me](javascript:alert(1))");
    const a = div.querySelector("a");
    assert.ok(!a || !a.hasAttribute("href"));
    assert.match(div.textContent ?? "", /press me/);
  });

  it("isSafeLink allows only http, https and mailto", () => {
    assert.ok(isSafeLink("https://a.example/x"));
    assert.ok(isSafeLink("http://127.0.0.1:9/x"));
    assert.ok(isSafeLink("mailto:a@b.example"));
    for (const bad of ["javascript:alert(1)", "vbscript:x", "data:text/html,x", "file:///etc/passwd", "command:x", "vscode://x", "/rel", "", "https//no-colon"]) {
      assert.ok(!isSafeLink(bad), bad);
    }
  });
});
