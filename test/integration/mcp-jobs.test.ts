/**
 * `imagegen mcp` under real agent-host conditions (issue 16), the built CLI against the simulator:
 * parallel calls each get only their own image (the prompt read back from each PNG's text chunk),
 * with the SDK's client and with a raw JSON-RPC client in a second server process sharing the
 * config folder; a silent agent kept alive by progress for a client with a short timeout and
 * `resetTimeoutOnProgress`; a caller that gives up after the message was accepted still gets its
 * image saved (list_jobs shows it); `wait: false` + `get_job`; `save_media` without a new run_sse;
 * a cancel before the message was accepted aborts the request and charges nothing.
 * Times are sim times scaled by TIME_SCALE on both sides, so the ratios of the real service hold.
 */
import { strict as assert } from "node:assert";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { startSimulator, type Simulator } from "../sim/index";
import { buildCli, waitFor } from "./cli-harness";
import { pngDescription, RawMcpClient } from "./helpers/mcp-raw";

/** Sim ms × TIME_SCALE = real ms, on the simulator and in the server (NEMO_TIME_SCALE). */
const TIME_SCALE = 0.1;
const text = (r: CallToolResult): string => r.content.map((c) => (c.type === "text" ? c.text : "")).join("\n");
const links = (r: { content: unknown }): string[] =>
  (r.content as { type: string; uri?: string }[]).filter((c) => c.type === "resource_link").map((c) => fileURLToPath(c.uri as string));

