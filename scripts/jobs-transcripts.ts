/**
 * Prints (or writes) the three transcripts of issue 16's closing note, with the built CLI's MCP
 * server against the simulator and the official TypeScript SDK client, the server in real time:
 *   1. two parallel `generate_image` calls, each naming only its own file (the prompt read back
 *      from each PNG's `Description` text chunk, which the simulator writes);
 *   2. a call whose agent is silent for 60 real seconds (sim fault `mute`, heartbeats only), kept
 *      alive by progress for a client with a 20-s timeout and `resetTimeoutOnProgress`;
 *   3. a caller that gave up after its message was accepted, whose image was still saved
 *      (`list_jobs`).
 * Usage: `npx tsx scripts/jobs-transcripts.ts [--out DIR]` (takes about 3 minutes; with --out, one
 * plain-text file per transcript). The automated checks of the same behaviour are in
 * test/integration/mcp-jobs.test.ts (times scaled there).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { buildCli, waitFor } from "../test/integration/cli-harness";
import { pngDescription } from "../test/integration/helpers/mcp-raw";
import { startSimulator, type Simulator } from "../test/sim/index";

const outArg = process.argv.indexOf("--out");
const outDir = outArg > 0 ? process.argv[outArg + 1] : undefined;
const text = (r: CallToolResult): string => r.content.map((c) => (c.type === "text" ? c.text : `[${c.type}]`)).join("\n");
const links = (r: CallToolResult): string[] =>
  (r.content as { type: string; uri?: string }[]).filter((c) => c.type === "resource_link").map((c) => fileURLToPath(c.uri as string));
const stamp = (t0: number): string => `[+${((Date.now() - t0) / 1000).toFixed(1).padStart(5)} s]`;

function emit(name: string, title: string, lines: string[]): void {
  const body = `# ${title}\n# ${new Date().toISOString()} · scripts/jobs-transcripts.ts\n\n${lines.join("\n")}\n`;
  if (outDir) {
    mkdirSync(outDir, { recursive: true });
    writeFileSync(path.join(outDir, name), body);
    process.stdout.write(`wrote ${path.join(outDir, name)}\n`);
  } else process.stdout.write(`\n==== ${title}\n${body}`);
}

async function server(cli: string, sim: Simulator, tmp: string): Promise<{ client: Client; out: string; cwd: string }> {
  const cwd = path.join(tmp, "project");
  const out = path.join(cwd, "media");
  mkdirSync(out, { recursive: true });
  const env = { PATH: process.env.PATH ?? "", HOME: tmp, NEMOVIDEO_CONFIG_DIR: path.join(tmp, "config"), NEMO_API_URL: sim.url, NEMO_WEB_URL: "https://web.example.test" };
  const transport = new StdioClientTransport({ command: process.execPath, args: [cli, "mcp", "--out", out], cwd, env, stderr: "ignore" });
  const client = new Client({ name: "jobs-transcripts", version: "1.0.0" });
  await client.connect(transport);
  return { client, out, cwd };
}

async function main(): Promise<void> {
  const cli = await buildCli();
  const tmp = mkdtempSync(path.join(os.tmpdir(), "imagegen-transcripts-"));
  // A quick simulator for 1 and 3; a slower one for 2 so that 300 s of sim silence is 60 real seconds.
  const quick = await startSimulator({ timeScale: 0.05, initialCredits: 5000, seed: 16, silentCloseRate: 0, trailingIssueRate: 0 });
  const slow = await startSimulator({ timeScale: 0.2, initialCredits: 5000, seed: 17, silentCloseRate: 0, trailingIssueRate: 0 });
  const a = await server(cli, quick, path.join(tmp, "a"));
  const b = await server(cli, slow, path.join(tmp, "b"));
  try {
    // 1. Two parallel calls.
    {
      const t0 = Date.now();
      const lines: string[] = [];
      const prompts = ["a photo of a blue whale", "a photo of a green cactus"];
      lines.push(`${stamp(t0)} client → tools/call generate_image {"prompt":"${prompts[0]}"}`, `${stamp(t0)} client → tools/call generate_image {"prompt":"${prompts[1]}"}   (in parallel, same server, same session)`);
      const results = await Promise.all(
        prompts.map((prompt) =>
          a.client
            .callTool({ name: "generate_image", arguments: { prompt } }, undefined, { timeout: 600_000, onprogress: (p) => lines.push(`${stamp(t0)} progress (${prompt.slice(11)}): ${p.message ?? ""}`) })
            .then((r) => {
              lines.push(`${stamp(t0)} result of "${prompt}"`);
              return r as CallToolResult;
            }),
        ),
      );
      results.forEach((r, i) => {
        lines.push("", `---- generate_image {"prompt":"${prompts[i]}"} →`, text(r));
        for (const f of links(r)) lines.push(`file ${path.relative(a.cwd, f)}: PNG text chunk Description = "${pngDescription(readFileSync(f)) ?? "(none)"}"`);
      });
      emit("16-parallel-mcp-calls.txt", "Two parallel MCP generate_image calls, each naming only its own file", lines);
    }
    // 2. Sixty seconds of silence, a 20-s client timeout, kept alive by progress.
    {
      slow.inject({ route: "run_sse", fault: { type: "mute", afterEvents: 1, holdMs: 300_000 } }); // 300 sim s × 0.2 = 60 real s
      const t0 = Date.now();
      const lines = [
        `${stamp(t0)} simulator fault: the agent goes silent (heartbeats only) for 60 s after its first event`,
        `${stamp(t0)} client → tools/call generate_image {"prompt":"a photo of a quiet harbour at night"}  (timeout 20 s, resetTimeoutOnProgress)`,
      ];
      const r = (await b.client.callTool({ name: "generate_image", arguments: { prompt: "a photo of a quiet harbour at night" } }, undefined, {
        timeout: 20_000,
        resetTimeoutOnProgress: true,
        onprogress: (p) => lines.push(`${stamp(t0)} notifications/progress ${p.progress}: ${p.message ?? ""}`),
      })) as CallToolResult;
      lines.push(`${stamp(t0)} result (isError: ${r.isError === true}):`, text(r));
      for (const f of links(r)) lines.push(`file ${path.relative(b.cwd, f)}: PNG text chunk Description = "${pngDescription(readFileSync(f)) ?? "(none)"}"`);
      emit("16-long-call-kept-alive.txt", "A 60-s silent agent; a client with a 20-s timeout and resetTimeoutOnProgress completes", lines);
    }
    // 3. A caller that gives up after the message was accepted.
    {
      quick.inject({ route: "run_sse", fault: { type: "mute", afterEvents: 1, holdMs: 200_000 } }); // 10 real s of silence
      const t0 = Date.now();
      const credits0 = (await a.client.callTool({ name: "get_credits", arguments: {} })) as CallToolResult;
      const lines = [`${stamp(t0)} get_credits → ${text(credits0).split("\n")[0]}`, `${stamp(t0)} client → tools/call generate_image {"prompt":"a photo of a paper boat"}`];
      const controller = new AbortController();
      let accepted!: () => void;
      const acceptedNow = new Promise<void>((r) => (accepted = r));
      const pending = a.client.callTool({ name: "generate_image", arguments: { prompt: "a photo of a paper boat" } }, undefined, {
        signal: controller.signal,
        timeout: 600_000,
        onprogress: (p) => {
          lines.push(`${stamp(t0)} notifications/progress: ${p.message ?? ""}`);
          if (/agent is working/.test(p.message ?? "")) accepted();
        },
      });
      await acceptedNow;
      controller.abort("the host gave up");
      lines.push(`${stamp(t0)} client gives up → notifications/cancelled`);
      await pending.then(
        () => lines.push(`${stamp(t0)} (the call answered before the cancel reached it)`),
        (err: unknown) => lines.push(`${stamp(t0)} the client's call ended: ${err instanceof Error ? err.message : String(err)}`),
      );
      const saved = (f: string): boolean => /^paper-boat.*\.png$/.test(f);
      await waitFor(() => readdirSync(a.out).some(saved), 300_000, 200);
      const list = (await a.client.callTool({ name: "list_jobs", arguments: { limit: 5 } })) as CallToolResult;
      const boat = readdirSync(a.out).find(saved) as string;
      const id = ((list.structuredContent as { jobs: { id: string; prompt?: string }[] }).jobs.find((j) => j.prompt === "a photo of a paper boat") ?? { id: "" }).id;
      const job = (await a.client.callTool({ name: "get_job", arguments: { id, waitSeconds: 60 } })) as CallToolResult;
      const listAfter = (await a.client.callTool({ name: "list_jobs", arguments: { limit: 5 } })) as CallToolResult;
      const credits1 = (await a.client.callTool({ name: "get_credits", arguments: {} })) as CallToolResult;
      lines.push(
        `${stamp(t0)} file on disk: media/${boat} (PNG Description = "${pngDescription(readFileSync(path.join(a.out, boat))) ?? "(none)"}")`,
        "",
        `${stamp(t0)} get_job {"id":"${id}"} →`,
        text(job).split("\n").filter((l) => !l.startsWith("{")).join("\n"),
        "",
        `${stamp(t0)} list_jobs {"limit":5} →`,
        text(listAfter).split("\n").filter((l) => !l.startsWith("{")).join("\n"),
        "",
        `${stamp(t0)} get_credits → ${text(credits1).split("\n")[0]}   (charged once: no second generation)`,
      );
      emit("16-caller-gave-up-image-saved.txt", "A caller that gave up after its message was accepted; the image was still saved (list_jobs)", lines);
    }
  } finally {
    await a.client.close();
    await b.client.close();
    await quick.close();
    await slow.close();
    rmSync(tmp, { recursive: true, force: true });
    rmSync(path.dirname(cli), { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
