/** The CLI's agent text: word by word with erasing on a terminal, whole sentences into a pipe, paragraph breaks. */
import assert from "node:assert/strict";
import { TurnText } from "../../src/core/chat";
import { chatEventPrinter } from "../../src/cli/events";
import { Output, type Stream } from "../../src/cli/output";
import { EMPTY, harness, sse } from "./chat-fakes";
import { runChatTurn } from "../../src/core/chat";

function sink(isTTY: boolean, columns = 60): Stream & { text: string } {
  const s = { text: "", isTTY, columns, write: (c: string) => ((s.text += c), true) };
  return s;
}

/** Feed pieces of one response through the core exactly as `imagegen chat` does. */
function print(out: Output, pieces: string[]): void {
  const t = new TurnText(chatEventPrinter(out), out.textMode);
  for (const p of pieces) t.partial(p);
  t.boundary();
  out.endText();
}

const PIECES = ["Here it is. To save", " it, click the Exp", "ort button. Enjoy", " the view."];

describe("CLI agent text", () => {
  it("piped stdout gets whole sentences and never an erase sequence", () => {
    const stdout = sink(false);
    const out = new Output(stdout, sink(false), false);
    assert.equal(out.textMode, "sentence");
    print(out, PIECES);
    assert.equal(stdout.text, "Here it is. Enjoy the view.\n");
  });

  it("a terminal gets words at once and a partly shown GUI sentence erased", () => {
    const stdout = sink(true);
    const out = new Output(stdout, sink(true), false);
    assert.equal(out.textMode, "word");
    const writes: string[] = [];
    const write = stdout.write;
    stdout.write = (c) => (writes.push(c), write(c));
    print(out, PIECES);
    assert.equal(writes[0], "Here it is. To save", "words go out before the sentence ends");
    // " To save it, " (13 columns) is taken back: back to column 11 of the same row, clear to the end.
    assert.ok(stdout.text.includes("\r\x1b[11C\x1b[J"), JSON.stringify(stdout.text));
    assert.ok(!stdout.text.includes("click"), "the GUI words themselves are never printed");
    // The export hint then takes its own line on stderr, so the text goes on below it.
    assert.equal(stdout.text.replace("Here it is. To save it, \r\x1b[11C\x1b[J", "Here it is."), "Here it is.\n Enjoy the view.\n");
  });

  it("erases across a wrapped row on a narrow terminal", () => {
    const stdout = sink(true, 20);
    const out = new Output(stdout, sink(true), false);
    out.text("0123456789012345 To save it, "); // 29 columns: the cursor is on the second row
    out.retract(" To save it, ".length);
    assert.ok(stdout.text.endsWith("\r\x1b[1A\x1b[16C\x1b[J"), JSON.stringify(stdout.text));
  });

  it("plain and --json output put a paragraph break between two model responses", async () => {
    for (const json of [false, true]) {
      const stdout = sink(false);
      const out = new Output(stdout, sink(false), json);
      const h = harness([EMPTY, EMPTY]);
      const done = runChatTurn(h.deps, "make it", { onEvent: chatEventPrinter(out), textMode: out.textMode });
      const s = await h.stream();
      s.push(sse({ content: { parts: [{ text: "I will generate it now." }] } }));
      s.push(sse({ content: { parts: [{ functionCall: { name: "generate_image" } }] } }));
      s.push(sse({ content: { parts: [{ text: "Done." }] } }));
      s.end();
      const r = await done;
      out.endText();
      assert.equal(r.text, "I will generate it now.\n\nDone.");
      if (json) out.document({ text: r.text });
      assert.equal(stdout.text, json ? '{"text":"I will generate it now.\\n\\nDone."}\n' : "I will generate it now.\n\nDone.\n");
    }
  });
});