describe("imagegen mcp: jobs, parallel callers, slow agents and callers that give up", function () {
  this.timeout(180_000);
  let cli: string;
  let sim: Simulator;
  let client: Client;
  const tmp = mkdtempSync(path.join(os.tmpdir(), "imagegen-mcp-jobs-"));
  const config = path.join(tmp, "config");
  const cwd = path.join(tmp, "project");
  const out = path.join(cwd, "media");
  const env = (): Record<string, string> => ({
    PATH: process.env.PATH ?? "",
    HOME: tmp,
    NEMOVIDEO_CONFIG_DIR: config,
    NEMO_API_URL: sim.url,
    NEMO_WEB_URL: "https://web.example.test",
    NEMO_TIME_SCALE: String(TIME_SCALE),
  });
  /** Transcripts for the issue's closing note (printed with IMAGEGEN_TRANSCRIPTS=1). */
  const transcript = (title: string, lines: string[]): void => {
    if (process.env.IMAGEGEN_TRANSCRIPTS === "1") process.stdout.write(`\n==== ${title}\n${lines.join("\n")}\n`);
  };
  const call = async (name: string, args: Record<string, unknown>, opts: Parameters<Client["callTool"]>[2] = {}): Promise<CallToolResult> =>
    (await client.callTool({ name, arguments: args }, undefined, opts)) as CallToolResult;
  const runSseCount = (): number => sim.requests.filter((q) => q.route === "run_sse").length;

  before(async function () {
    this.timeout(120_000);
    cli = await buildCli();
    sim = await startSimulator({ timeScale: TIME_SCALE, initialCredits: 5000, seed: 16, silentCloseRate: 0, trailingIssueRate: 0 });
    mkdirSync(cwd, { recursive: true });
    const transport = new StdioClientTransport({ command: process.execPath, args: [cli, "mcp", "--out", out], cwd, env: env(), stderr: "pipe" });
    client = new Client({ name: "mcp-jobs-test", version: "1.0.0" });
    await client.connect(transport);
  });

  after(async () => {
    await client?.close();
    await sim?.close();
    rmSync(tmp, { recursive: true, force: true });
    if (cli) rmSync(path.dirname(cli), { recursive: true, force: true });
  });

  it("lists wait on the long tools and the job tools", async () => {
    const { tools } = await client.listTools();
    for (const name of ["get_job", "list_jobs", "save_media"]) assert.ok(tools.some((t) => t.name === name), name);
    const gen = tools.find((t) => t.name === "generate_image");
    assert.equal((gen?.inputSchema.properties as Record<string, { type?: string }>).wait?.type, "boolean");
  });

  it("two parallel generate_image calls (SDK client) each name only their own file", async () => {
    const prompts = ["a photo of a blue whale", "a photo of a green cactus"];
    const results = await Promise.all(prompts.map((prompt) => call("generate_image", { prompt })));
    const lines: string[] = [];
    results.forEach((r, i) => {
      assert.notEqual(r.isError, true, text(r));
      const files = links(r);
      assert.equal(files.length, 1, `one file for "${prompts[i]}": ${files.join(", ")}`);
      const description = pngDescription(readFileSync(files[0])) ?? "";
      assert.ok(description.includes(prompts[i]), `the PNG of "${prompts[i]}" says "${description}"`);
      assert.ok(!description.includes(prompts[1 - i]), `the PNG of "${prompts[i]}" is not the other one's`);
      lines.push(`generate_image {"prompt":"${prompts[i]}"} →\n${text(r)}\n  PNG Description: ${pngDescription(readFileSync(files[0]))}`);
    });
    transcript("two parallel MCP calls (SDK client)", lines);
  });

  it("a raw JSON-RPC client in a second server process sharing the config folder, in parallel with the SDK client, keeps its own image", async () => {
    const raw = new RawMcpClient(process.execPath, [cli, "mcp", "--out", out], { cwd, env: env() });
    try {
      await raw.initialize();
      const rawCall = raw.request("tools/call", { name: "generate_image", arguments: { prompt: "a photo of a red lighthouse" } });
      const sdkCall = call("generate_image", { prompt: "a photo of a yellow submarine" });
      const [r1, r2] = await Promise.all([rawCall.answer, sdkCall]);
      const rawResult = r1.result as unknown as CallToolResult;
      assert.notEqual(rawResult.isError, true, JSON.stringify(r1));
      const rawFiles = links(rawResult);
      const sdkFiles = links(r2);
      assert.equal(rawFiles.length, 1, rawFiles.join(", "));
      assert.equal(sdkFiles.length, 1, sdkFiles.join(", "));
      assert.match(pngDescription(readFileSync(rawFiles[0])) ?? "", /red lighthouse/);
      assert.match(pngDescription(readFileSync(sdkFiles[0])) ?? "", /yellow submarine/);
      transcript("two server processes, one session (raw JSON-RPC client)", raw.transcript.map((l) => l.replace(/"data":"[A-Za-z0-9+/=]{100,}"/g, '"data":"<base64 PNG>"')));
    } finally {
      await raw.close();
    }
  });

  it("a silent agent (mute for 60 s) is kept alive by progress for a client with a 20-s timeout and resetTimeoutOnProgress", async () => {
    sim.inject({ route: "run_sse", fault: { type: "mute", afterEvents: 1, holdMs: 60_000 } });
    const progress: string[] = [];
    const r = await call("generate_image", { prompt: "a photo of a quiet harbour at night" }, {
      timeout: 20_000 * TIME_SCALE,
      resetTimeoutOnProgress: true,
      onprogress: (p) => progress.push(`progress ${p.progress}: ${p.message ?? ""}`),
    });
    assert.notEqual(r.isError, true, text(r));
    const files = links(r);
    assert.equal(files.length, 1);
    assert.match(pngDescription(readFileSync(files[0])) ?? "", /quiet harbour/);
    assert.ok(progress.some((m) => /\(\d+ s\)|\(\d+ min/.test(m)), `progress with the elapsed time: ${progress.join(" | ")}`);
    transcript("a long call kept alive by progress (mute 60 s, client timeout 20 s, resetTimeoutOnProgress)", [...progress, text(r)]);
  });

  it("a caller that cancels after the message was accepted: the image is saved later and list_jobs shows it", async () => {
    sim.inject({ route: "run_sse", fault: { type: "mute", afterEvents: 1, holdMs: 30_000 } });
    const credits0 = Number((await call("get_credits", {})).structuredContent?.available);
    const controller = new AbortController();
    const progress: string[] = [];
    let accepted!: () => void;
    const acceptedNow = new Promise<void>((r) => (accepted = r));
    const pending = call("generate_image", { prompt: "a photo of a paper boat" }, {
      signal: controller.signal,
      onprogress: (p) => {
        progress.push(p.message ?? "");
        // The server says the agent works on it: the message was accepted (the stream started).
        if (/agent is working|working: generate_image|Generating an image/.test(p.message ?? "")) accepted();
      },
    });
    await acceptedNow;
    controller.abort();
    await assert.rejects(pending);
    // The job keeps watching the session and saves the paper boat when the turn ends.
    // The saved name only: the download's temp file (".paper-boat.png.<hex>.part") appears first.
    const saved = (f: string): boolean => /^paper-boat.*\.png$/.test(f);
    await waitFor(() => readdirSync(out).some(saved), 90_000, 100);
    const boat = readdirSync(out).find(saved) as string;
    assert.match(pngDescription(readFileSync(path.join(out, boat))) ?? "", /paper boat/);
    const listed = (await call("list_jobs", {})).structuredContent as { jobs: { id: string; prompt?: string }[] };
    const id = listed.jobs.find((j) => j.prompt === "a photo of a paper boat")?.id as string;
    assert.match(id, /^job_/);
    const job = await call("get_job", { id, waitSeconds: 60 }); // the file is written just before the job is marked done
    assert.equal((job.structuredContent as { state: string }).state, "done", text(job));
    const list = text(await call("list_jobs", {}));
    assert.match(list, /"a photo of a paper boat" \(mcp\): done \(finished after you stopped waiting\) → media\/.*paper-boat.*\.png/);
    const credits1 = Number((await call("get_credits", {})).structuredContent?.available);
    assert.equal(credits0 - credits1, 100, "charged once, and the image is on disk");
    transcript("a caller that gave up; the image was still saved", [
      ...progress.map((m) => `progress: ${m}`),
      "(the client cancels: notifications/cancelled)",
      `file on disk: media/${boat}`,
      `list_jobs →\n${list}`,
    ]);
  });

  it("wait: false returns a job id at once and get_job returns the file", async () => {
    const started = await call("generate_image", { prompt: "a photo of an orange kite", wait: false });
    assert.notEqual(started.isError, true, text(started));
    const id = (started.structuredContent as { jobId: string }).jobId;
    assert.match(id, /^job_/);
    assert.equal(links(started).length, 0, "no file yet");
    assert.match(text(started), /get_job/);
    const done = await call("get_job", { id, waitSeconds: 600 }, { timeout: 120_000 });
    assert.equal((done.structuredContent as { state: string }).state, "done", text(done));
    const files = links(done);
    assert.equal(files.length, 1);
    assert.match(pngDescription(readFileSync(files[0])) ?? "", /orange kite/);
  });

  it("export_video with wait: false: get_job returns the MP4, and the export is one job on the ledger", async () => {
    const started = await call("export_video", { wait: false });
    const id = (started.structuredContent as { jobId: string }).jobId;
    const done = await call("get_job", { id, waitSeconds: 600 }, { timeout: 120_000 });
    assert.equal((done.structuredContent as { state: string }).state, "done", text(done));
    const [mp4] = links(done);
    assert.equal(readFileSync(mp4).subarray(4, 8).toString("latin1"), "ftyp");
    const jobs = (await call("list_jobs", { limit: 100 })).structuredContent as { jobs: { kind: string }[] };
    assert.equal(jobs.jobs.filter((j) => j.kind === "export").length, 1, "the client's export record is the runner's job");
  });

  it("save_media saves media already in the session without a new run_sse", async () => {
    const session = await call("get_session", {});
    const media = (session.structuredContent as { generatedMedia: { url: string; kind: string }[] }).generatedMedia;
    const whale = media.find((m) => m.kind === "image");
    assert.ok(whale, text(session));
    const runs = runSseCount();
    const filesBefore = readdirSync(out).length;
    const r = await call("save_media", { url: whale.url });
    assert.notEqual(r.isError, true, text(r));
    assert.match(text(r), /no credits spent/);
    assert.equal(links(r).length, 1);
    assert.equal(readdirSync(out).length, filesBefore + 1, "a new file");
    assert.equal(runSseCount(), runs, "no new /run_sse");
  });

  it("a cancel before the message was accepted aborts the request and charges nothing", async () => {
    sim.inject({ route: "run_sse", fault: { type: "slow", ms: 60_000 } });
    const credits0 = Number((await call("get_credits", {})).structuredContent?.available);
    const before = sim.requests.length;
    const controller = new AbortController();
    const pending = call("generate_image", { prompt: "a photo of a never sent comet" }, { signal: controller.signal });
    await waitFor(() => sim.requests.slice(before).some((q) => q.route === "run_sse"), 30_000);
    controller.abort();
    await assert.rejects(pending);
    await waitFor(() => sim.requests.slice(before).some((q) => q.route === "run_sse" && q.aborted), 30_000);
    const listed = (await call("list_jobs", {})).structuredContent as { jobs: { id: string; prompt?: string }[] };
    const id = listed.jobs.find((j) => j.prompt === "a photo of a never sent comet")?.id as string;
    const job = await call("get_job", { id, waitSeconds: 60 });
    assert.equal((job.structuredContent as { state: string }).state, "cancelled", text(job));
    const credits1 = Number((await call("get_credits", {})).structuredContent?.available);
    assert.equal(credits1, credits0, "nothing charged");
    sim.clearFaults();
  });
});
