/**
 * `imagegen mcp` against hosts as they are: hand-written JSON-RPC clients negotiating each protocol
 * revision (2024-11-05, 2025-03-26, 2025-06-18, 2025-11-25), the TypeScript SDK 1.10.2 client (an
 * old host; installed as the dev alias `mcp-sdk-old`), results under the 1 MiB limit, media types
 * from the bytes at extensionless URLs, resources listed, read byte for byte and announced,
 * strict arguments (-32602 for a malformed call, one sentence for an unknown argument), the cost
 * question by elicitation, and export cancellation stopping the render at the service.
 */
import { strict as assert } from "node:assert";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { decode as decodeJpeg } from "jpeg-js";
import { PNG } from "pngjs";
import { Client as OldClient } from "mcp-sdk-old/client/index.js";
import { StdioClientTransport as OldStdioClientTransport } from "mcp-sdk-old/client/stdio.js";
import { startSimulator, type Simulator } from "../sim/index";
import { buildCli, waitFor } from "./cli-harness";
import { GIF_1X1, noisePng, WEBP_1X1 } from "./helpers/media-bytes";
import { RawMcpClient, type RpcMessage } from "./helpers/raw-mcp";

const TIME_SCALE = 0.02;
const MiB = 1024 * 1024;

interface Content {
  type: string;
  text?: string;
  data?: string;
  mimeType?: string;
  uri?: string;
}
type ToolResult = { content: Content[]; structuredContent?: Record<string, unknown>; isError?: boolean };

