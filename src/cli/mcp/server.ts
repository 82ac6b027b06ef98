/**
 * `imagegen mcp`: a Model Context Protocol server on stdio, one more adapter over the core. It lists
 * the agent tools of src/core/agents/tools.ts and runs them with runAgentTool. What it sends follows
 * the protocol version the client negotiated (versions.ts, result.ts): `resource_link`,
 * `structuredContent`, `outputSchema` and `title` only from 2025-06-18; results stay under the
 * host's size limit (1 MiB unless `--max-result-bytes`). Saved media are MCP resources
 * (resources.ts: `resources/list`, `resources/read`, `notifications/resources/list_changed`).
 * Paid tools ask the cost question by elicitation where the client declares it (unless `--yes` or
 * the CLI setting says not to ask). Long tools send progress notifications when asked, a cancelled
 * request aborts its HTTP work (and a started render) through the request's AbortSignal, and
 * failures are one readable sentence with a next step (isError results, never a stack); a malformed
 * request (unknown tool, `arguments` not an object) is a -32602 error with one sentence. stdout
 * carries only the protocol; nothing here logs to it. The token comes from the CLI's usual places
 * (NEMO_TOKEN, the 0600 token file, else a new anonymous one), never from arguments. Its parts:
 * options.ts (what it is given), tool-list.ts (`tools/list`), describe-failure.ts (failures for the model).
 */
import { pathToFileURL } from "node:url";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import {
  type CallToolResult,
  ElicitResultSchema,
  ErrorCode,
  InitializeRequestSchema,
  type InitializeResult,
  LATEST_PROTOCOL_VERSION,
  ListResourcesRequestSchema,
  ListToolsRequestSchema,
  ReadResourceRequestSchema,
} from "@modelcontextprotocol/sdk/types.js";
import * as z from "zod"; // a namespace import: `import { z }` keeps every schema and all locales (bench/README.md)
import { runAgentTool } from "../../core/agents/run";
import { runJobTool, runWaitableTool } from "../../core/agents/run-jobs";
import { isJobToolName, JOB_TOOL_NAMES, WAITABLE_TOOLS } from "../../core/agents/job-tools";
import { AGENT_TOOL_NAMES, AGENT_TOOLS, type AgentToolName, isAgentToolName } from "../../core/agents/tools";
import { fillTemplate, toNemoError } from "../../core/errors";
import { redact } from "../../core/support/logger";
import { costQuestion } from "../../core/prompt/cost";
import { exportQuestion } from "../../core/render/export-question";
import { VERSION } from "../../core/support/version";
import { describeFailure } from "./describe-failure";
import { noValidator } from "./no-ajv";
import type { McpServerOptions } from "./options";
import { ProcessMediaSource } from "./resources";
import { DEFAULT_MAX_RESULT_BYTES, outcomeResult } from "./result";
import { toolList } from "./tool-list";
import { featuresOf } from "./versions";

// The server's parts, for its tests and callers: one import path.
export { describeFailure, outcomeResult, toolList };
export type { ConfirmSetting, McpServerOptions } from "./options";

/** At most one progress notification this often, unless the message changes. */
const PROGRESS_EVERY_MS = 250;

/** `tools/call` as it comes off the wire, before any check of ours (the SDK's own check would answer with a raw zod dump). */
const LooseCallToolRequest = z.object({
  method: z.literal("tools/call"),
  params: z.object({ name: z.unknown().optional(), arguments: z.unknown().optional(), _meta: z.record(z.string(), z.unknown()).optional() }).loose(),
});

/**
 * A JSON-RPC error whose message is exactly our sentence (the SDK's McpError prefixes "MCP error
 * -32602: "); the protocol layer sends `code` and `message` of whatever a handler throws.
 */
class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

function invalidParams(message: string): RpcError {
  return new RpcError(ErrorCode.InvalidParams, message);
}

/** The cost question as an elicitation form: a yes/no the host shows, plus "don't ask again". */
const DONT_ASK_SCHEMA = {
  type: "object" as const,
  properties: {
    dontAskAgain: {
      type: "boolean" as const,
      title: "Don't ask again",
      description: "Spend credits and export without asking from now on (imagegen's confirmPaidActions setting).",
      default: false,
    },
  },
};

