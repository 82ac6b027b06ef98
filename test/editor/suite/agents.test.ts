// The agent surfaces inside the real extension host: the language model tools (registered, and
// `vscode.lm.invokeTool` on generate_image saving a file and returning its path, link and image
// bytes), the cost confirmation of `prepareInvocation`, the `@imagegen` handler against a
// recording response stream (text, anchors/references to saved files, progress, cancellation
// aborting the request at the simulator), and the MCP server definition launching the bundled CLI
// that the SDK's Client then talks to.
import * as assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { clearFaults, inject, outputDir, requests, seam, simSuite, simUrl, waitFor } from "./ext-helpers";

// Prefixed: VS Code has one tool namespace for every extension (docs/AGENTS.md, "Names").
/** MCP names stay unprefixed: hosts namespace MCP tools by server. */
const MCP_TOOL_NAMES = ["generate_image", "edit_timeline", "export_video", "get_credits", "get_session"];
const TOOL_NAMES = [
  "imagegen_generate_image",
  "imagegen_edit_timeline",
  "imagegen_export_video",
  "imagegen_get_credits",
  "imagegen_get_session",
  "imagegen_get_job",
  "imagegen_list_jobs",
  "imagegen_save_media",
];
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47]);

interface Recorded {
  kind: "markdown" | "progress" | "anchor" | "reference";
  value: string;
}

/** A ChatResponseStream that records what the participant writes. */
function recorder(): { stream: Pick<vscode.ChatResponseStream, "markdown" | "progress" | "anchor" | "reference">; parts: Recorded[] } {
  const parts: Recorded[] = [];
  const text = (v: string | vscode.MarkdownString): string => (typeof v === "string" ? v : v.value);
  const where = (v: vscode.Uri | vscode.Location): string => (v instanceof vscode.Uri ? v.fsPath : v.uri.fsPath);
  return {
    parts,
    stream: {
      markdown: (v) => parts.push({ kind: "markdown", value: text(v) }),
      progress: (v) => parts.push({ kind: "progress", value: v }),
      anchor: (v) => parts.push({ kind: "anchor", value: where(v) }),
      reference: (v) => parts.push({ kind: "reference", value: where(v as vscode.Uri) }),
    },
  };
}

function textOf(result: vscode.LanguageModelToolResult): string {
  return result.content.map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : "")).join("\n");
}

async function setConfirm(on: boolean): Promise<void> {
  await vscode.workspace.getConfiguration("imageGeneration").update("confirmPaidActions", on, vscode.ConfigurationTarget.Global);
}

