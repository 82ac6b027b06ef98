/**
 * `imagegen mcp` driven by independent hosts as they are, each in its own process: the MCP
 * Inspector's CLI (`inspector --cli`, with its schema portability check), the TypeScript SDK's
 * current client package (@modelcontextprotocol/client 2.x) and the official Python SDK (`mcp`).
 * They are installed pinned into the editor-test cache by scripts/setup-hosts.sh (run here when
 * missing); the Python SDK only where pip can reach PyPI, otherwise that test is skipped and says why.
 * Each host generates an image, and reads it back as a resource byte for byte.
 */
import { strict as assert } from "node:assert";
import { execFile, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { startSimulator, type Simulator } from "../sim/index";
import { buildCli, ROOT } from "./cli-harness";
import { pngDescription } from "./helpers/mcp-raw";

const CACHE = process.env.NEMO_EDITOR_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "image-generation-generator");
const HOSTS = path.join(CACHE, "mcp-hosts");
const INSPECTOR = path.join(HOSTS, "node", "node_modules", "@modelcontextprotocol", "inspector", "clients", "launcher", "build", "index.js");
const TS_CLIENT = path.join(HOSTS, "node", "node_modules", "@modelcontextprotocol", "client");
const PYTHON = path.join(HOSTS, "python", "bin", "python");