export function createMcpServer(opts: McpServerOptions): Server {
  const scrub = (t: string): string => redact(opts.scrub(t));
  const maxResultBytes = opts.maxResultBytes ?? DEFAULT_MAX_RESULT_BYTES;
  const media = opts.media ?? new ProcessMediaSource();
  let features = featuresOf(LATEST_PROTOCOL_VERSION);
  const server = new Server(
    { name: "imagegen", title: "Image Generation (NemoVideo)", version: VERSION },
    {
      capabilities: { tools: {}, resources: { listChanged: true } },
      instructions:
        "Generate images and short clips into the project (generate_image), adjust the session's timeline (edit_timeline), " +
        "render it to MP4 (export_video), and check credits (get_credits) or what the session holds (get_session). " +
        "Generation costs about 100 credits, an edit about 50, export is free. Saved files are also listed as resources. " +
        "Generation takes 1-5 minutes: the long tools report progress, and with wait: false return a job id at once (get_job waits for it). " +
        "A call that timed out keeps running: list_jobs shows it, and save_media saves media already in the session without paying again.",
      // The SDK validates JSON Schemas only in elicitInput's answer check, which this server does not use.
      jsonSchemaValidator: noValidator,
    },
  );

  // Remember the negotiated version (the SDK's own rule) so every answer carries only what it defines.
  const initialize = (server as unknown as { _oninitialize(r: unknown): Promise<InitializeResult> })._oninitialize.bind(server);
  server.setRequestHandler(InitializeRequestSchema, async (request) => {
    const result = await initialize(request);
    features = featuresOf(result.protocolVersion);
    if (!features.title) {
      const { title: _title, ...serverInfo } = result.serverInfo; // Implementation.title is 2025-06-18's too
      return { ...result, serverInfo };
    }
    opts.logger.info(`MCP client ${request.params.clientInfo?.name ?? "?"} negotiated ${result.protocolVersion}`);
    return result;
  });

  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: toolList(features) }));

  server.setRequestHandler(ListResourcesRequestSchema, async () => ({
    resources: (await media.list()).map((e) => ({ uri: e.uri, name: e.name, mimeType: e.mimeType, size: e.size, description: e.description })),
  }));
  server.setRequestHandler(ReadResourceRequestSchema, async (request) => {
    const found = await media.read(request.params.uri);
    // -32002: the specification's "Resource not found" (server/resources, Error Handling).
    if (!found) throw new RpcError(-32002, `There is no saved file at ${request.params.uri}: resources/list names the files this server saved.`);
    return { contents: [{ uri: found.entry.uri, mimeType: found.entry.mimeType, blob: found.bytes.toString("base64") }] };
  });
  const unsubscribe = media.onDidChange(() => {
    server.sendResourceListChanged().catch((err: unknown) => opts.logger.debug(`list_changed not sent: ${String(err)}`));
  });
  const closeBefore = server.onclose;
  server.onclose = () => {
    unsubscribe();
    closeBefore?.();
  };
  const resourceUri = (file: string, description: string): string => (media.add ? media.add(file, description) : pathToFileURL(file).href);

  /** Ask the cost question when the client can; true to go on. */
  const confirmed = async (name: AgentToolName, input: Record<string, unknown>, signal: AbortSignal): Promise<boolean> => {
    const paid = AGENT_TOOLS[name].paid;
    const asks = paid !== undefined || name === "export_video";
    if (!asks || opts.yes || !features.elicitation || !server.getClientCapabilities()?.elicitation) return true;
    if (opts.confirm && !(await opts.confirm.get())) return true;
    let message: string;
    if (paid) {
      const balance = await opts.client.credits({ signal }).catch(() => undefined);
      const q = costQuestion(paid(input), balance);
      message = `${fillTemplate(q.title.template, q.title.args)} ${fillTemplate(q.detail.template, q.detail.args)}`;
    } else {
      // The export question names what the MP4 will contain (core/render/export-question.ts); an unreadable state names nothing.
      const q = exportQuestion(await opts.client.state({ signal }).catch(() => undefined));
      message = `${q.title} ${q.detail}`;
    }
    const answer = await server.request(
      { method: "elicitation/create", params: { mode: "form", message, requestedSchema: DONT_ASK_SCHEMA } },
      ElicitResultSchema,
      { signal },
    );
    if (answer.action !== "accept") return false;
    if (answer.content?.dontAskAgain === true) await opts.confirm?.set(false);
    return true;
  };

  // Registered on the protocol layer: the Server's own tools/call wrapper answers a malformed request with a zod dump.
  const protocolSetHandler = Object.getPrototypeOf(Server.prototype) as { setRequestHandler: Server["setRequestHandler"] };
  protocolSetHandler.setRequestHandler.call(server, LooseCallToolRequest, async (request, extra): Promise<CallToolResult> => {
    const { name, arguments: args } = request.params;
    if (typeof name !== "string" || (!isAgentToolName(name) && !isJobToolName(name))) {
      throw invalidParams(`There is no tool named ${JSON.stringify(String(name ?? "")).slice(0, 80)}; the tools are ${[...AGENT_TOOL_NAMES, ...JOB_TOOL_NAMES].join(", ")}.`);
    }
    if (args !== undefined && (typeof args !== "object" || args === null || Array.isArray(args))) {
      throw invalidParams(`The arguments of ${name} must be a JSON object (got ${Array.isArray(args) ? "an array" : args === null ? "null" : `a ${typeof args}`}).`);
    }
    const input = (args ?? {}) as Record<string, unknown>;
    const progressToken = request.params._meta?.progressToken as string | number | undefined;
    let step = 0;
    let lastAt = 0;
    let lastMessage = "";
    const onProgress =
      progressToken === undefined
        ? undefined
        : (p: { message: string; percent?: number }): void => {
            const message = scrub(p.percent !== undefined && !/%/.test(p.message) ? `${p.message} ${p.percent}%` : p.message);
            const now = Date.now();
            if (message === lastMessage && now - lastAt < PROGRESS_EVERY_MS) return;
            lastAt = now;
            lastMessage = message;
            step += 1;
            extra
              .sendNotification({ method: "notifications/progress", params: { progressToken, progress: step, message } })
              .catch((err: unknown) => opts.logger.debug(`progress notification failed: ${String(err)}`));
          };
    opts.logger.info(`tool ${name} called`);
    try {
      if (isAgentToolName(name) && !(await confirmed(name, input, extra.signal))) {
        return { isError: true, content: [{ type: "text", text: name === "export_video" ? "Not done: the person declined the export question, and nothing was rendered. Ask them before trying again." : "Not done: the person declined the cost question, and nothing was spent. Ask them before trying again." }] };
      }
      const ctx = { client: opts.client, jobs: opts.jobs, surface: "mcp" as const, outDir: opts.outDir, baseDir: opts.baseDir, signal: extra.signal, onProgress };
      const outcome = isJobToolName(name)
        ? await runJobTool(name, input, ctx)
        : WAITABLE_TOOLS.has(name)
          ? await runWaitableTool(name, input, ctx)
          : await runAgentTool(name, input, ctx);
      return await outcomeResult(outcome, { features, maxResultBytes, scrub, resourceUri });
    } catch (err) {
      opts.logger.warn(`tool ${name} failed: ${toNemoError(err).code}`);
      return { isError: true, content: [{ type: "text", text: scrub(describeFailure(err, opts.env)) }] };
    }
  });
  return server;
}

/** Serve until stdin ends or the signal aborts. */
export async function serveMcp(opts: McpServerOptions): Promise<void> {
  const server = createMcpServer(opts);
  const stdin = opts.stdin ?? process.stdin;
  const transport = new StdioServerTransport(stdin as typeof process.stdin, (opts.stdout ?? process.stdout) as typeof process.stdout);
  const closed = new Promise<void>((resolve) => {
    server.onclose = () => resolve();
  });
  const close = (): void => void server.close().catch(() => undefined);
  stdin.once("end", close);
  opts.signal?.addEventListener("abort", close, { once: true });
  await server.connect(transport);
  opts.logger.info(`MCP server ready; saving into ${opts.outDir}`);
  // Watches a server that exited left on the ledger (a caller had stopped waiting) go on here.
  void opts.jobs.resume({ signal: opts.signal }).catch((err: unknown) => opts.logger.warn(`Could not resume the jobs left running: ${String(err)}`));
  try {
    await closed;
  } finally {
    stdin.off("end", close);
    opts.signal?.removeEventListener("abort", close);
  }
}
