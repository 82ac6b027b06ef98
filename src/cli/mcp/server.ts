/**
 * `imagegen mcp`: a Model Context Protocol server on stdio, one more adapter over the core. It lists
 * the agent tools of src/core/agents/tools.ts and runs them with runAgentTool: images come back as
 * MCP image content plus a resource link to the saved file, long tools send progress notifications
 * when the client asked for them, a cancelled request aborts its HTTP work through the request's
 * AbortSignal, and failures are one readable sentence with a next step (isError results, never a
 * stack). stdout carries only the protocol; nothing here logs to it. The token comes from the CLI's
 * usual places (NEMO_TOKEN, the 0600 token file, else a new anonymous one), never from arguments.
 */
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import {
  CallToolRequestSchema,
  type CallToolResult,
  ListToolsRequestSchema,
  type Tool,
} from "@modelcontextprotocol/sdk/types.js";
import type { NemoClientApi } from "../../core/api";
import { runAgentTool, type SavedMedia, type ToolOutcome } from "../../core/agents/run";
import { AGENT_TOOL_NAMES, AGENT_TOOLS, isAgentToolName, toolInputJsonSchema } from "../../core/agents/tools";
import { toNemoError } from "../../core/errors";
import { type Logger, redact } from "../../core/logger";
import { VERSION } from "../../core/version";
import { toFailure } from "../failure";
import { noValidator } from "./no-ajv";

/** Images up to this size are returned inline (base64) besides the link; larger ones only as a link. */
const MAX_INLINE_IMAGE_BYTES = 4 * 1024 * 1024;
/** At most one progress notification this often, unless the message changes. */
const PROGRESS_EVERY_MS = 250;

export interface McpServerOptions {
  client: NemoClientApi;
  /** Where generated media and exports are saved (absolute). */
  outDir: string;
  /** Paths in results are relative to this (the working directory). */
  baseDir: string;
  env: Record<string, string | undefined>;
  logger: Logger;
  /** Removes any secret the process has seen from outgoing text. */
  scrub: (text: string) => string;
  /** Ends the server (SIGINT/SIGTERM). */
  signal?: AbortSignal;
  stdin?: NodeJS.ReadableStream & { pause(): unknown };
  stdout?: NodeJS.WritableStream;
}

/** Next steps an agent can act on, for the errors where the CLI's own wording names a shell command. */
function agentNextStep(code: string): string | undefined {
  switch (code) {
    case "NO_DRAFT":
      return "Call generate_image first, then export_video again.";
    case "SESSION_NOT_FOUND":
      return "Call the tool again: a new session is started automatically.";
    case "SESSION_LOST":
      return "Call get_session to see the new session; call the tool again to redo the work (it is charged again).";
    case "STREAM_DROPPED":
    case "TIMEOUT":
      return "Call get_session to see whether the work arrived before trying again (a retry is charged again).";
    default:
      return undefined;
  }
}

/** One readable sentence plus the next step (and a link when there is one), for the model. */
export function describeFailure(err: unknown, env: Record<string, string | undefined>): string {
  const f = toFailure(err, env);
  const next = agentNextStep(toNemoError(err).code) ?? f.nextStep;
  const parts = [f.message, next].filter((p): p is string => Boolean(p));
  if (f.link && !parts.some((p) => p.includes(f.link as string))) parts.push(f.link);
  return parts.join(" ");
}

export function toolList(): Tool[] {
  return AGENT_TOOL_NAMES.map((name) => {
    const spec = AGENT_TOOLS[name];
    return {
      name,
      title: spec.title,
      description: spec.description,
      inputSchema: toolInputJsonSchema(name) as Tool["inputSchema"],
      annotations: {
        title: spec.title,
        readOnlyHint: name === "get_credits" || name === "get_session",
        destructiveHint: false,
        idempotentHint: name === "get_credits" || name === "get_session",
        openWorldHint: true,
      },
    };
  });
}

async function mediaContent(m: SavedMedia): Promise<CallToolResult["content"]> {
  const parts: CallToolResult["content"] = [];
  if (m.kind === "image") {
    const st = await fs.stat(m.path).catch(() => undefined);
    if (st && st.size <= MAX_INLINE_IMAGE_BYTES) {
      parts.push({ type: "image", data: (await fs.readFile(m.path)).toString("base64"), mimeType: m.mimeType });
    }
  }
  parts.push({
    type: "resource_link",
    uri: pathToFileURL(m.path).href,
    name: path.basename(m.path),
    mimeType: m.mimeType,
    description: `Saved at ${m.relativePath}`,
  });
  return parts;
}

export async function outcomeResult(outcome: ToolOutcome, scrub: (t: string) => string): Promise<CallToolResult> {
  const content: CallToolResult["content"] = [{ type: "text", text: scrub(outcome.text) }];
  for (const m of outcome.media) content.push(...(await mediaContent(m)));
  return { content, structuredContent: JSON.parse(scrub(JSON.stringify(outcome.data))) as Record<string, unknown> };
}

export function createMcpServer(opts: McpServerOptions): Server {
  const scrub = (t: string): string => redact(opts.scrub(t));
  const server = new Server(
    { name: "imagegen", title: "Image Generation (NemoVideo)", version: VERSION },
    {
      capabilities: { tools: {} },
      instructions:
        "Generate images and short clips into the project (generate_image), adjust the session's timeline (edit_timeline), " +
        "render it to MP4 (export_video), and check credits (get_credits) or what the session holds (get_session). " +
        "Generation costs about 100 credits, an edit about 50, export is free.",
      // The SDK only validates JSON Schemas for elicitation, which this server never uses.
      jsonSchemaValidator: noValidator,
    },
  );

  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: toolList() }));

  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const name = request.params.name;
    if (!isAgentToolName(name)) {
      return { isError: true, content: [{ type: "text", text: `There is no tool named "${name}". Use one of: ${AGENT_TOOL_NAMES.join(", ")}.` }] };
    }
    const progressToken = request.params._meta?.progressToken;
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
      const outcome = await runAgentTool(name, request.params.arguments ?? {}, {
        client: opts.client,
        outDir: opts.outDir,
        baseDir: opts.baseDir,
        signal: extra.signal,
        onProgress,
      });
      return await outcomeResult(outcome, scrub);
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
  try {
    await closed;
  } finally {
    stdin.off("end", close);
    opts.signal?.removeEventListener("abort", close);
  }
}
