/**
 * Linear cost of agent text (not a test): `npx tsx bench/text-cost.ts` (BENCH_REPS, default 3;
 * BENCH_ONLY="webview" or "word mode, one" runs only the paths whose name holds that text).
 * Streams 1 MB replies of several shapes through the core (SSE bytes → runChatTurn → text events,
 * word mode and sentence mode, as one event and as 20-character pieces, ADK and flat events) and through the webview's
 * renderer (applyChatEvent + the streaming Markdown body under jsdom, one update per 2 KB as the
 * list's per-frame batching would do), and prints each time against the no-sentence-end baseline
 * measured in the same run (after a discarded warm-up pass of each shape). Target: every shape ≤ 2×
 * its baseline.
 */
import { JSDOM } from "jsdom";
import type { WindowLike } from "dompurify";
import { defaultTiming } from "../src/core/api";
import { systemClock } from "../src/core/support";
import { runChatTurn, type TurnDeps } from "../src/core/chat";
import { silentLogger } from "../src/core/support";
import { emptyState } from "../src/core/state";
import type { TextMode } from "../src/core/prompt";
import { applyChatEvent, newMessage } from "../src/shared/chat-model";
import { createMarkdownRenderer } from "../webview/markdown";
import { MarkdownBody } from "../webview/view/markdown-body";
import { main, median, ms, printTable, ratio, type Row } from "./lib";

const SIZE = 1024 * 1024;
const REPS = Number(process.env.BENCH_REPS ?? 3);

const fill = (unit: string): string => unit.repeat(Math.ceil(SIZE / unit.length)).slice(0, SIZE);

const SHAPES: [string, string][] = [
  ["no sentence end (baseline)", fill("lorem ipsum dolor sit amet ")],
  ["English sentences", fill("Lorem ipsum dolor sit amet. ")],
  ["Chinese sentences", fill("这是一个关于城市夜景的句子。")],
  ["one long token", fill("x")],
  ["many short lines", fill("a short line\n")],
];

const enc = new TextEncoder();

/**
 * SSE bytes of the reply: one event, or partial events of `piece` characters; cut into 64 KB chunks.
 * `flat`: the vendor's API-reference events (`{"type":"text","content":…}`, no partial flag), the
 * pieces followed by the whole text again as the response's repeat (each piece is checked for it).
 */
function sseBytes(text: string, piece: number | undefined, flat = false): Uint8Array[] {
  const events: string[] = [];
  const ev = (t: string, partial: boolean): string =>
    `data: ${JSON.stringify(flat ? { type: "text", content: t } : partial ? { partial: true, content: { parts: [{ text: t }] } } : { content: { parts: [{ text: t }] } })}\n\n`;
  if (piece === undefined) events.push(ev(text, false));
  else {
    for (let o = 0; o < text.length; o += piece) events.push(ev(text.slice(o, o + piece), true));
    if (flat) events.push(ev(text, false));
  }
  const bytes = enc.encode(events.join(""));
  const chunks: Uint8Array[] = [];
  for (let o = 0; o < bytes.length; o += 64 * 1024) chunks.push(bytes.subarray(o, o + 64 * 1024));
  return chunks;
}

async function core(chunks: Uint8Array[], mode: TextMode): Promise<number> {
  const deps: TurnDeps = {
    openStream: async () =>
      (async function* () {
        for (const c of chunks) yield c;
      })(),
    readState: async () => emptyState(),
    clock: systemClock,
    logger: silentLogger,
    timing: defaultTiming,
  };
  let chars = 0;
  const t0 = performance.now();
  await runChatTurn(deps, "bench", { textMode: mode, onEvent: (e) => void (e.type === "text" && (chars += e.delta.length)) });
  const t = performance.now() - t0;
  if (chars === 0) throw new Error("no text came through");
  return t;
}

const dom = new JSDOM("<!doctype html><html><body></body></html>");
(globalThis as { document?: Document }).document = dom.window.document;
const md = createMarkdownRenderer(dom.window as unknown as WindowLike);

function webview(text: string): number {
  const msg = newMessage("m", "agent", "", 0);
  const body = new MarkdownBody(md);
  const t0 = performance.now();
  for (let o = 0; o < text.length; o += 2048) {
    applyChatEvent(msg, { type: "text", delta: text.slice(o, o + 2048) });
    body.update(msg.text);
  }
  return performance.now() - t0;
}

main(async () => {
  const paths: { name: string; run: (text: string) => Promise<number> | number }[] = [];
  for (const mode of ["word", "sentence"] as const) {
    paths.push({ name: `core, ${mode} mode, one 1 MB event`, run: (text) => core(sseBytes(text, undefined), mode) });
    paths.push({ name: `core, ${mode} mode, 20-char pieces`, run: (text) => core(sseBytes(text, 20), mode) });
    paths.push({ name: `core, ${mode} mode, flat events, 20-char pieces + repeat`, run: (text) => core(sseBytes(text, 20, true), mode) });
  }
  paths.push({ name: "webview renderer, 2 KB per frame", run: (text) => webview(text) });
  // BENCH_ONLY="webview" (a substring of the path names) runs only the matching paths.
  const only = process.env.BENCH_ONLY;
  if (only) paths.splice(0, paths.length, ...paths.filter((p) => p.name.includes(only)));

  const rows: Row[] = [];
  for (const p of paths) {
    // One discarded 64 KB pass of every shape first: otherwise the baseline, measured first, is
    // the only one to pay for the JIT warming up to this path, and every ratio looks better or worse.
    for (const [, text] of SHAPES) await p.run(text.slice(0, 64 * 1024));
    // Repetitions interleaved (every shape once, then again): measured one shape after the other,
    // the later shapes paid for the heap the earlier ones left and for the machine's load drifting.
    const times: number[][] = SHAPES.map(() => []);
    for (let r = 0; r < REPS; r++) for (let s = 0; s < SHAPES.length; s++) times[s].push(await p.run(SHAPES[s][1]));
    let base = 0;
    for (const [k, [shape]] of SHAPES.entries()) {
      const t = median(times[k]);
      if (!base) {
        base = t;
        rows.push({ measure: `${p.name}: ${shape}`, value: ms(t), target: "", ok: undefined });
      } else {
        rows.push({ measure: `${p.name}: ${shape}`, value: `${ms(t)} = ${ratio(t / base)}`, target: "≤ 2.00x", ok: t / base <= 2 });
      }
    }
  }
  printTable(`Agent text, 1 MB replies (median of ${REPS})`, rows);
});
