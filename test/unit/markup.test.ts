import * as assert from "node:assert/strict";
import * as path from "node:path";
import {
  altText,
  encodePathSegment,
  imageMarkup,
  insertionAfterSelection,
  markupLanguage,
  relativeLink,
} from "../../src/core/prompt";
import { promptFromSelection, SELECTION_PROMPT_MAX } from "../../src/core/prompt";

describe("image markup per language (src/core/prompt/markup.ts)", () => {
  it("knows each language by id, then by extension", () => {
    assert.equal(markupLanguage("markdown", "/a/b.md"), "markdown");
    assert.equal(markupLanguage("mdx", "/a/b.mdx"), "mdx");
    assert.equal(markupLanguage("plaintext", "/a/b.mdx"), "mdx");
    assert.equal(markupLanguage("html"), "html");
    assert.equal(markupLanguage("plaintext", "/a/B.HTM"), "html");
    assert.equal(markupLanguage("restructuredtext"), "restructuredtext");
    assert.equal(markupLanguage("plaintext", "/docs/index.rst"), "restructuredtext");
    assert.equal(markupLanguage("asciidoc"), "asciidoc");
    assert.equal(markupLanguage("plaintext", "/docs/guide.adoc"), "asciidoc");
    assert.equal(markupLanguage("plaintext", "/notes.txt"), undefined);
    assert.equal(markupLanguage("typescript", "/src/a.ts"), undefined);
    assert.equal(markupLanguage("plaintext"), undefined); // untitled text
  });

  it("encodes spaces and characters that end a link, keeps letters of any script", () => {
    assert.equal(encodePathSegment("a red fox.png"), "a%20red%20fox.png");
    assert.equal(encodePathSegment("a(1).png"), "a%281%29.png");
    assert.equal(encodePathSegment("50%#?.png"), "50%25%23%3F.png");
    assert.equal(encodePathSegment("[x]<y>.png"), "%5Bx%5D%3Cy%3E.png");
    assert.equal(encodePathSegment("雪地里的狐狸.png"), "雪地里的狐狸.png");
    assert.equal(encodePathSegment("it's.png"), "it's.png");
  });

  it("links relative to the document's folder, with / separators", () => {
    const p = path.posix;
    assert.equal(relativeLink("/ws/README.md", "/ws/generated-media/fox.png", p), "generated-media/fox.png");
    assert.equal(relativeLink("/ws/docs/guide/intro.md", "/ws/generated-media/a fox.png", p), "../../generated-media/a%20fox.png");
    assert.equal(relativeLink("/ws/my docs/a b.md", "/ws/my docs/pics/x.png", p), "pics/x.png");
    const w = path.win32;
    assert.equal(relativeLink("C:\\ws\\docs\\a.md", "C:\\ws\\generated-media\\my fox.png", w), "../generated-media/my%20fox.png");
    assert.equal(relativeLink("C:\\ws\\a.md", "D:\\media\\x y.png", w), "file:///D:/media/x%20y.png");
  });

  it("writes each language's image markup with the prompt as alt text, escaped", () => {
    const link = "../generated-media/a%20fox.png";
    assert.equal(imageMarkup("markdown", link, "a fox [red]"), "![a fox \\[red\\]](../generated-media/a%20fox.png)");
    assert.equal(imageMarkup("mdx", link, "a fox"), "![a fox](../generated-media/a%20fox.png)");
    assert.equal(imageMarkup("html", "x&y.png", 'say "hi" <b>'), '<img src="x&amp;y.png" alt="say &quot;hi&quot; &lt;b&gt;">');
    assert.equal(imageMarkup("restructuredtext", link, "a fox"), ".. image:: ../generated-media/a%20fox.png\n   :alt: a fox");
    assert.equal(imageMarkup("asciidoc", link, "a fox"), "image::../generated-media/a%20fox.png[a fox]");
    assert.equal(imageMarkup("asciidoc", link, "fox, red [x]"), 'image::../generated-media/a%20fox.png["fox, red [x\\]"]');
  });

  it("keeps alt text on one bounded line", () => {
    assert.equal(altText("  a\nred\t\tfox  "), "a red fox");
    const long = altText("word ".repeat(100), 20);
    assert.ok(Array.from(long).length <= 20 && long.endsWith("…"));
  });

  it("inserts inline after a selection mid-line, as a paragraph after a line end, always as a paragraph for blocks", () => {
    assert.deepEqual(insertionAfterSelection("markdown", "![a](b.png)", false), { at: "selection-end", text: " ![a](b.png)" });
    assert.deepEqual(insertionAfterSelection("markdown", "![a](b.png)", true), { at: "line-end", text: "\n\n![a](b.png)" });
    assert.deepEqual(insertionAfterSelection("markdown", "![a](b.png)", true, "\n", false), { at: "line-end", text: "\n\n![a](b.png)\n" });
    assert.deepEqual(insertionAfterSelection("restructuredtext", ".. image:: b.png\n   :alt: a", false, "\r\n", false), {
      at: "line-end",
      text: "\r\n\r\n.. image:: b.png\r\n   :alt: a\r\n",
    });
    assert.equal(insertionAfterSelection("asciidoc", "image::b.png[a]", false).at, "line-end");
  });
});

describe("prompt from a selection (src/core/prompt/selection.ts)", () => {
  it("trims and drops markup noise", () => {
    assert.deepEqual(promptFromSelection("  ## A **red** fox in [snow](https://x.y)\n\n- at dawn  "), { prompt: "A red fox in snow at dawn" });
    assert.equal(promptFromSelection("   \n  "), undefined);
    assert.equal(promptFromSelection("<p>a <em>small</em> cat</p>")?.prompt, "a small cat");
  });

  it("summarises a long selection to whole leading sentences, with a note giving both lengths", () => {
    const text = Array.from({ length: 40 }, (_, i) => `Sentence number ${i} describes the harbour at dusk.`).join(" ");
    const r = promptFromSelection(text);
    assert.ok(r?.note, "a note is given");
    assert.ok(Array.from(r.prompt).length <= SELECTION_PROMPT_MAX);
    assert.ok(r.prompt.startsWith("Sentence number 0 describes"));
    assert.ok(r.prompt.endsWith("dusk."), "ends at a sentence end");
    assert.equal(r.note.args[0], String(Array.from(text).length));
    assert.equal(r.note.args[1], String(Array.from(r.prompt).length));
  });

  it("cuts one endless sentence at a word, marked with …", () => {
    const r = promptFromSelection("word ".repeat(400), 50);
    assert.ok(r?.note);
    assert.ok(r.prompt.endsWith("word…") && Array.from(r.prompt).length <= 50);
  });
});
