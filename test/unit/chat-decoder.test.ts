import assert from "node:assert/strict";
import { createSseDecoder, decodeSse, MAX_EVENT_CHARS, sanitiseErrorMessage, type SseItem } from "../../src/core/chat";
import { final, partial, sse, toolCall } from "./chat-fakes";

const enc = new TextEncoder();

function decodeChunks(chunks: (string | Uint8Array)[]): SseItem[] {
  const out: SseItem[] = [];
  const d = createSseDecoder((i) => out.push(i));
  for (const c of chunks) d.push(typeof c === "string" ? enc.encode(c) : c);
  d.end();
  return out;
}
const decode = (s: string): SseItem[] => decodeChunks([s]);

describe("SSE decoder", () => {
  it("yields partial pieces and the final text, marked as such", () => {
    const items = decode(partial("Rendering a neon ") + partial("city.") + final("Rendering a neon city."));
    assert.deepEqual(items, [
      { kind: "text", text: "Rendering a neon ", partial: true, turnComplete: false },
      { kind: "text", text: "city.", partial: true, turnComplete: false },
      { kind: "text", text: "Rendering a neon city.", partial: false, turnComplete: true },
    ]);
  });

  it("accepts snake_case fields", () => {
    const items = decode(
      sse({ partial: false, turn_complete: true, finish_reason: "STOP", invocation_id: "e1", content: { parts: [{ text: "hi" }] } }) +
        sse({ content: { parts: [{ function_call: { name: "gen_image" } }] } }) +
        sse({ content: { role: "user", parts: [{ function_response: { name: "gen_image", response: {} } }] } }),
    );
    assert.deepEqual(items, [
      { kind: "text", text: "hi", partial: false, turnComplete: true },
      { kind: "tool", name: "gen_image", phase: "call" },
      { kind: "tool", name: "gen_image", phase: "result" },
    ]);
  });

  it("reports tool calls and results by name only", () => {
    const items = decode(toolCall("create_video") + sse({ content: { role: "user", parts: [{ functionResponse: { id: "c1", name: "create_video", response: { secret: "x" } } }] } }));
    assert.deepEqual(items, [
      { kind: "tool", name: "create_video", phase: "call" },
      { kind: "tool", name: "create_video", phase: "result" },
    ]);
  });

  it("treats SSE comments and empty data lines as heartbeats", () => {
    const items = decode(": ping\n\ndata:\n\n:\n\ndata: \n\n");
    assert.deepEqual(items.map((i) => i.kind), ["heartbeat", "heartbeat", "heartbeat", "heartbeat"]);
  });

  it("turns an in-stream error into an error item with a short clean message", () => {
    const [item] = decode(sse({ error: "quota exceeded\n\tfor nmv_usr_abcdef123 " + "x".repeat(500) }));
    assert.equal(item.kind, "error");
    const msg = (item as { message: string }).message;
    assert.ok(msg.startsWith("quota exceeded for nmv_***"), msg);
    assert.ok(msg.length <= 200);
    assert.ok(!msg.includes("abcdef123"));
    assert.deepEqual(decode(sse({ error_message: "model overloaded" })), [{ kind: "error", message: "model overloaded" }]);
  });

  it("skips malformed JSON and keeps going", () => {
    const items = decode(partial("a") + "data: {not json\n\n" + "data: [1,2]\n\n" + partial("b"));
    assert.deepEqual(items.map((i) => i.kind), ["text", "malformed", "malformed", "text"]);
    assert.equal((items[3] as { text: string }).text, "b");
  });

  it("tolerates wrong types inside an event", () => {
    const items = decode(sse({ partial: "yes", content: { parts: [{ text: 5 }, { text: "ok" }, null, { functionCall: { name: 7 } }] } }));
    assert.deepEqual(items, [
      { kind: "tool", name: "tool", phase: "call" },
      { kind: "text", text: "ok", partial: false, turnComplete: false },
    ]);
  });

  it("ignores events without content (state deltas) and thought parts", () => {
    assert.deepEqual(decode(sse({ actions: { stateDelta: { a: 1 } } }) + sse({ content: { parts: [{ text: "hmm", thought: true }] } })), []);
  });

  it("delivers a final event that lacks its blank line when the stream ends", () => {
    const items = decode(`data: ${JSON.stringify({ content: { parts: [{ text: "last" }] } })}`);
    assert.equal(items.length, 1);
    assert.equal((items[0] as { text: string }).text, "last");
  });

  it("handles UTF-8 characters split across chunks (Chinese, emoji)", () => {
    const whole = enc.encode(partial("霓虹城市 🌃✨ ") + final("霓虹城市 🌃✨ 完成"));
    const expected = decodeChunks([whole]);
    for (let size = 1; size <= 7; size++) {
      const chunks: Uint8Array[] = [];
      for (let o = 0; o < whole.length; o += size) chunks.push(whole.subarray(o, o + size));
      assert.deepEqual(decodeChunks(chunks), expected, `chunk size ${size}`);
    }
    assert.equal((expected[1] as { text: string }).text, "霓虹城市 🌃✨ 完成");
  });

  it("gives the same items wherever the bytes are split", () => {
    const whole = enc.encode(": ping\n\n" + partial("Hello, ") + toolCall("t") + "data: {bad\n\n" + final("Hello, 世界 👋") + "data:\n\n");
    const expected = decodeChunks([whole]);
    assert.equal(expected.length, 6);
    for (let i = 0; i <= whole.length; i++) {
      assert.deepEqual(decodeChunks([whole.subarray(0, i), whole.subarray(i)]), expected, `split at ${i}`);
    }
  });

  it("accepts CRLF line endings", () => {
    const items = decode(partial("x").replace(/\n/g, "\r\n"));
    assert.equal(items.length, 1);
  });

  it("decodeSse pulls items from an async byte stream", async () => {
    async function* bytes(): AsyncGenerator<Uint8Array> {
      yield enc.encode(partial("a"));
      yield enc.encode(": ping\n");
      yield enc.encode("\n" + final("ab"));
    }
    const items: SseItem[] = [];
    for await (const i of decodeSse(bytes())) items.push(i);
    assert.deepEqual(items.map((i) => i.kind), ["text", "heartbeat", "text"]);
  });

  it("skips an oversized event without holding it, then decodes what follows", () => {
    const items: SseItem[] = [];
    const decoder = createSseDecoder((i) => items.push(i));
    const piece = enc.encode("x".repeat(1024 * 1024));
    decoder.push(enc.encode("data: "));
    for (let i = 0; i <= MAX_EVENT_CHARS / piece.length; i++) decoder.push(piece);
    decoder.push(enc.encode("\n\n" + partial("after")));
    decoder.end();
    assert.deepEqual(items.map((i) => i.kind), ["malformed", "text"]);
    assert.equal(items[1].kind === "text" && items[1].text, "after");
  });

  it("sanitises odd error payloads", () => {
    assert.equal(sanitiseErrorMessage({ message: "bad  thing" }), "bad thing");
    assert.equal(sanitiseErrorMessage(42), "42");
    assert.equal(sanitiseErrorMessage("   "), "The agent reported an error.");
    assert.equal(sanitiseErrorMessage("Bearer abc.def"), "Bearer ***");
  });
});
