import assert from "node:assert/strict";
import { createSseDecoder, type SseItem } from "../../src/core/chat";
import type { Logger } from "../../src/core/support";
import {
  EMPTY,
  final,
  flatHeartbeat,
  flatText,
  flatToolCall,
  flatToolResult,
  harness,
  partial,
  rejects,
  sse,
  start,
  stateWithTitle,
  texts,
  tick,
} from "./chat-fakes";

const enc = new TextEncoder();

function decode(s: string, logger?: Logger): SseItem[] {
  const out: SseItem[] = [];
  const d = createSseDecoder((i) => out.push(i), logger);
  d.push(enc.encode(s));
  d.end();
  return out;
}

function debugLogger(): { logger: Logger; debug: string[]; warn: string[] } {
  const debug: string[] = [];
  const warn: string[] = [];
  const logger: Logger = {
    debug: (m: string) => void debug.push(m),
    info: () => undefined,
    warn: (m: string) => void warn.push(m),
    error: (m: string) => void warn.push(m),
  } as unknown as Logger;
  return { logger, debug, warn };
}

describe("SSE decoder: the flat shape of the vendor's API reference", () => {
  it("reads a string `content` as agent text (the words the old decoder dropped)", () => {
    assert.deepEqual(decode(flatText("I'll generate your video now...")), [
      { kind: "text", text: "I'll generate your video now...", partial: true, turnComplete: false, mayRepeat: true },
    ]);
    // No type at all, just a string content: text too.
    assert.deepEqual(decode(sse({ content: "hello" })), [{ kind: "text", text: "hello", partial: true, turnComplete: false, mayRepeat: true }]);
    // Explicit flags are honoured; `text` / object / array contents are read.
    assert.deepEqual(decode(sse({ type: "text", text: "a", partial: true }) + sse({ type: "text", content: { text: "b" }, final: true }) + sse({ type: "text", content: ["c", { text: "d" }], partial: false })), [
      { kind: "text", text: "a", partial: true, turnComplete: false },
      { kind: "text", text: "b", partial: false, turnComplete: false },
      { kind: "text", text: "cd", partial: false, turnComplete: false },
    ]);
  });

  it("maps tool_call, tool_result, heartbeat and error; names only, arguments and results stay internal", () => {
    const items = decode(flatToolCall("generate_video") + flatHeartbeat() + flatToolResult("generate_video") + sse({ type: "error", message: "quota exceeded for nmv_usr_abc123" }));
    assert.deepEqual(items, [
      { kind: "tool", name: "generate_video", phase: "call" },
      { kind: "heartbeat" },
      { kind: "tool", name: "generate_video", phase: "result" },
      { kind: "error", message: "quota exceeded for nmv_***" },
    ]);
    assert.ok(!JSON.stringify(items).includes("secret"));
  });

  it("ignores unknown types with a debug log line, not a warning and not an item", () => {
    const { logger, debug, warn } = debugLogger();
    const items = decode(sse({ type: "usage", tokens: 12 }) + sse({ type: "done" }) + flatText("ok"), logger);
    assert.deepEqual(items.map((i) => i.kind), ["text"]);
    assert.equal(debug.filter((d) => d.includes("unknown type")).length, 2);
    assert.deepEqual(warn, []);
  });

  it("decodes a mixed stream (ADK and flat events) in order", () => {
    const items = decode(partial("Making ") + flatText("it. ") + flatToolCall("gen") + sse({ content: { role: "user", parts: [{ functionResponse: { name: "gen" } }] } }) + flatText("Done."));
    assert.deepEqual(items.map((i) => (i.kind === "text" ? `text:${i.text}` : i.kind === "tool" ? `${i.phase}:${i.name}` : i.kind)), [
      "text:Making ",
      "text:it. ",
      "call:gen",
      "result:gen",
      "text:Done.",
    ]);
  });
});