describe("agent surfaces: LM tools, @imagegen, MCP definition (simulator)", function () {
  simSuite(this);
  // The setting as the harness left it (off), put back afterwards: the suites after this one (the
  // exports) must not meet the export question.
  let confirmBefore: boolean | undefined;
  before(() => {
    confirmBefore = vscode.workspace.getConfiguration("imageGeneration").inspect<boolean>("confirmPaidActions")?.globalValue;
  });
  after(async () => {
    await vscode.workspace.getConfiguration("imageGeneration").update("confirmPaidActions", confirmBefore, vscode.ConfigurationTarget.Global);
  });

  it("registers the eight language model tools (the job tools too)", () => {
    const lm = (vscode as { lm?: Partial<typeof vscode.lm> }).lm;
    assert.ok(Array.isArray(lm?.tools), "this editor has vscode.lm.tools");
    const ours = lm.tools.filter((t) => TOOL_NAMES.includes(t.name)).map((t) => t.name).sort();
    assert.deepEqual(ours, [...TOOL_NAMES].sort());
    const gen = lm.tools.find((t) => t.name === "imagegen_generate_image");
    assert.deepEqual((gen?.inputSchema as { required?: string[] }).required, ["prompt"]);
    assert.match(gen?.description ?? "", /100 credits/);
  });

  it("vscode.lm.invokeTool(imagegen_generate_image) saves a PNG and returns its path and a Markdown link; no image part for a model not known to see", async () => {
    await setConfirm(false); // invokeTool outside a chat would show the confirmation as a modal dialog
    const result = await vscode.lm.invokeTool("imagegen_generate_image", { input: { prompt: "a lighthouse in a storm" }, toolInvocationToken: undefined });
    const text = textOf(result);
    const rel = /^- (\S.*?) \(image\/png\)$/m.exec(text)?.[1];
    assert.ok(rel, `a saved path in: ${text}`);
    const file = path.join(path.dirname(outputDir()), rel);
    assert.equal(path.dirname(file), outputDir());
    assert.ok(readFileSync(file).subarray(0, 4).equals(PNG), "a PNG on disk");
    assert.match(text, /Markdown: !\[a lighthouse in a storm\]\(generated-media\//);
    assert.equal(result.content.find((p) => (p as { mimeType?: string }).mimeType === "image/png"), undefined, "no image part without a vision model");
  });

  it("the image part comes only when the requesting model accepts images", async () => {
    await setConfirm(false);
    const r = await seam<vscode.LanguageModelToolResult>("agentTool", { name: "generate_image", input: { prompt: "a lighthouse at noon" }, model: { capabilities: { supportsImageToText: true } } });
    const rel = /^- (\S.*?) \(image\/png\)$/m.exec(textOf(r))?.[1];
    assert.ok(rel, textOf(r));
    const file = path.join(path.dirname(outputDir()), rel);
    const data = r.content.find((p) => (p as { mimeType?: string }).mimeType === "image/png") as { data?: Uint8Array } | undefined;
    if ((vscode as { LanguageModelDataPart?: unknown }).LanguageModelDataPart) {
      assert.ok(data?.data && Buffer.from(data.data).equals(readFileSync(file)), "the image bytes for a vision model");
    }
  });

  it("imagegen_generate_image with wait: false returns a job id at once; imagegen_get_job returns the file; imagegen_list_jobs and the Session view's Jobs show the ledger's record", async () => {
    await setConfirm(false);
    const started = textOf(await vscode.lm.invokeTool("imagegen_generate_image", { input: { prompt: "a kite over dunes", wait: false }, toolInvocationToken: undefined }));
    const id = /^Started job (job_\S+) \(generate\)/.exec(started)?.[1];
    assert.ok(id, started);
    const got = textOf(await vscode.lm.invokeTool("imagegen_get_job", { input: { id, waitSeconds: 90 }, toolInvocationToken: undefined }));
    assert.match(got, new RegExp(`^Job ${id} \\(generate\\): done\\.`), got);
    const rel = /^- (\S.*?) \(image\/png\)$/m.exec(got)?.[1];
    assert.ok(rel, got);
    assert.ok(readFileSync(path.join(path.dirname(outputDir()), rel)).subarray(0, 4).equals(PNG), "the PNG on disk");
    const listed = textOf(await vscode.lm.invokeTool("imagegen_list_jobs", { input: { limit: 5 }, toolInvocationToken: undefined }));
    assert.match(listed, new RegExp(`- ${id} generate "a kite over dunes" \\(lm-tool\\): done → `), listed);
    const tree = await seam<Array<{ label: string; description?: string; contextValue?: string; depth: number }>>("tree");
    assert.ok(tree.some((n) => n.depth === 0 && n.label === "Jobs"), JSON.stringify(tree.map((n) => n.label)));
    const row = tree.find((n) => n.label === "a kite over dunes" && n.contextValue === "job.done");
    assert.ok(row, `the job's row: ${JSON.stringify(tree.filter((n) => n.contextValue?.startsWith("job.")))}`);
    assert.equal(row.description, `done · ${path.basename(rel)}`);
  });

  it("Stop after the message reached the agent ends the tool's wait only: the job saves the file, and the Session view and the chat say it finished after you stopped waiting", async () => {
    await setConfirm(false);
    await inject("run_sse", { type: "mute", afterEvents: 1, holdMs: 2_500_000 }); // about 10 real seconds at the editor tests' time scale
    const source = new vscode.CancellationTokenSource();
    const run = seam("agentTool", { name: "generate_image", input: { prompt: "a quiet paper boat" }, token: source.token });
    type Row = { label: string; description?: string; contextValue?: string };
    // The job's row (a track segment may carry the same words).
    const rows = async (): Promise<Row[]> => (await seam<Row[]>("tree")).filter((n) => n.label === "a quiet paper boat" && n.contextValue?.startsWith("job."));
    await waitFor(async () => (await rows()).some((n) => n.contextValue === "job.working"), "the job is with the agent (working)");
    source.cancel();
    await assert.rejects(run, (e: unknown) => e instanceof Error && e.name === "Canceled", "the caller's wait ended");
    await waitFor(async () => (await rows()).some((n) => n.contextValue === "job.done"), "the job finished by itself", 90_000);
    const [row] = await rows();
    assert.match(row.description ?? "", /^done · finished after you stopped waiting · .*paper-boat.*\.png$/, row.description);
    const file = path.join(outputDir(), (row.description ?? "").split(" · ").pop() ?? "");
    assert.ok(existsSync(file), file);
    await waitFor(
      async () => (await seam<Array<{ notes: string[]; media: { savedPath?: string }[] }>>("chat", { op: "messages" })).some((m) => m.notes.includes("Finished after you stopped waiting: a quiet paper boat") && m.media.some((x) => x.savedPath === file)),
      "the chat's one line with the file",
    );
    await clearFaults();
  });

  it("vscode.lm.invokeTool(imagegen_export_video) renders through the export runner and returns the MP4's path", async () => {
    await setConfirm(false);
    const result = await vscode.lm.invokeTool("imagegen_export_video", { input: {}, toolInvocationToken: undefined });
    const rel = /^Exported the timeline to (\S.*?) \(\d+ bytes, MP4\)\.$/m.exec(textOf(result))?.[1];
    assert.ok(rel, textOf(result));
    const file = path.join(path.dirname(outputDir()), rel);
    assert.equal(readFileSync(file).subarray(4, 8).toString("latin1"), "ftyp", "an MP4 on disk");
    const tree = await seam<Array<{ label: string; contextValue?: string }>>("tree");
    assert.ok(tree.some((n) => n.contextValue === "export.done"), "the export is listed in the Session view");
  });

  it("cancelling a tool invocation before the message was accepted aborts its request at the simulator", async () => {
    await setConfirm(false);
    // The simulator holds its answer (nothing accepted yet): a cancel now aborts and charges nothing.
    // (After the message is accepted a cancel only ends the tool's wait; the job saves the file: docs/AGENTS.md.)
    await inject("run_sse", { type: "slow", ms: 600_000 });
    const before = (await requests()).length;
    const source = new vscode.CancellationTokenSource();
    const run = seam("agentTool", { name: "generate_image", input: { prompt: "a slow glacier" }, token: source.token });
    await waitFor(async () => (await requests()).slice(before).some((q) => q.path === "/run_sse"), "the message reached the simulator");
    source.cancel();
    await assert.rejects(run, (e: unknown) => e instanceof Error && e.name === "Canceled", "a CancellationError for the editor");
    await waitFor(async () => (await requests()).slice(before).some((q) => q.path === "/run_sse" && q.aborted), "the request was aborted");
    await clearFaults();
  });

  it("prepareInvocation asks the shared cost confirmation for paid tools, and the export question for export_video", async () => {
    await setConfirm(true);
    const gen = await seam<vscode.PreparedToolInvocation>("agentPrepare", { name: "generate_image", input: { prompt: "x" } });
    assert.equal(gen.confirmationMessages?.title, "Generate an image?");
    assert.match(String(gen.confirmationMessages?.message), /about 100 credits\. You have \d+ available\./);
    const clip = await seam<vscode.PreparedToolInvocation>("agentPrepare", { name: "generate_image", input: { prompt: "x", kind: "clip" } });
    assert.equal(clip.confirmationMessages?.title, "Generate a video clip?");
    const edit = await seam<vscode.PreparedToolInvocation>("agentPrepare", { name: "edit_timeline", input: { message: "add a title" } });
    assert.match(String(edit.confirmationMessages?.message), /about 50 credits/);
    // Exports are free, but the export question names what the MP4 will contain (core/render/export-question.ts).
    const free = await seam<vscode.PreparedToolInvocation>("agentPrepare", { name: "export_video", input: {} });
    assert.match(String(free.confirmationMessages?.title), /^Export the timeline \((?:1 image|\d+ images)(?:, [^)]+)?, \d+:\d\d\) as a \d+p MP4\?$/);
    assert.match(String(free.confirmationMessages?.message), /^Exporting is free \(no credits\)/);
    await setConfirm(false);
    const off = await seam<vscode.PreparedToolInvocation>("agentPrepare", { name: "generate_image", input: { prompt: "x" } });
    assert.equal(off.confirmationMessages, undefined, "the setting turns it off everywhere");
  });

  it("a failing tool tells the model one sentence and the next step", async () => {
    await setConfirm(false);
    await inject("run_sse", { type: "code", code: 2001 });
    const r = await seam<vscode.LanguageModelToolResult>("agentTool", { name: "generate_image", input: { prompt: "a blue whale" } });
    assert.match(textOf(r), /credits/i);
    assert.doesNotMatch(textOf(r), /\bat .+\.js:\d+|Error:/, "no stack");
    const bad = await seam<vscode.LanguageModelToolResult>("agentTool", { name: "generate_image", input: {} });
    assert.match(textOf(bad), /^The input of generate_image is not valid: prompt: .+ Call it again/);
  });

  it("@imagegen /generate streams text and progress and links the saved file; follow-ups offer export and another", async () => {
    await setConfirm(false);
    const rec = recorder();
    const { result, followups } = await seam<{ result: vscode.ChatResult; followups: vscode.ChatFollowup[] }>("participant", {
      request: { prompt: "a paper boat on a pond", command: "generate" },
      stream: rec.stream,
    });
    assert.equal(result.errorDetails, undefined);
    const md = rec.parts.filter((p) => p.kind === "markdown").map((p) => p.value).join("");
    assert.ok(md.trim().length > 10, "the agent's answer as Markdown");
    assert.ok(rec.parts.some((p) => p.kind === "progress" && /working: /.test(p.value)), "a progress line for tool activity");
    const anchor = rec.parts.find((p) => p.kind === "anchor");
    assert.ok(anchor && existsSync(anchor.value), "an anchor to the saved file");
    assert.equal(path.dirname(anchor.value), outputDir());
    assert.ok(rec.parts.some((p) => p.kind === "reference" && p.value === anchor.value));
    assert.deepEqual(followups.map((f) => f.command), ["export", "generate"]);
    // The reply shows the job's record, and the job is on the workspace's ledger (surface participant).
    const id = /_Job (job_\S+): done_/.exec(md)?.[1];
    assert.ok(id, `the job's line in: ${md}`);
    const listed = textOf(await vscode.lm.invokeTool("imagegen_list_jobs", { input: { limit: 10 }, toolInvocationToken: undefined }));
    assert.match(listed, new RegExp(`- ${id} generate "a paper boat on a pond" \\(participant\\): done → generated-media/${path.basename(anchor.value).replace(/[.]/g, "\\.")}`), listed);
  });

  it("@imagegen /edit shows the change sentences; /export links the MP4", async () => {
    await setConfirm(false);
    const edit = recorder();
    const r1 = await seam<{ result: vscode.ChatResult; followups: vscode.ChatFollowup[] }>("participant", {
      request: { prompt: "add the title 'Harbour Lights'", command: "edit" },
      stream: edit.stream,
    });
    assert.equal(r1.result.errorDetails, undefined);
    assert.match(edit.parts.map((p) => p.value).join(""), /Harbour Lights/);
    assert.deepEqual(r1.followups.map((f) => f.command), ["export"]);
    const exp = recorder();
    await seam("participant", { request: { prompt: "", command: "export" }, stream: exp.stream });
    const anchor = exp.parts.find((p) => p.kind === "anchor");
    assert.ok(anchor && anchor.value.endsWith(".mp4") && existsSync(anchor.value), "an anchor to the MP4");
    assert.ok(exp.parts.some((p) => p.kind === "progress" && /Render|timeline/.test(p.value)), "render progress lines");
  });

  it("@imagegen /credits and /status answer locally", async () => {
    const rec = recorder();
    await seam("participant", { request: { prompt: "", command: "credits" }, stream: rec.stream });
    await seam("participant", { request: { prompt: "", command: "status" }, stream: rec.stream });
    const md = rec.parts.map((p) => p.value).join("\n");
    assert.match(md, /\d+ credits available/);
    assert.match(md, /Timeline \(\d+ tracks?\)/);
  });

  it("@imagegen stops on cancellation before the message was accepted, and the request is aborted at the simulator", async () => {
    await setConfirm(false);
    // The simulator holds its answer (nothing accepted yet). After acceptance a Stop only ends the
    // reply's wait and the job saves the file, as for the language model tools (docs/AGENTS.md).
    await inject("run_sse", { type: "slow", ms: 600_000 });
    const before = (await requests()).length;
    const source = new vscode.CancellationTokenSource();
    const rec = recorder();
    const run = seam<{ result: vscode.ChatResult }>("participant", { request: { prompt: "a slow sunrise", command: "generate" }, stream: rec.stream, token: source.token });
    await waitFor(async () => (await requests()).slice(before).some((q) => q.path === "/run_sse"), "the message reached the simulator");
    source.cancel();
    const { result } = await run;
    assert.equal(result.errorDetails, undefined, "a cancel is not an error");
    await waitFor(async () => (await requests()).slice(before).some((q) => q.path === "/run_sse" && q.aborted), "the request was aborted");
    await clearFaults();
  });

  it("the MCP server definition launches the bundled CLI, which answers the SDK's Client", async function () {
    const launch = await seam<{ command: string; args: string[]; env: Record<string, string>; cwd?: string } | undefined>("mcpLaunch");
    assert.ok(launch, "a definition for the open folder");
    assert.equal(launch.command, process.execPath);
    assert.equal(launch.env.ELECTRON_RUN_AS_NODE, "1");
    assert.equal(launch.env.NEMO_API_URL, simUrl());
    assert.ok(!launch.args.some((a) => /nmv_/.test(a)) && !Object.values(launch.env).some((v) => /nmv_/.test(v)), "no token");
    assert.deepEqual(launch.args.slice(1, 3), ["mcp", "--out"]);
    const transport = new StdioClientTransport({
      command: launch.command,
      args: launch.args,
      cwd: launch.cwd,
      env: { ...launch.env, PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NEMOVIDEO_CONFIG_DIR: path.join(outputDir(), "..", ".mcp-config") },
      stderr: "ignore",
    });
    // The test bundle, like the CLI's, leaves ajv out (esbuild.mjs): accept what the server declares.
    const client = new Client(
      { name: "host-test", version: "1.0.0" },
      { jsonSchemaValidator: { getValidator: () => (input: unknown) => ({ valid: true, data: input as never, errorMessage: undefined }) } },
    );
    await client.connect(transport);
    try {
      const { tools } = await client.listTools();
      // The MCP server adds the job tools (get_job, list_jobs, save_media: docs/AGENTS.md "Jobs").
      assert.deepEqual(tools.map((t) => t.name).sort(), [...MCP_TOOL_NAMES, "get_job", "list_jobs", "save_media"].sort());
      const credits = await client.callTool({ name: "get_credits", arguments: {} });
      assert.match(JSON.stringify(credits.content), /credits available/);
    } finally {
      await client.close();
    }
  });
});
