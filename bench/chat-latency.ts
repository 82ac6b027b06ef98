/**
 * Chat panel benchmark (not a test): `npx tsx bench/chat-latency.ts [--turns N] [--runs N]`.
 * Needs `node esbuild.mjs` first (uses dist/webview) and /usr/bin/chromium (or CHROMIUM_PATH).
 *
 * 1. Stream latency: the simulator stamps every SSE event with its flush time (`timestamp`, ms);
 *    an undici interceptor reads those stamps as the bytes arrive; the page records, with a
 *    MutationObserver, when each piece of text is in the webview's DOM (performance.timeOrigin +
 *    now, same machine clock). Realistic piece timing: the simulator's pieces of 2-5 words every
 *    120-350 sim ms at time scale 0.5 (`--scale`) are about 30 words a second, like a real agent
 *    (20-40). Targets: median ≤ 50 ms, 95th percentile ≤ 100 ms.
 * 2. Restore: 2,000 messages in the history file → time for the host to load them and for the
 *    webview to render the first frame after the `history` message. Target: ≤ 300 ms.
 */
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Agent, type Dispatcher } from "undici";
import { newMessage } from "../src/shared/chat-model";
import { silentLogger } from "../src/core/support";
import { ChatHistoryStore } from "../src/extension/chat/history-store";
import { startSimulator } from "../test/sim/index";
import { loadChat, openChatPage } from "./chat-page";

interface Piece {
  simTs: number;
  cumulative: string;
}

const arg = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};

