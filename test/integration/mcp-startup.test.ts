/**
 * `imagegen mcp` starts light: built as esbuild.mjs builds it (cli.js requiring the shared chunks
 * core.js and undici.js), it answers `initialize` and `tools/list` without evaluating the client
 * (src/core/client.ts) and without even loading undici.js; the client is loaded on the first tool
 * call (src/cli/lazy-client.ts). Which chunk modules the process touched is recorded by a preload
 * that wraps the chunks' exports. The time it saves is measured by bench/mcp-startup.ts, not here.
 */
import { strict as assert } from "node:assert";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { buildCli } from "./cli-harness";

const TRACE = `
const Module = require("module");
const fs = require("fs");
const seen = new Set();
const original = Module.prototype.require;
Module.prototype.require = function (id) {
  const exports = original.apply(this, arguments);
  const m = /(?:^|\\/)(core|undici)\\.js$/.exec(id);
  if (!m || typeof exports !== "object") return exports;
  seen.add(m[1] + ".js");
  return new Proxy(exports, { get(t, k) { if (typeof k === "string") seen.add(m[1] + ".js:" + k); return t[k]; } });
};
process.on("exit", () => fs.writeFileSync(process.env.TRACE_OUT, JSON.stringify([...seen])));
`;

describe("imagegen mcp start-up (what it loads before the first tool call)", function () {
  this.timeout(120_000);
  const tmp = mkdtempSync(path.join(os.tmpdir(), "imagegen-mcp-startup-"));
  let cli = "";

  before(async () => {
    cli = await buildCli();
  });

  after(() => {
    rmSync(tmp, { recursive: true, force: true });
    if (cli) rmSync(path.dirname(cli), { recursive: true, force: true });
  });

  it("answers initialize and tools/list without the client or undici", async () => {
    const trace = path.join(tmp, "trace.js");
    const traceOut = path.join(tmp, "trace.json");
    writeFileSync(trace, TRACE);
    const child = spawn(process.execPath, ["-r", trace, cli, "mcp"], {
      // Nothing listens on port 9: a start-up that reached the network would fail the tool list.
      env: { PATH: process.env.PATH ?? "", HOME: tmp, NEMOVIDEO_CONFIG_DIR: path.join(tmp, "config"), NEMO_API_URL: "http://127.0.0.1:9", TRACE_OUT: traceOut },
      stdio: ["pipe", "pipe", "pipe"],
    });
    type Answer = { id?: number; result?: { tools?: { name: string }[]; serverInfo?: { name: string } } };
    const answers = new Map<number, Answer>();
    let wanted: { id: number; resolve: () => void } | undefined;
    let buf = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (d: string) => {
      buf += d;
      for (let nl = buf.indexOf("\n"); nl >= 0; nl = buf.indexOf("\n")) {
        const msg = JSON.parse(buf.slice(0, nl)) as Answer;
        buf = buf.slice(nl + 1);
        if (typeof msg.id === "number") answers.set(msg.id, msg);
        if (wanted && answers.has(wanted.id)) wanted.resolve();
      }
    });
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    const ask = (id: number, method: string, params: object): Promise<void> =>
      new Promise((resolve) => {
        wanted = { id, resolve };
        child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", id, method, params })}\n`);
      });

    await ask(1, "initialize", { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "t", version: "1" } });
    child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" })}\n`);
    await ask(2, "tools/list", {});
    child.stdin.end();
    await exited;

    assert.equal(answers.get(1)?.result?.serverInfo?.name, "imagegen");
    assert.ok((answers.get(2)?.result?.tools ?? []).some((t) => t.name === "generate_image"), "the tool list arrived");
    const seen = JSON.parse(readFileSync(traceOut, "utf8")) as string[];
    assert.ok(seen.includes("core.js:src/core/agents/tools.ts"), `the trace saw the core (${seen.join(", ")})`);
    assert.ok(!seen.includes("core.js:src/core/client.ts"), "the client module was evaluated before any tool call");
    assert.deepEqual(seen.filter((s) => s.startsWith("undici.js")), [], "undici.js was loaded before any tool call");
  });
});