describe("chat turn: the flat shape", () => {
  it("shows every word once: text, tool call, heartbeat, tool result, text (the stream that printed nothing)", async () => {
    const h = harness([EMPTY, stateWithTitle("Paradise Found")]);
    const done = start(h);
    const s = await h.stream();
    s.push(flatText("I'll generate your video now..."));
    await tick();
    assert.equal(texts(h.events), "I'll generate your video now...", "word by word: shown before the stream ends");
    s.push(flatToolCall("generate_video"));
    s.push(flatHeartbeat());
    s.push(flatToolResult("generate_video"));
    s.push(flatText("Your video is ready. "));
    s.push(flatText("It has a title."));
    s.end();
    const r = await done;
    assert.equal(r.outcome, "completed");
    assert.equal(r.text, "I'll generate your video now...\n\nYour video is ready. It has a title.");
    assert.equal(texts(h.events), r.text);
    assert.equal(h.events.filter((e) => e.type === "heartbeat").length, 1);
    assert.deepEqual(h.events.filter((e) => e.type === "tool").map((e) => e.type === "tool" && e.phase), ["call", "result"]);
    assert.deepEqual(r.changes, ["Title added: 'Paradise Found' (0-3s)"]);
  });

  it("never shows a final repeat twice: of the response, and of the whole turn after a tool call", async () => {
    const h = harness([EMPTY]);
    const done = start(h);
    const s = await h.stream();
    s.push(flatText("Here is a neon "));
    s.push(flatText("city."));
    s.push(flatText("Here is a neon city.")); // the response's repeat
    s.push(flatToolCall("generate_image"));
    s.push(flatText("It glows."));
    s.push(flatText("Here is a neon city.It glows.")); // the whole turn again
    s.end();
    const r = await done;
    assert.equal(r.text, "Here is a neon city.\n\nIt glows.");
    assert.equal(texts(h.events), r.text);
  });

  it("a repeat that goes on shows only its new tail; a flagged final is a final", async () => {
    const h = harness([EMPTY]);
    const done = start(h);
    const s = await h.stream();
    s.push(flatText("Making it"));
    s.push(flatText("Making it now."));
    s.push(sse({ type: "text", content: "Next one.", partial: false }));
    s.push(sse({ type: "text", content: "Next one.", partial: false }));
    s.end();
    const r = await done;
    assert.equal(r.text, "Making it now.\n\nNext one.");
  });

  it("translates GUI talk and drops the trailing temporary issue in the flat shape too", async () => {
    const h = harness([EMPTY]);
    const done = start(h);
    const s = await h.stream();
    s.push(flatText("Your video is ready. Click the Export "));
    s.push(flatText("button to download it."));
    s.push(flatText("Your video is ready. Click the Export button to download it.")); // the repeat ends the response
    s.push(flatText("I encountered a temporary issue. Please try again."));
    s.end();
    const r = await done;
    assert.equal(r.text, "Your video is ready.");
    assert.deepEqual(r.actions, ["export"]);
    assert.equal(texts(h.events), r.text);
  });

  it("a silent close of a flat stream (heartbeats only) reports what changed", async () => {
    const h = harness([EMPTY, stateWithTitle("Paradise Found")]);
    const done = start(h);
    const s = await h.stream();
    s.push(flatHeartbeat());
    s.push(flatToolCall("add_title"));
    s.push(flatToolResult("add_title"));
    s.end();
    const r = await done;
    assert.equal(r.outcome, "silent-close");
    assert.equal(r.text, "Title added: 'Paradise Found' (0-3s)");
  });

  it("a flat error event fails the turn with the agent's message", async () => {
    const h = harness([EMPTY]);
    const done = start(h);
    const s = await h.stream();
    s.push(flatText("Working on it."));
    s.push(sse({ type: "error", message: "model overloaded" }));
    const err = await rejects(done, "STREAM_ERROR");
    assert.match(err.userMessage, /model overloaded/);
  });

  it("mixed stream: ADK pieces and final, then flat pieces, each word once", async () => {
    const h = harness([EMPTY]);
    const done = start(h);
    const s = await h.stream();
    s.push(partial("First "));
    s.push(final("First part."));
    s.push(flatText("Second "));
    s.push(flatText("part."));
    s.end();
    const r = await done;
    assert.equal(r.text, "First part.\n\nSecond part.");
    assert.equal(texts(h.events), r.text);
  });
});
