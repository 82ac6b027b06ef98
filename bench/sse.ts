/**
 * SSE decoding benchmark: 100k events of a realistic ADK mix (partial text pieces, function calls
 * and responses with state deltas, final repeats, heartbeats as comments and empty data lines),
 * cut into network-sized chunks, decoded by the core decoder (src/core/chat/decoder.ts) vs bare
 * eventsource-parser + JSON.parse on the same chunks, in one process, in one run.
 * Run: npx tsx bench/sse.ts   (BENCH_REPS=n, default 7)
 */
import { createParser } from "eventsource-parser";
import { createSseDecoder, type SseItem } from "../src/core/chat";
import { main, median, ms, printTable, ratio } from "./lib";

const EVENTS = 100_000;
const REPS = Math.max(1, Number(process.env.BENCH_REPS ?? 7));

/** Deterministic PRNG so every run decodes the same bytes. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 0x100000000;
  };
}

const WORDS = "the neon city glows under rain while a red fox walks through fresh snow and soft music fades in".split(" ");

/** The mix: per turn ~12 partial pieces, 2 tool call/response pairs, 1 final repeat, ~6 heartbeats. */
export function buildStream(events: number, seed = 42): Buffer {
  const rand = rng(seed);
  const out: string[] = [];
  let n = 0;
  let ts = 1795478824245;
  const base = (partial: boolean): Record<string, unknown> => ({
    id: `ev${n}`,
    invocationId: `e-${Math.floor(n / 21)}`,
    author: "nemo_agent",
    timestamp: (ts += 137),
    partial,
  });
  const emit = (obj: Record<string, unknown>): void => {
    out.push(`data: ${JSON.stringify(obj)}\n\n`);
    n++;
  };
  while (n < events) {
    let turnText = "";
    for (let i = 0; i < 12 && n < events; i++) {
      const piece = Array.from({ length: 2 + Math.floor(rand() * 4) }, () => WORDS[Math.floor(rand() * WORDS.length)]).join(" ") + " ";
      turnText += piece;
      emit({ ...base(true), content: { role: "model", parts: [{ text: piece }] }, actions: { stateDelta: {}, artifactDelta: {} } });
      if (rand() < 0.5 && n < events) {
        out.push(rand() < 0.5 ? ": ping\n\n" : "data: \n\n");
        n++;
      }
    }
    for (let k = 0; k < 2 && n < events; k++) {
      const id = `adk-${Math.floor(rand() * 1e12).toString(16)}`;
      emit({ ...base(false), content: { role: "model", parts: [{ functionCall: { id, name: "generate_image", args: { prompt: turnText.slice(0, 60), aspect: "16:9" } } }] } });
      emit({
        ...base(false),
        content: { role: "user", parts: [{ functionResponse: { id, name: "generate_image", response: { status: "ok", url: `https://cdn.example/img_${n}.png` } } }] },
        actions: { stateDelta: { draft: { t: [{ tt: 0, sg: [{ d: 5000, m: { name: "clip" } }] }] } }, artifactDelta: {} },
      });
    }
    if (n < events) emit({ ...base(false), content: { role: "model", parts: [{ text: turnText }] }, turnComplete: true, finishReason: "STOP" });
  }
  return Buffer.from(out.join(""), "utf8");
}

/** Network-like chunks: 1-16 KB, cut anywhere (mid-line, mid-character). */
export function chunk(buf: Buffer, seed = 7): Uint8Array[] {
  const rand = rng(seed);
  const chunks: Uint8Array[] = [];
  for (let off = 0; off < buf.length; ) {
    const len = 1024 + Math.floor(rand() * 15 * 1024);
    chunks.push(buf.subarray(off, off + len));
    off += len;
  }
  return chunks;
}

function runCore(chunks: Uint8Array[]): number {
  let items = 0;
  const dec = createSseDecoder((_item: SseItem) => {
    items++;
  });
  for (const c of chunks) dec.push(c);
  dec.end();
  return items;
}

function runBaseline(chunks: Uint8Array[]): number {
  let items = 0;
  let sink: unknown;
  const utf8 = new TextDecoder("utf-8");
  const parser = createParser({
    onEvent: (ev) => {
      items++;
      if (ev.data.length > 0 && ev.data.trim().length > 0) sink = JSON.parse(ev.data);
    },
    onComment: () => {
      items++;
    },
  });
  for (const c of chunks) parser.feed(utf8.decode(c, { stream: true }));
  parser.feed(utf8.decode());
  if (sink === undefined) throw new Error("baseline parsed nothing");
  return items;
}

function time(fn: () => number): { ms: number; items: number } {
  const t0 = performance.now();
  const items = fn();
  return { ms: performance.now() - t0, items };
}

main(async () => {
  const bytes = buildStream(EVENTS);
  const chunks = chunk(bytes);
  console.log(`SSE benchmark: ${EVENTS} events, ${(bytes.length / 1024 / 1024).toFixed(1)} MB in ${chunks.length} chunks, ${REPS} reps, median.`);
  runCore(chunks); // warm-up (JIT) for both
  runBaseline(chunks);
  const core: number[] = [];
  const base: number[] = [];
  let coreItems = 0;
  for (let i = 0; i < REPS; i++) {
    const order = i % 2 === 0 ? ["core", "base"] : ["base", "core"];
    for (const who of order) {
      if (who === "core") {
        const r = time(() => runCore(chunks));
        core.push(r.ms);
        coreItems = r.items;
      } else base.push(time(() => runBaseline(chunks)).ms);
    }
  }
  const tc = median(core);
  const tb = median(base);
  const r = tc / tb;
  printTable(`SSE decode, ${EVENTS} events (${REPS} reps, median)`, [
    { measure: "core decoder (createSseDecoder)", value: ms(tc), target: "", ok: undefined },
    { measure: "eventsource-parser + JSON.parse", value: ms(tb), target: "", ok: undefined },
    { measure: "time ratio core/baseline", value: ratio(r), target: "<= 1.5x", ok: r <= 1.5 },
    { measure: "core events per second", value: `${Math.round(EVENTS / (tc / 1000)).toLocaleString("en")}`, target: "", ok: undefined },
    { measure: "core items out (text, tool, heartbeat)", value: String(coreItems), target: "", ok: undefined },
  ]);
});
