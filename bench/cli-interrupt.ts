/**
 * Ctrl-C during a huge reply (not a test): `npx tsx bench/cli-interrupt.ts`.
 * The CLI (bundled like dist/cli.js) runs `chat` against the simulator through a small proxy that
 * answers /run_sse with one 8 MB event of English sentences and keeps the stream open. As soon as
 * the CLI has printed its first text, SIGINT (then, in a second run, SIGTERM) is sent; the time
 * until the process has exited is reported. Target: ≤ 200 ms. Reference row: the same with a
 * one-sentence reply (what exiting costs on this machine at all).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { bundleCli } from "../test/bundle-node";
import { startSimulator } from "../test/sim/index";
import { main, median, ms, printTable, tmpPath, type Row } from "./lib";

const BIG = "Lorem ipsum dolor sit amet. ".repeat(Math.ceil((8 * 1024 * 1024) / 28));
const REPS = Number(process.env.BENCH_REPS ?? 3);

async function proxy(target: string, text: string): Promise<{ url: string; close(): Promise<void> }> {
  const t = new URL(target);
  const open = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    if (req.url?.includes("run_sse")) {
      req.resume();
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(`data: ${JSON.stringify({ partial: true, content: { parts: [{ text }] } })}\n\n`);
      open.add(res); // stays open: the reply is still "streaming" when the person presses Ctrl-C
      res.on("close", () => open.delete(res));
      return;
    }
    const up = http.request({ host: t.hostname, port: t.port, path: req.url, method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    req.pipe(up);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      for (const res of open) res.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** Run `chat`, send `signal` at the first printed text; ms from the signal to the exit. */
function interrupt(cli: string, apiUrl: string, signal: NodeJS.Signals): Promise<number> {
  const config = mkdtempSync(path.join(os.tmpdir(), "cli-interrupt-"));
  return new Promise<number>((resolve, reject) => {
    const child = spawn(process.execPath, [cli, "chat", "write a very long story"], {
      env: { PATH: process.env.PATH, NEMO_API_URL: apiUrl, NEMOVIDEO_CONFIG_DIR: config },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let sentAt = 0;
    child.stdout.on("data", () => {
      if (sentAt) return;
      sentAt = performance.now();
      child.kill(signal);
    });
    child.stderr.resume();
    child.on("error", reject);
    child.on("exit", () => {
      rmSync(config, { recursive: true, force: true });
      if (!sentAt) reject(new Error("the CLI exited before printing any text"));
      else resolve(performance.now() - sentAt);
    });
  });
}

main(async () => {
  const cli = await bundleCli(tmpPath("cli-interrupt"));
  const sim = await startSimulator({ timeScale: 0.1 });
  const p = await proxy(sim.url, BIG);
  const small = await proxy(sim.url, "A short reply. ");
  const rows: Row[] = [];
  try {
    const ref: number[] = [];
    for (let i = 0; i < REPS; i++) ref.push(await interrupt(cli, small.url, "SIGINT"));
    rows.push({ measure: "reference: SIGINT during a one-sentence reply → exit", value: ms(median(ref)), target: "", ok: undefined });
    for (const signal of ["SIGINT", "SIGTERM"] as const) {
      const times: number[] = [];
      for (let i = 0; i < REPS; i++) times.push(await interrupt(cli, p.url, signal));
      const m = median(times);
      rows.push({ measure: `${signal} during an 8 MB reply → exit (max ${ms(Math.max(...times))})`, value: ms(m), target: "≤ 200 ms", ok: m <= 200 });
    }
  } finally {
    await p.close();
    await small.close();
    await sim.close();
  }
  printTable(`CLI interrupted mid-reply (median of ${REPS})`, rows);
});
