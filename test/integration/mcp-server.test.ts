/**
 * `imagegen mcp` as users run it: the built CLI bundle as a child process, driven over stdio by the
 * MCP SDK's own Client against an in-process simulator. Checks the tool list, a generated PNG on
 * disk returned as image content plus a resource link, progress notifications, a cancelled call
 * aborting its request at the simulator, a 2001 as a readable error result, and that the token
 * appears in no message and not in the server's process arguments.
 */
import { strict as assert } from "node:assert";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { startSimulator, type Simulator } from "../sim/index";
import { buildCli, PNG_SIGNATURE, waitFor } from "./cli-harness";

const TIME_SCALE = 0.02;

describe("imagegen mcp (the SDK's Client over stdio against the simulator)", function () {
  this.timeout(60_000);
  let cli: string;
  let sim: Simulator;
  let client: Client;
  let transport: StdioClientTransport;
  const tmp = mkdtempSync(path.join(os.tmpdir(), "imagegen-mcp-test-"));
  const config = path.join(tmp, "config");
  const out = path.join(tmp, "project", "media");
  const cwd = path.join(tmp, "project");
  /** Everything the server sent: results and notifications, as JSON text. */
  const seen: string[] = [];

  const call = async (name: string, args: Record<string, unknown>, opts: Parameters<Client["callTool"]>[2] = {}): Promise<CallToolResult> => {
    const r = (await client.callTool({ name, arguments: args }, undefined, opts)) as CallToolResult;
    seen.push(JSON.stringify(r));
    return r;
  };
  const text = (r: CallToolResult): string => r.content.map((c) => (c.type === "text" ? c.text : "")).join("\n");

  before(async function () {
    this.timeout(120_000);
    cli = await buildCli();
    sim = await startSimulator({ timeScale: TIME_SCALE, initialCredits: 1000, seed: 11, silentCloseRate: 0 });
    const { mkdirSync } = await import("node:fs");
    mkdirSync(cwd, { recursive: true });
    transport = new StdioClientTransport({
      command: process.execPath,
      args: [cli, "mcp", "--out", out],
      cwd,
      env: {
        PATH: process.env.PATH ?? "",
        HOME: tmp,
        NEMOVIDEO_CONFIG_DIR: config,
        NEMO_API_URL: sim.url,
        NEMO_WEB_URL: "https://web.example.test",
        NEMO_TIME_SCALE: String(TIME_SCALE),
      },
      stderr: "pipe",
    });
    transport.stderr?.on("data", (d: Buffer) => seen.push(d.toString("utf8")));
    client = new Client({ name: "mcp-test", version: "1.0.0" });
    await client.connect(transport);
  });

  after(async () => {
    await client?.close();
    await sim?.close();
    rmSync(tmp, { recursive: true, force: true });
    if (cli) rmSync(path.dirname(cli), { recursive: true, force: true });
  });

  it("lists the tools with their input schemas", async () => {
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((t) => t.name).sort(), ["edit_timeline", "export_video", "generate_image", "get_credits", "get_job", "get_session", "list_jobs", "save_media"]);
    const gen = tools.find((t) => t.name === "generate_image");
    assert.deepEqual(gen?.inputSchema.required, ["prompt"]);
    assert.match(gen?.description ?? "", /100 credits/);
    assert.equal(tools.find((t) => t.name === "get_credits")?.annotations?.readOnlyHint, true);
  });

  it("generate_image saves a PNG in --out and returns it as image content, a resource link and a Markdown link, with progress", async () => {
    const progress: string[] = [];
    const r = await call("generate_image", { prompt: "a red fox in snow" }, {
      onprogress: (p) => {
        progress.push(p.message ?? String(p.progress));
        seen.push(JSON.stringify(p));
      },
    });
    assert.notEqual(r.isError, true, text(r));
    const link = r.content.find((c) => c.type === "resource_link");
    assert.ok(link && link.type === "resource_link", "a resource link");
    const file = fileURLToPath(link.uri);
    assert.equal(path.dirname(file), out);
    assert.ok(readFileSync(file).subarray(0, 8).equals(PNG_SIGNATURE), "a PNG on disk");
    const image = r.content.find((c) => c.type === "image");
    assert.ok(image && image.type === "image");
    assert.equal(image.mimeType, "image/png");
    assert.ok(Buffer.from(image.data, "base64").equals(readFileSync(file)), "the same bytes as the file");
    const rel = `media/${path.basename(file)}`;
    assert.match(text(r), new RegExp(`!\\[a red fox in snow\\]\\(${rel.replace(/[.()]/g, "\\$&")}\\)`));
    assert.ok(progress.some((m) => /working: generate_image/.test(m)), `progress: ${progress.join(" | ")}`);
  });

  it("get_session, edit_timeline and get_credits answer in plain sentences", async () => {
    const s = await call("get_session", {});
    assert.match(text(s), /^Timeline \(\d+ tracks?\): 1\. Video: /);
    assert.match(text(s), /Ready to export/);
    const e = await call("edit_timeline", { message: "add the title 'Urban Dreams'" });
    assert.notEqual(e.isError, true, text(e));
    assert.match(text(e), /Urban Dreams/);
    const c = await call("get_credits", {});
    assert.match(text(c), /^\d+ credits available/);
    assert.equal(typeof (c.structuredContent as { available?: unknown }).available, "number");
  });

  it("export_video saves an MP4 and links it", async () => {
    const r = await call("export_video", {});
    assert.notEqual(r.isError, true, text(r));
    const link = r.content.find((c) => c.type === "resource_link");
    assert.ok(link && link.type === "resource_link");
    assert.equal(link.mimeType, "video/mp4");
    assert.equal(readFileSync(fileURLToPath(link.uri)).subarray(4, 8).toString("latin1"), "ftyp");
  });

  it("a call cancelled before the message was accepted aborts its request at the simulator", async () => {
    sim.inject({ route: "run_sse", fault: { type: "slow", ms: 600_000 } });
    const before = sim.requests.length;
    const controller = new AbortController();
    const pending = call("generate_image", { prompt: "a slow lighthouse at dusk" }, { signal: controller.signal });
    await waitFor(() => sim.requests.slice(before).some((q) => q.path === "/run_sse"), 20_000);
    controller.abort();
    await assert.rejects(pending);
    await waitFor(() => sim.requests.slice(before).some((q) => q.path === "/run_sse" && q.aborted), 20_000);
    sim.clearFaults();
  });

  it("out of credits (2001) is one readable error result with the next step", async () => {
    sim.setCredits(0);
    const r = await call("generate_image", { prompt: "a blue whale" });
    sim.setCredits(1000);
    assert.equal(r.isError, true);
    const t = text(r);
    assert.match(t, /credits/i);
    assert.match(t, /https:\/\/web\.example\.test\//, "the registration or top-up link");
    assert.doesNotMatch(t, /\bat .+\.js:\d+|Error:/, "no stack");
  });

  it("bad input is a readable error result", async () => {
    const r = await call("generate_image", { prompt: "" });
    assert.equal(r.isError, true);
    assert.match(text(r), /input of generate_image is not valid: prompt/);
  });

  it("never shows the token: not in a message, not in the server's arguments", async () => {
    const token = Object.values(JSON.parse(readFileSync(path.join(config, "token.json"), "utf8")) as Record<string, string>)[0];
    assert.match(token, /^nmv_/);
    for (const s of seen) assert.ok(!s.includes(token), "token in a message");
    const pid = transport.pid;
    assert.ok(pid, "the server runs");
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
    assert.ok(!cmdline.includes(token), "token in the process arguments");
    assert.match(cmdline, /mcp/);
  });
});