const norm = (t: string): string => t.replace(/[*_`#>[\]()]/g, "").replace(/\s+/g, " ").trim();

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN;
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))] : NaN;
}

/** A dispatcher that reads the sim's flush stamps of partial text events off /run_sse. */
function tappingDispatcher(pieces: Piece[]): Dispatcher {
  let text = "";
  let buffer = "";
  const tap = (chunk: Uint8Array): void => {
    buffer += Buffer.from(chunk).toString("utf8");
    let i: number;
    while ((i = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, i);
      buffer = buffer.slice(i + 2);
      const data = block.split("\n").filter((l) => l.startsWith("data:")).map((l) => l.slice(5)).join("\n").trim();
      if (!data) continue;
      try {
        const ev = JSON.parse(data) as { partial?: boolean; timestamp?: number; content?: { parts?: Array<{ text?: string }> } };
        const piece = ev.content?.parts?.map((p) => p.text ?? "").join("") ?? "";
        if (ev.partial && piece && typeof ev.timestamp === "number") {
          text += piece;
          pieces.push({ simTs: ev.timestamp, cumulative: text });
        }
      } catch {
        // not JSON: ignore
      }
    }
  };
  // Wrap the handler: see each body chunk (new and legacy handler APIs), change nothing.
  const wrap = (handler: Dispatcher.DispatchHandler): Dispatcher.DispatchHandler =>
    new Proxy(handler, {
      get(target, prop, receiver) {
        const value: unknown = Reflect.get(target, prop, receiver);
        if (typeof value !== "function") return value;
        if (prop === "onResponseData") return (c: unknown, chunk: Uint8Array) => (tap(chunk), value.call(target, c, chunk));
        if (prop === "onData") return (chunk: Uint8Array) => (tap(chunk), value.call(target, chunk));
        return value.bind(target);
      },
    });
  return new Agent().compose((dispatch) => (opts, handler) => {
    if (!String(opts.path).includes("run_sse")) return dispatch(opts, handler);
    text = "";
    buffer = "";
    return dispatch(opts, wrap(handler));
  });
}

const OBSERVER = `
window.__seen = [];
new MutationObserver(() => {
  const bodies = document.querySelectorAll('.msg-agent .msg-body');
  const last = bodies[bodies.length - 1];
  if (last) window.__seen.push({ t: performance.timeOrigin + performance.now(), text: last.textContent || '' });
}).observe(document, { subtree: true, childList: true, characterData: true });
window.addEventListener('message', (e) => {
  if (e.data && e.data.name === 'history') {
    const t0 = performance.now();
    requestAnimationFrame(() => setTimeout(() => { window.__restoreMs = performance.now() - t0; }, 0));
  }
});`;

interface Latencies {
  total: number[];
  /** Sim flush → the host posts the chunk (network, SSE parsing, core). */
  toHost: number[];
  /** Host post → text in the DOM (postMessage, validation, markdown, frame). */
  toDom: number[];
}

async function streamLatency(turns: number, timeScale: number): Promise<Latencies> {
  const sim = await startSimulator({ timeScale, seed: 7, initialCredits: 100_000, trailingIssueRate: 0, silentCloseRate: 0 });
  const pieces: Piece[] = [];
  const posts: Array<{ t: number; text: string }> = [];
  let hostText = "";
  const onPost = (m: object): void => {
    const n = m as { name?: string; payload?: { event?: { type?: string; delta?: string; chars?: number } } };
    if (n.name !== "chunk") return;
    if (n.payload?.event?.type === "retract") hostText = hostText.slice(0, hostText.length - (n.payload.event.chars ?? 0));
    if (n.payload?.event?.type !== "text") return;
    hostText += n.payload.event.delta ?? "";
    posts.push({ t: performance.timeOrigin + performance.now(), text: hostText });
  };
  const chat = await openChatPage({ apiUrl: sim.url, dispatcher: tappingDispatcher(pieces), onPost });
  const latencies: Latencies = { total: [], toHost: [], toDom: [] };
  try {
    await chat.page.addInitScript(OBSERVER);
    await loadChat(chat);
    const input = chat.page.locator("vscode-text-area textarea");
    for (let t = 0; t < turns; t++) {
      pieces.length = 0;
      posts.length = 0;
      hostText = "";
      await chat.page.evaluate("window.__seen = []");
      await input.fill(`describe a futuristic city at night, version ${t}`);
      await input.press("Enter");
      await chat.page.locator(".composer vscode-button[aria-label^='Send']").waitFor({ state: "visible", timeout: 120_000 });
      await chat.page.waitForTimeout(200);
      const seen = (await chat.page.evaluate("window.__seen")) as Array<{ t: number; text: string }>;
      for (const p of pieces) {
        const target = norm(p.cumulative).slice(-24);
        const hit = seen.find((s) => s.t >= p.simTs - 1 && norm(s.text).includes(target));
        const host = posts.find((s) => s.t >= p.simTs - 1 && norm(s.text).includes(target));
        if (!hit || !host) continue;
        latencies.total.push(hit.t - p.simTs);
        latencies.toHost.push(host.t - p.simTs);
        latencies.toDom.push(hit.t - host.t);
      }
    }
  } finally {
    await chat.close();
    await sim.close();
  }
  return latencies;
}

async function restore(runs: number): Promise<{ load: number[]; render: number[] }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "chat-restore-"));
  const file = path.join(dir, "chat.json");
  const seed = new ChatHistoryStore(file, { logger: silentLogger });
  await seed.load();
  for (let i = 0; i < 2_000; i++) {
    const m = newMessage(`m${i}`, i % 2 ? "agent" : "user", i % 2 ? `Here is **item ${i}**: a neon _city_ with \`code\` and a [link](https://nemovideo.com).\n\n- one\n- two` : `generate picture ${i}`, i);
    seed.append(m);
  }
  await seed.flush();
  const load: number[] = [];
  const render: number[] = [];
  const sim = await startSimulator({ timeScale: 0.2 });
  try {
    for (let r = 0; r < runs; r++) {
      const t0 = performance.now();
      await new ChatHistoryStore(file, { logger: silentLogger }).load();
      load.push(performance.now() - t0);
      const chat = await openChatPage({ apiUrl: sim.url, historyFile: file });
      try {
        await chat.page.addInitScript(OBSERVER);
        await loadChat(chat);
        await chat.page.waitForFunction("typeof window.__restoreMs === 'number'", undefined, { timeout: 30_000 });
        render.push((await chat.page.evaluate("window.__restoreMs")) as number);
      } finally {
        await chat.close();
      }
    }
  } finally {
    await sim.close();
    await fs.rm(dir, { recursive: true, force: true });
  }
  return { load, render };
}

async function main(): Promise<void> {
  const turns = arg("turns", 5);
  const runs = arg("runs", 5);
  const scale = arg("scale", 0.5);
  const l = await streamLatency(turns, scale);
  const lat = l.total;
  console.log(`Stream latency (sim flush → text in the webview DOM), ${lat.length} pieces over ${turns} turns, time scale ${scale}:`);
  console.log(`  median ${median(lat).toFixed(1)} ms, p95 ${pct(lat, 0.95).toFixed(1)} ms, max ${Math.max(...lat).toFixed(1)} ms — targets ≤ 50 ms median${median(lat) <= 50 ? "" : " MISSED"}, ≤ 100 ms p95${pct(lat, 0.95) <= 100 ? "" : " MISSED"}`);
  console.log(`  of which sim → host post: median ${median(l.toHost).toFixed(1)} ms; host post → DOM: median ${median(l.toDom).toFixed(1)} ms`);
  const r = await restore(runs);
  console.log(`Restore 2,000 messages, ${runs} runs:`);
  console.log(`  host load of the history file: median ${median(r.load).toFixed(1)} ms`);
  console.log(`  webview render to first frame: median ${median(r.render).toFixed(1)} ms, max ${Math.max(...r.render).toFixed(1)} ms — target ≤ 300 ms (ratio ${(median(r.render) / 300).toFixed(2)})`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