describe("imagegen mcp with real hosts' clients (simulator)", function () {
  this.timeout(90_000);
  let cli: string;
  let sim: Simulator;
  const tmp = mkdtempSync(path.join(os.tmpdir(), "imagegen-mcp-hosts-"));
  const cwd = path.join(tmp, "project");
  const out = path.join(cwd, "media");
  const config = path.join(tmp, "config");
  const clients: RawMcpClient[] = [];

  const env = (): Record<string, string> => ({
    PATH: process.env.PATH ?? "",
    HOME: tmp,
    NEMOVIDEO_CONFIG_DIR: config,
    NEMO_API_URL: sim.url,
    NEMO_WEB_URL: "https://web.example.test",
    NEMO_TIME_SCALE: String(TIME_SCALE),
  });
  const raw = (...extra: string[]): RawMcpClient => {
    const c = new RawMcpClient(process.execPath, [cli, "mcp", "--out", out, ...extra], { cwd, env: env() });
    clients.push(c);
    return c;
  };
  const result = (m: RpcMessage): ToolResult => {
    assert.equal(m.error, undefined, JSON.stringify(m.error));
    return m.result as unknown as ToolResult;
  };
  const textOf = (r: ToolResult): string => r.content.filter((c) => c.type === "text").map((c) => c.text).join("\n");

  before(async function () {
    this.timeout(120_000);
    cli = await buildCli();
    sim = await startSimulator({ timeScale: TIME_SCALE, initialCredits: 100_000, seed: 5, silentCloseRate: 0, trailingIssueRate: 0 });
    mkdirSync(cwd, { recursive: true });
  });

  afterEach(async () => {
    sim.setImageBytes(undefined);
    sim.clearFaults();
    await Promise.all(clients.splice(0).map((c) => c.close()));
  });

  after(async () => {
    await sim?.close();
    rmSync(tmp, { recursive: true, force: true });
    if (cli) rmSync(path.dirname(cli), { recursive: true, force: true });
  });

  for (const version of ["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"]) {
    it(`a client negotiating ${version} gets only what ${version} defines`, async () => {
      const c = raw();
      const init = await c.initialize(version);
      assert.equal(init.result?.protocolVersion, version);
      assert.ok((init.result?.capabilities as { resources?: unknown }).resources, "resources declared");
      assert.equal("title" in (init.result?.serverInfo as object), version >= "2025-06-18", "serverInfo.title");
      const modern = version >= "2025-06-18";
      const tools = (await c.request("tools/list")).result?.tools as Array<Record<string, unknown>>;
      for (const t of tools) {
        assert.equal("outputSchema" in t, modern, `${String(t.name)} outputSchema`);
        assert.equal("title" in t, modern, `${String(t.name)} title`);
        assert.equal("annotations" in t, version >= "2025-03-26", `${String(t.name)} annotations`);
      }
      const r = result(await c.request("tools/call", { name: "generate_image", arguments: { prompt: `a red fox in snow, ${version}` } }));
      assert.notEqual(r.isError, true, textOf(r));
      const allowed = modern ? ["text", "image", "resource_link"] : version >= "2025-03-26" ? ["text", "image", "audio", "resource"] : ["text", "image", "resource"];
      for (const part of r.content) assert.ok(allowed.includes(part.type), `${part.type} at ${version}`);
      assert.equal("structuredContent" in r, modern);
      assert.ok(r.content.some((p) => p.type === "image" && p.mimeType === "image/png"));
      if (modern) {
        const link = r.content.find((p) => p.type === "resource_link");
        assert.ok(link?.uri?.startsWith("file://"));
        assert.ok(r.content.some((p) => p.type === "text" && p.text === JSON.stringify(r.structuredContent)), "the structured JSON also as text");
      } else {
        assert.match(textOf(r), /^Resource: file:\/\/\S+\.png$/m, "the resource URI in the text");
      }
    });
  }

  it("TypeScript SDK 1.10.2 (an old host) parses every tool's result", async () => {
    const transport = new OldStdioClientTransport({ command: process.execPath, args: [cli, "mcp", "--out", out], cwd, env: env(), stderr: "pipe" });
    const client = new OldClient({ name: "old-host", version: "1.10.2" });
    await client.connect(transport);
    try {
      const { tools } = await client.listTools();
      assert.equal(tools.length, 8); // the five agent tools and get_job, list_jobs, save_media
      const calls: Array<[string, Record<string, unknown>]> = [
        ["generate_image", { prompt: "an old host's lighthouse" }],
        ["edit_timeline", { message: "add the title 'Old Hosts'" }],
        ["get_session", {}],
        ["get_credits", {}],
        ["export_video", {}],
      ];
      for (const [name, args] of calls) {
        // callTool validates the result with the 1.10.2 schema: a resource_link would throw invalid_union here.
        const r = (await client.callTool({ name, arguments: args })) as ToolResult;
        assert.notEqual(r.isError, true, `${name}: ${textOf(r)}`);
        if (name === "generate_image") assert.ok(r.content.some((p) => p.type === "image"));
      }
    } finally {
      await client.close();
    }
  });

  it("a 3 MB PNG keeps the whole response under 1 MiB: text, link and a smaller decodable JPEG preview, no cut image", async () => {
    const big = noisePng(3 * MiB);
    assert.ok(big.length > 3 * MiB);
    sim.setImageBytes(big, "image/png");
    const c = raw();
    await c.initialize("2025-06-18");
    const m = await c.request("tools/call", { name: "generate_image", arguments: { prompt: "a very detailed big poster" } });
    assert.ok(m.bytes < MiB, `${m.bytes} bytes`);
    const r = result(m);
    const images = r.content.filter((p) => p.type === "image");
    assert.equal(images.length, 1, "one preview");
    assert.equal(images[0].mimeType, "image/jpeg");
    const preview = decodeJpeg(Buffer.from(images[0].data ?? "", "base64"), { useTArray: true });
    const original = PNG.sync.read(big);
    assert.ok(preview.width > 0 && preview.width * preview.height < original.width * original.height, `${preview.width}×${preview.height} is smaller than ${original.width}×${original.height}`);
    assert.ok(Math.abs(preview.width / preview.height - original.width / original.height) < 0.02, "same aspect ratio");
    const link = r.content.find((p) => p.type === "resource_link");
    assert.ok(link?.uri);
    // The whole file was saved (plus the provenance record the save path adds: XMP, never a re-encode).
    assert.ok(readFileSync(fileURLToPath(link.uri)).length >= big.length, "the whole file was saved");
    assert.match(textOf(r), new RegExp(`is shown as a smaller ${preview.width}×${preview.height} JPEG preview, so that this result stays under 1\\.0 MB`));
    // A larger limit (the flag; the editor's setting passes it) inlines it again.
    const wide = raw("--max-result-bytes", String(8 * MiB));
    await wide.initialize("2025-06-18");
    const w = await wide.request("tools/call", { name: "generate_image", arguments: { prompt: "a very detailed big poster" } });
    assert.ok(w.bytes > 3 * MiB && w.bytes < 8 * MiB, `${w.bytes} bytes`);
    assert.ok(result(w).content.some((p) => p.type === "image"));
  });

  it("a 3 MB GIF (no pure-JS decoder here) is not inlined: the text and the link, under 1 MiB", async () => {
    const big = Buffer.concat([GIF_1X1.subarray(0, 13), randomBytes(3 * MiB)]);
    sim.setImageBytes(big, "image/gif");
    const c = raw();
    await c.initialize("2025-06-18");
    const m = await c.request("tools/call", { name: "generate_image", arguments: { prompt: "a very long animated banner" } });
    assert.ok(m.bytes < MiB, `${m.bytes} bytes`);
    const r = result(m);
    assert.equal(r.content.some((p) => p.type === "image"), false, "not inlined");
    assert.ok(r.content.some((p) => p.type === "resource_link"));
    assert.match(textOf(r), /is not included inline: it would make this result larger than 1\.0 MB/);
  });

  const formats: Array<[string, () => Buffer, string, string]> = [
    ["WebP", () => WEBP_1X1, "image/webp", ".webp"],
    ["JPEG", () => readFileSync(path.join(__dirname, "..", "fixtures", "sample.jpg")), "image/jpeg", ".jpg"],
    ["GIF", () => GIF_1X1, "image/gif", ".gif"],
  ];
  for (const [what, bytes, mime, ext] of formats) {
    it(`${what} bytes at an extensionless URL declared as image/png are saved as ${ext} and labelled ${mime} everywhere`, async () => {
      sim.setImageBytes(bytes(), "image/png");
      const c = raw();
      await c.initialize("2025-11-25");
      const r = result(await c.request("tools/call", { name: "generate_image", arguments: { prompt: `a ${what} sticker` } }));
      assert.notEqual(r.isError, true, textOf(r));
      const link = r.content.find((p) => p.type === "resource_link");
      assert.ok(link?.uri);
      const file = fileURLToPath(link.uri);
      assert.equal(path.extname(file), ext);
      // The service's bytes, plus the provenance record the save path adds (XMP; GIF carries none).
      assert.ok(readFileSync(file).length >= bytes().length);
      assert.equal(link.mimeType, mime);
      assert.equal(r.content.find((p) => p.type === "image")?.mimeType, mime);
      assert.equal((r.structuredContent?.files as Array<{ mimeType: string }>)[0].mimeType, mime);
      const list = (await c.request("resources/list")).result?.resources as Array<{ uri: string; mimeType: string }>;
      assert.equal(list.find((x) => x.uri === link.uri)?.mimeType, mime);
    });
  }

  it("resources: saved media are listed, read byte for byte with their true type, and announced", async () => {
    const c = raw();
    await c.initialize("2025-06-18");
    const earlier = ((await c.request("resources/list")).result?.resources as Array<{ uri: string; mimeType: string }>) ?? [];
    // Before this server saves anything: what earlier runs saved, from the job ledger beside the token (files that still exist).
    assert.ok(earlier.every((x) => existsSync(fileURLToPath(x.uri))), "only files that exist");
    const r = result(await c.request("tools/call", { name: "generate_image", arguments: { prompt: "a resource fox" } }));
    await c.until(() => c.notifications.some((n) => n.method === "notifications/resources/list_changed"));
    const link = r.content.find((p) => p.type === "resource_link");
    assert.ok(link?.uri);
    const list = (await c.request("resources/list")).result?.resources as Array<{ uri: string; name: string; mimeType: string; size: number }>;
    assert.deepEqual(list.map((x) => x.uri), [link.uri, ...earlier.map((x) => x.uri)], "the new file first");
    const read = await c.request("resources/read", { uri: link.uri });
    const [content] = read.result?.contents as Array<{ uri: string; mimeType: string; blob: string }>;
    assert.equal(content.mimeType, "image/png");
    assert.ok(Buffer.from(content.blob, "base64").equals(readFileSync(fileURLToPath(link.uri))), "byte for byte");
    const other = await c.request("resources/read", { uri: `file://${path.join(cwd, "package.json")}` });
    assert.equal(other.error?.code, -32002, "only files this server saved");
  });

  it("resources: a new server lists the files an earlier run saved (the job ledger on disk)", async () => {
    const first = raw();
    await first.initialize("2025-06-18");
    result(await first.request("tools/call", { name: "generate_image", arguments: { prompt: "a fox for the record" } }));
    const exported = result(await first.request("tools/call", { name: "export_video", arguments: {} }));
    assert.notEqual(exported.isError, true, textOf(exported));
    const mp4 = exported.content.find((p) => p.type === "resource_link")?.uri;
    assert.ok(mp4);
    await first.close();
    const second = raw();
    await second.initialize("2025-06-18");
    const list = (await second.request("resources/list")).result?.resources as Array<{ uri: string; mimeType: string }>;
    assert.equal(list.find((x) => x.uri === mp4)?.mimeType, "video/mp4");
    const read = await second.request("resources/read", { uri: mp4 });
    const [content] = read.result?.contents as Array<{ blob: string }>;
    assert.ok(Buffer.from(content.blob, "base64").equals(readFileSync(fileURLToPath(mp4))));
  });

  it("strict arguments: an unknown argument is refused by name; malformed calls are -32602 in one sentence", async () => {
    const c = raw();
    await c.initialize("2025-06-18");
    const before = sim.requests.length;
    const r = result(await c.request("tools/call", { name: "generate_image", arguments: { prompt: "a fox", size: "1024x1024", n: 4, style: "vivid" } }));
    assert.equal(r.isError, true);
    assert.match(textOf(r), /^generate_image has no argument "size" or "n"; its arguments are prompt, kind, aspect_ratio, style and variations\. /);
    assert.ok(!sim.requests.slice(before).some((q) => q.path === "/run_sse"), "nothing was sent, nothing spent");
    const notObject = await c.request("tools/call", { name: "generate_image", arguments: "a fox" });
    assert.equal(notObject.error?.code, -32602);
    assert.equal(notObject.error?.message, "The arguments of generate_image must be a JSON object (got a string).");
    const unknown = await c.request("tools/call", { name: "make_coffee", arguments: {} });
    assert.equal(unknown.error?.code, -32602);
    assert.match(unknown.error?.message ?? "", /^There is no tool named "make_coffee"; the tools are generate_image, /);
  });

  it("the cost question by elicitation: decline spends nothing; accept with 'don't ask again' is kept in the CLI's setting", async () => {
    const c = raw();
    await c.initialize("2025-06-18", { elicitation: {} });
    const asked: RpcMessage[] = [];
    c.onRequest = (m) => {
      asked.push(m);
      return asked.length === 1 ? { action: "decline" } : { action: "accept", content: { dontAskAgain: true } };
    };
    const before = sim.requests.length;
    const declined = result(await c.request("tools/call", { name: "generate_image", arguments: { prompt: "a costly fox" } }));
    assert.equal(declined.isError, true);
    assert.match(textOf(declined), /declined the cost question, and nothing was spent/);
    assert.equal(asked[0].method, "elicitation/create");
    assert.match(String(asked[0].params?.message), /^Generate an image\? It costs about 100 credits\. You have \d+ available\.$/);
    assert.ok(!sim.requests.slice(before).some((q) => q.path === "/run_sse"));
    const accepted = result(await c.request("tools/call", { name: "generate_image", arguments: { prompt: "a costly fox" } }));
    assert.notEqual(accepted.isError, true, textOf(accepted));
    assert.equal(JSON.parse(readFileSync(path.join(config, "config.json"), "utf8")).confirmPaidActions, "false");
    const again = result(await c.request("tools/call", { name: "edit_timeline", arguments: { message: "add the title 'No Question'" } }));
    assert.notEqual(again.isError, true);
    assert.equal(asked.length, 2, "not asked again");
    // --yes never asks, whatever the setting.
    rmSync(path.join(config, "config.json"), { force: true });
    const yes = raw("--yes");
    await yes.initialize("2025-06-18", { elicitation: {} });
    yes.onRequest = () => assert.fail("asked despite --yes");
    assert.notEqual(result(await yes.request("tools/call", { name: "edit_timeline", arguments: { message: "add the title 'Yes'" } })).isError, true);
  });

  it("the export question by elicitation names what the MP4 will contain; declined, nothing is rendered", async () => {
    rmSync(path.join(config, "config.json"), { force: true });
    const c = raw();
    await c.initialize("2025-06-18", { elicitation: {} });
    const asked: string[] = [];
    c.onRequest = (m) => {
      const message = String(m.params?.message);
      asked.push(message);
      return message.startsWith("Export") ? { action: "decline" } : { action: "accept", content: {} };
    };
    assert.notEqual(result(await c.request("tools/call", { name: "generate_image", arguments: { prompt: "a lantern to export" } })).isError, true);
    const before = sim.requests.length;
    const declined = result(await c.request("tools/call", { name: "export_video", arguments: {} }));
    assert.equal(declined.isError, true);
    assert.match(textOf(declined), /declined the export question, and nothing was rendered/);
    const question = asked.at(-1) ?? "";
    assert.match(question, /^Export the timeline \((?:1 image|\d+ images)(?:, [^)]+)?, \d+:\d\d\) as a \d+p MP4\? Exporting is free \(no credits\)/);
    assert.ok(!sim.requests.slice(before).some((q) => q.route === "render-submit"), "nothing was rendered");
  });

  it("cancelling export_video asks the service to stop the render", async () => {
    const c = raw();
    await c.initialize("2025-06-18");
    result(await c.request("tools/call", { name: "generate_image", arguments: { prompt: "a fox to export" } }));
    sim.inject({ route: "render-poll", times: 1000, fault: { type: "stall", ms: 50_000_000 } });
    const before = sim.requests.length;
    const pending = c.request("tools/call", { name: "export_video", arguments: {} });
    const id = c.lastId;
    await waitFor(() => sim.requests.slice(before).some((q) => q.route === "render-poll"), 20_000);
    c.notify("notifications/cancelled", { requestId: id, reason: "the person pressed Stop" });
    await waitFor(() => sim.requests.slice(before).some((q) => q.route === "render-cancel"), 20_000);
    void pending; // a cancelled request gets no answer (specification: cancellation)
    assert.ok(existsSync(out));
  });
});
