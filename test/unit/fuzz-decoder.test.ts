import assert from "node:assert/strict";
import { createSseDecoder, type SseItem } from "../../src/core/chat";
import { final, flatHeartbeat, flatText, flatToolCall, flatToolResult, partial, sse, toolCall } from "./chat-fakes";
import { int, pick, randomJson, rng } from "./fuzz-helpers";

const enc = new TextEncoder();

function run(chunks: Uint8Array[]): SseItem[] {
  const out: SseItem[] = [];
  const d = createSseDecoder((i) => out.push(i));
  for (const c of chunks) d.push(c);
  d.end();
  return out;
}

function split(r: () => number, bytes: Uint8Array): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  let o = 0;
  while (o < bytes.length) {
    const n = 1 + int(r, 40);
    chunks.push(bytes.subarray(o, o + n));
    o += n;
  }
  return chunks;
}

const VALID = [
  partial("Hello "), partial("世界 🌍"), final("Hello 世界 🌍"), toolCall("gen"), ": ping\n\n", "data:\n\n", sse({ error: "x" }),
  // The flat events of the vendor's API reference, mixed in.
  flatText("Hi "), flatText("世界 🌍"), flatToolCall("gen"), flatToolResult("gen"), flatHeartbeat(), sse({ type: "error", message: "x" }), sse({ type: "usage", n: 1 }),
];

describe("fuzz: SSE decoder", () => {
  it("random bytes never throw (2000 cases)", () => {
    const r = rng(1);
    for (let i = 0; i < 2000; i++) {
      const bytes = new Uint8Array(int(r, 200));
      for (let j = 0; j < bytes.length; j++) bytes[j] = r() < 0.3 ? pick(r, [10, 13, 58, 32, 123, 125, 34]) : int(r, 256);
      assert.doesNotThrow(() => run(split(r, bytes)));
    }
  });

  it("random JSON payloads never throw and give only known item kinds (2000 cases)", () => {
    const r = rng(2);
    const kinds = new Set(["text", "tool", "heartbeat", "error", "malformed"]);
    for (let i = 0; i < 2000; i++) {
      const roll = r();
      const payload =
        roll < 0.4
          ? randomJson(r)
          : roll < 0.7
            ? { partial: r() < 0.5, content: { parts: [randomJson(r), randomJson(r)] } }
            : { type: pick(r, ["text", "tool_call", "tool_result", "heartbeat", "error", "other", 7]), content: randomJson(r), name: randomJson(r), partial: randomJson(r), message: randomJson(r) };
      const items = run([enc.encode(`data: ${JSON.stringify(payload)}\n\n`)]);
      for (const item of items) assert.ok(kinds.has(item.kind));
    }
  });

  it("mutated valid streams never throw; splitting never changes the result (1500 cases)", () => {
    const r = rng(3);
    for (let i = 0; i < 1500; i++) {
      let text = Array.from({ length: 1 + int(r, 6) }, () => pick(r, VALID)).join("");
      const edits = int(r, 4);
      for (let e = 0; e < edits; e++) {
        const at = int(r, text.length);
        const op = int(r, 3);
        if (op === 0) text = text.slice(0, at) + text.slice(at + 1 + int(r, 5));
        else if (op === 1) text = text.slice(0, at) + pick(r, ["\n", "\n\n", "{", "\"", "\r", "data: ", ":"]) + text.slice(at);
        else text = text.slice(0, at);
      }
      const bytes = enc.encode(text);
      const whole = run([bytes]);
      assert.deepEqual(run(split(r, bytes)), whole);
    }
  });
});