/** What each host script prints (test/hosts/*). */
interface HostReport {
  protocolVersion: string | null;
  tools: string[];
  result: { isError: boolean; contentTypes: string[]; text: string[]; structuredContent?: { files?: Array<{ path: string; mimeType: string }> } };
  resources: string[];
  read: { uri?: string; mimeType?: string; blob: string };
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { env, cwd, maxBuffer: 64 * 1024 * 1024, timeout: 120_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === "number" ? ((err as { code: number }).code) : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

describe("imagegen mcp with independent hosts: MCP Inspector CLI, TypeScript SDK v2, Python SDK (simulator)", function () {
  this.timeout(180_000);
  let cli: string;
  let sim: Simulator;
  const tmp = mkdtempSync(path.join(os.tmpdir(), "imagegen-mcp-independent-"));
  const cwd = path.join(tmp, "project");
  const out = path.join(cwd, "media");

  const env = (): NodeJS.ProcessEnv => ({
    PATH: process.env.PATH ?? "",
    HOME: tmp,
    NEMOVIDEO_CONFIG_DIR: path.join(tmp, "config"),
    NEMO_API_URL: sim.url,
    NEMO_WEB_URL: "https://web.example.test",
    NEMO_TIME_SCALE: "0.02",
  });
  const serverArgs = (): string[] => [cli, "mcp", "--out", out, "--yes"];

  /** The saved file named by the result, checked: on disk, a PNG holding this prompt, read back whole. */
  function checkReport(report: HostReport, prompt: string): void {
    assert.equal(report.result.isError, false, report.result.text.join("\n"));
    assert.ok(report.tools.includes("generate_image") && report.tools.includes("get_job"), report.tools.join(", "));
    const saved = report.result.structuredContent?.files?.[0];
    assert.ok(saved, "structuredContent names the saved file");
    assert.equal(saved.mimeType, "image/png");
    const file = path.join(cwd, saved.path);
    const bytes = readFileSync(file);
    assert.match(pngDescription(bytes) ?? "", new RegExp(prompt), "the PNG holds this call's prompt");
    assert.ok(report.resources.includes(`file://${file}`), `${file} listed as a resource`);
    assert.ok(report.read.uri, "a resource was read");
    const readFile = fileURLToPath(report.read.uri);
    assert.equal(report.read.mimeType, "image/png");
    assert.ok(Buffer.from(report.read.blob, "base64").equals(readFileSync(readFile)), "resources/read returns the file byte for byte");
  }

  before(async function () {
    this.timeout(900_000);
    if (!existsSync(INSPECTOR) || !existsSync(TS_CLIENT) || !existsSync(path.join(HOSTS, "python"))) {
      const setup = spawnSync("bash", [path.join(ROOT, "scripts", "setup-hosts.sh")], { env: { ...process.env, NEMO_EDITOR_CACHE: CACHE }, encoding: "utf8", timeout: 840_000 });
      assert.equal(setup.status, 0, `scripts/setup-hosts.sh failed: ${setup.stdout}\n${setup.stderr}`);
    }
    cli = await buildCli();
    sim = await startSimulator({ timeScale: 0.02, initialCredits: 100_000, seed: 11, silentCloseRate: 0, trailingIssueRate: 0 });
    mkdirSync(cwd, { recursive: true });
  });

  after(async () => {
    await sim?.close();
    rmSync(tmp, { recursive: true, force: true });
    if (cli) rmSync(path.dirname(cli), { recursive: true, force: true });
  });

  it("the MCP Inspector's CLI: tools/list passes its --strict schema portability check; generate_image, then resources/read", async () => {
    const base = [INSPECTOR, "--cli", "--cwd", cwd, ...Object.entries(env()).flatMap(([k, v]) => ["-e", `${k}=${v ?? ""}`])];
    const list = await run(process.execPath, [...base, "--method", "tools/list", "--strict", "--", process.execPath, ...serverArgs()], env(), cwd);
    assert.equal(list.code, 0, `--strict found problems: ${list.stderr}`);
    const tools = (JSON.parse(list.stdout) as { tools: Array<{ name: string }> }).tools.map((t) => t.name);
    const prompt = "a lighthouse drawn for the inspector";
    const call = await run(process.execPath, [...base, "--method", "tools/call", "--tool-name", "generate_image", "--tool-arg", `prompt=${prompt}`, "--", process.execPath, ...serverArgs()], env(), cwd);
    assert.equal(call.code, 0, call.stdout + call.stderr);
    const called = JSON.parse(call.stdout) as { content: Array<{ type: string; text?: string }>; structuredContent?: HostReport["result"]["structuredContent"] };
    const saved = called.structuredContent?.files?.[0];
    assert.ok(saved, call.stdout.slice(0, 500));
    const uri = `file://${path.join(cwd, saved.path)}`;
    const read = await run(process.execPath, [...base, "--method", "resources/read", "--uri", uri, "--", process.execPath, ...serverArgs()], env(), cwd);
    assert.equal(read.code, 0, read.stdout + read.stderr);
    const contents = (JSON.parse(read.stdout) as { contents: Array<{ uri: string; mimeType?: string; blob?: string }> }).contents[0];
    const listed = await run(process.execPath, [...base, "--method", "resources/list", "--", process.execPath, ...serverArgs()], env(), cwd);
    checkReport(
      {
        protocolVersion: null,
        tools,
        result: { isError: false, contentTypes: called.content.map((c) => c.type), text: called.content.flatMap((c) => (c.text ? [c.text] : [])), structuredContent: called.structuredContent },
        resources: (JSON.parse(listed.stdout) as { resources: Array<{ uri: string }> }).resources.map((r) => r.uri),
        read: { uri: contents.uri, mimeType: contents.mimeType, blob: contents.blob ?? "" },
      },
      prompt,
    );
  });

  it("the TypeScript SDK's current client (@modelcontextprotocol/client 2.x) validates and uses every result", async () => {
    const prompt = "a paper boat for the v2 client";
    const r = await run(process.execPath, [path.join(ROOT, "test", "hosts", "ts-sdk-v2-client.mjs"), TS_CLIENT, cli, out, prompt], env(), cwd);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as HostReport;
    assert.equal(report.protocolVersion ?? "2025-11-25", "2025-11-25");
    assert.deepEqual(report.result.contentTypes, ["text", "text", "image", "resource_link"]);
    checkReport(report, prompt);
  });

  it("the official Python SDK generates an image and reads it back as a resource", async function () {
    if (!existsSync(PYTHON)) {
      // scripts/setup-hosts.sh could not reach PyPI on this machine: say so rather than pass.
      console.warn("      (skipped: PyPI was not reachable when scripts/setup-hosts.sh ran, so the Python SDK is not installed)");
      this.skip();
    }
    const prompt = "a green cactus for the python host";
    const r = await run(PYTHON, [path.join(ROOT, "test", "hosts", "python_mcp_client.py"), cli, out, prompt], { ...env(), NODE: process.execPath }, cwd);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as HostReport;
    assert.equal(report.protocolVersion, "2025-11-25");
    checkReport(report, prompt);
  });
});
