/**
 * MCP server start-up (not a test): `npx tsx bench/mcp-startup.ts [--compare <dir>]` (BENCH_REPS,
 * default 7). Runs the production build (`node esbuild.mjs --production`, dist/cli.js) as an MCP
 * client would: spawn `node dist/cli.js mcp`, write `initialize` at once, and time spawn → the
 * `initialize` answer on stdout, then → the `tools/list` answer. The baseline, measured in the same
 * run and interleaved with it: spawn → exit of a bare `node -e 0`. Reported: medians, and the
 * difference to bare Node. Target: `initialize` answered within +100 ms of bare Node's exit.
 * `--compare <dir>` also measures `<dir>/dist/cli.js` (e.g. a build of main in a temp clone), in the
 * same interleaved rounds, for before/after figures.
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import * as path from "node:path";
import { main, median, ms, printTable, ROOT, type Row, tmpPath } from "./lib";

const REPS = Number(process.env.BENCH_REPS ?? 7);

const INIT = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "bench", version: "1" } },
};
const LIST = { jsonrpc: "2.0", id: 2, method: "tools/list", params: {} };

function env(home: string): Record<string, string> {
  // A fresh config directory (no token yet) and an address nothing listens on: start-up must not
  // touch the network, and would fail loudly here if it did.
  return { PATH: process.env.PATH ?? "", HOME: home, NEMOVIDEO_CONFIG_DIR: home, NEMO_API_URL: "http://127.0.0.1:9" };
}

/** Spawn → exit of `node -e 0`, in ms. */
function bareNode(): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ["-e", "0"], { stdio: "ignore" });
    child.on("error", reject);
    child.on("exit", () => resolve(performance.now() - t0));
  });
}

/** Spawn → `initialize` answered, → `tools/list` answered, in ms. */
function mcpServer(cli: string, home: string): Promise<{ init: number; list: number; tools: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [cli, "mcp"], { env: env(home), stdio: ["pipe", "pipe", "pipe"] });
    let buf = "";
    let init = 0;
    let err = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("error", reject);
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("close", (code) => {
      clearTimeout(timer);
      if (!init) reject(new Error(`the MCP server exited (${code}) before answering: ${err.slice(0, 400)}`));
    });
    child.stdout.on("data", (d: Buffer) => {
      buf += d.toString();
      let nl: number;
      while ((nl = buf.indexOf("\n")) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        const msg = JSON.parse(line) as { id?: number; result?: { tools?: unknown[] } };
        if (msg.id === 1) {
          init = performance.now() - t0;
          child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" })}\n${JSON.stringify(LIST)}\n`);
        } else if (msg.id === 2) {
          const list = performance.now() - t0;
          const tools = msg.result?.tools?.length ?? 0;
          child.stdin.end();
          child.kill();
          resolve({ init, list, tools });
        }
      }
    });
    child.stdin.write(`${JSON.stringify(INIT)}\n`);
  });
}

main(async () => {
  const i = process.argv.indexOf("--compare");
  const compare = i > 0 ? path.resolve(process.argv[i + 1]) : undefined;
  execFileSync("node", ["esbuild.mjs", "--production"], { cwd: ROOT, stdio: "ignore" });
  const builds: [string, string][] = [["this build", path.join(ROOT, "dist", "cli.js")]];
  if (compare) builds.push([`${path.basename(compare)}`, path.join(compare, "dist", "cli.js")]);
  const home = tmpPath("mcp-startup-home");
  mkdirSync(home, { recursive: true });

  const bare: number[] = [];
  const runs = builds.map(() => ({ init: [] as number[], list: [] as number[], tools: 0 }));
  // One discarded round warms the page cache for every file.
  await bareNode();
  for (const [, cli] of builds) await mcpServer(cli, home);
  for (let r = 0; r < REPS; r++) {
    bare.push(await bareNode());
    for (let b = 0; b < builds.length; b++) {
      const s = await mcpServer(builds[b][1], home);
      runs[b].init.push(s.init);
      runs[b].list.push(s.list);
      runs[b].tools = s.tools;
    }
  }
  const base = median(bare);
  const rows: Row[] = [{ measure: "bare `node -e 0`: spawn → exit (baseline)", value: ms(base), target: "", ok: undefined }];
  builds.forEach(([name], b) => {
    const init = median(runs[b].init);
    const list = median(runs[b].list);
    rows.push({
      measure: `${name}: spawn → initialize answered`,
      value: `${ms(init)} = bare +${ms(init - base)} (${(init / base).toFixed(2)}x)`,
      target: "≤ bare +100 ms",
      ok: init - base <= 100,
    });
    rows.push({ measure: `${name}: spawn → tools/list answered (${runs[b].tools} tools)`, value: `${ms(list)} = bare +${ms(list - base)}`, target: "", ok: undefined });
  });
  printTable(`MCP server start-up (median of ${REPS}, interleaved)`, rows);
});
