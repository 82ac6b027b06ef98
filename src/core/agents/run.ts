/**
 * Runs one agent tool over the core client and shapes what an agent gets back: plain English
 * text for the model, the saved media (absolute path, path relative to the project, mime type and
 * a ready Markdown link), and progress lines for long work. Shared by the VS Code language model
 * tools, the `@imagegen` participant and the `imagegen mcp` server; each adapter only converts
 * the outcome into its host's result parts and passes its cancellation in as an AbortSignal.
 */
import { mediaDisplayName } from "../media/media-name";
import * as path from "node:path";
import type { NemoClientApi } from "../api";
import { InputError, phrase, toNemoError } from "../errors";
import { mimeTypeOfFile } from "../media/media-type";
import { resolveShape, shapeLabel } from "../shape";
import { isExportReady, summarizeDraft } from "../state";
import type { ChatEvent, ChatResult, ExportProgress, ExportResult } from "../types";
import { exportProgressLine, progressLine, savedMedia, type SavedMedia } from "./saved-media";
import { type AgentToolInput, type AgentToolName, listWords, parseToolInput, unknownArguments } from "./tools";

export interface ToolProgress {
  /** One short English line ("working: generate_image", "Rendering… 40%"). */
  message: string;
  /** 0..100 when known. */
  percent?: number;
}

export interface ToolRunContext {
  client: NemoClientApi;
  /** Absolute folder new files go to. Only the tools that save files need it. */
  outDir?: string;
  /** Paths in results are relative to this folder (the workspace root, the MCP server's cwd). */
  baseDir?: string;
  signal?: AbortSignal;
  onProgress?: (p: ToolProgress) => void;
  /** Every chat event of the turn (the participant streams text from here). */
  onEvent?: (e: ChatEvent) => void;
  /** The person's own styles (the `imageGeneration.styles` setting), beside the built-in ones. */
  customStyles?: unknown;
}

export interface ToolOutcome {
  tool: AgentToolName;
  /** For the model: what happened, in a few lines. */
  text: string;
  media: SavedMedia[];
  /** Structured facts (MCP structured content, tests). */
  data: Record<string, unknown>;
}

export { exportProgressLine, mimeTypeOf, pathFrom, progressLine, savedMedia, type SavedMedia } from "./saved-media";

function needOutDir(ctx: ToolRunContext): string {
  if (ctx.outDir) return ctx.outDir;
  throw new InputError("BAD_INPUT", {
    userMessage: phrase("There is no folder to save files in."),
    nextStep: phrase("Open a folder (or give the server an output folder), then try again."),
  });
}

function turnEvents(ctx: ToolRunContext): (e: ChatEvent) => void {
  return (e) => {
    ctx.onEvent?.(e);
    const line = progressLine(e);
    if (line) ctx.onProgress?.({ message: line });
  };
}

/** The agent's words and the change sentences, never nothing. */
function turnText(r: ChatResult): string {
  const lines: string[] = [];
  if (r.text.trim()) lines.push(r.text.trim());
  if (r.changes.length > 0) lines.push(`Changes:\n${r.changes.map((c) => `- ${c}`).join("\n")}`);
  if (lines.length === 0) lines.push("The agent finished without a reply, and nothing changed in the session.");
  return lines.join("\n\n");
}

async function generateImage(ctx: ToolRunContext, input: AgentToolInput<"generate_image">): Promise<ToolOutcome> {
  const outDir = needOutDir(ctx);
  const shape = resolveShape({ ratio: input.aspect_ratio, style: input.style, variations: input.variations }, ctx.customStyles);
  const result = await ctx.client.generate(input.prompt, {
    outDir,
    kind: input.kind === "clip" ? "video" : "image",
    shape,
    signal: ctx.signal,
    onEvent: turnEvents(ctx),
    onDownloadProgress: (p) =>
      ctx.onProgress?.({
        message: "Downloading…",
        percent: p.totalBytes ? Math.round((100 * p.receivedBytes) / p.totalBytes) : undefined,
      }),
  });
  const media: SavedMedia[] = [];
  for (const f of result.files) media.push(savedMedia(f, ctx.baseDir, input.prompt, await mimeTypeOfFile(f)));
  const lines: string[] = [];
  if (media.length === 0) {
    lines.push("The agent did not produce a new image or clip for this prompt. Try a more specific prompt, or call get_session to see what the session holds.");
  } else {
    const label = shapeLabel(shape);
    lines.push(`Saved ${media.length} file${media.length === 1 ? "" : "s"}${label ? ` (${label})` : ""}:`);
    for (const m of media) lines.push(`- ${m.relativePath} (${m.mimeType})\n  Markdown: ${m.markdown}`);
  }
  if (result.text.trim()) lines.push(`Agent: ${result.text.trim()}`);
  if (result.changes.length > 0) lines.push(`Changes: ${result.changes.join("; ")}.`);
  return {
    tool: "generate_image",
    text: lines.join("\n"),
    media,
    data: { files: media.map((m) => ({ path: m.relativePath, mimeType: m.mimeType, markdown: m.markdown })), agentText: result.text, changes: result.changes },
  };
}

async function editTimeline(ctx: ToolRunContext, input: AgentToolInput<"edit_timeline">): Promise<ToolOutcome> {
  const result = await ctx.client.chat(input.message, { signal: ctx.signal, onEvent: turnEvents(ctx) });
  return { tool: "edit_timeline", text: turnText(result), media: [], data: { agentText: result.text, changes: result.changes, outcome: result.outcome } };
}

/** Progress lines of an export, for any surface that runs one. */
export function exportProgress(onProgress: ToolRunContext["onProgress"]): (p: ExportProgress) => void {
  return (p) => onProgress?.({ message: exportProgressLine(p), percent: p.stage === "done" ? 100 : p.percent });
}

/** The outcome of a finished export (the editor runs exports through its own export runner, then shapes them here). */
export function exportOutcome(r: ExportResult, baseDir: string | undefined): ToolOutcome {
  const m = savedMedia(r.filePath, baseDir, path.basename(r.filePath));
  return {
    tool: "export_video",
    text: `Exported the timeline to ${m.relativePath} (${r.bytes} bytes, MP4).\nMarkdown: ${m.markdown}`,
    media: [m],
    data: { file: m.relativePath, bytes: r.bytes, renderId: r.renderId },
  };
}

/** Renders and saves the MP4; when cancelled after the render started, asks the service to stop it (as the editor's export runner does). */
async function exportVideo(ctx: ToolRunContext): Promise<ToolOutcome> {
  let renderId: string | undefined;
  const report = exportProgress(ctx.onProgress);
  try {
    const r = await ctx.client.exportVideo({
      outDir: needOutDir(ctx),
      signal: ctx.signal,
      onProgress: (p) => {
        renderId = p.renderId ?? renderId;
        report(p);
      },
    });
    return exportOutcome(r, ctx.baseDir);
  } catch (err) {
    if (renderId && (ctx.signal?.aborted || toNemoError(err).category === "cancelled")) await ctx.client.cancelExport(renderId).catch(() => undefined);
    throw err;
  }
}

async function getCredits(ctx: ToolRunContext): Promise<ToolOutcome> {
  const c = await ctx.client.credits({ signal: ctx.signal });
  return {
    tool: "get_credits",
    text: `${c.available} credits available (${c.frozen} frozen, ${c.total} total). An image or clip costs about 100, an edit about 50, an export nothing.`,
    media: [],
    data: { available: c.available, frozen: c.frozen, total: c.total },
  };
}

async function getSession(ctx: ToolRunContext): Promise<ToolOutcome> {
  const s = await ctx.client.state({ signal: ctx.signal });
  const summary = summarizeDraft(s.draft);
  const ready = isExportReady(s);
  const lines = [summary, ready ? "Ready to export (export_video)." : "Nothing to export yet: generate something first (generate_image)."];
  if (s.generatedMedia.length > 0) {
    lines.push(`Generated media (${s.generatedMedia.length}):`);
    for (const m of s.generatedMedia) lines.push(`- ${m.kind}: ${mediaDisplayName(m)} — ${m.url}`);
  } else {
    lines.push("No generated media yet.");
  }
  return {
    tool: "get_session",
    text: lines.join("\n"),
    media: [],
    data: { summary, exportReady: ready, generatedMedia: s.generatedMedia.map((m) => ({ kind: m.kind, name: m.name, label: mediaDisplayName(m), url: m.url })) },
  };
}

/** The tool's input, validated; an InputError naming the first problem otherwise. */
export function checkedInput<N extends AgentToolName>(name: N, rawInput: unknown): AgentToolInput<N> {
  const unknown = unknownArguments(name, rawInput);
  if (unknown) {
    // One sentence naming what is not an argument and what is ("generate_image has no argument "size" or "n"; its arguments are prompt and kind.").
    const what = listWords(unknown.extra.map((k) => JSON.stringify(k.slice(0, 60))), "or");
    throw new InputError("BAD_INPUT", {
      userMessage:
        unknown.known.length === 0
          ? phrase("{0} has no argument {1}; it takes no arguments.", name, what)
          : phrase("{0} has no argument {1}; its arguments are {2}.", name, what, listWords(unknown.known)),
      nextStep: phrase("Call it again with only those fields."),
    });
  }
  try {
    return parseToolInput(name, rawInput);
  } catch (err) {
    throw new InputError("BAD_INPUT", {
      userMessage: phrase("The input of {0} is not valid: {1}", name, inputProblem(err)),
      nextStep: phrase("Call it again with the fields its schema describes."),
      cause: err,
    });
  }
}

/** Validate the input, run the tool, return its outcome; errors are thrown as they come (adapters describe them). */
export async function runAgentTool(name: AgentToolName, rawInput: unknown, ctx: ToolRunContext): Promise<ToolOutcome> {
  const input: unknown = checkedInput(name, rawInput);
  switch (name) {
    case "generate_image":
      return generateImage(ctx, input as AgentToolInput<"generate_image">);
    case "edit_timeline":
      return editTimeline(ctx, input as AgentToolInput<"edit_timeline">);
    case "export_video":
      return exportVideo(ctx);
    case "get_credits":
      return getCredits(ctx);
    case "get_session":
      return getSession(ctx);
  }
}

function inputProblem(err: unknown): string {
  const issues = (err as { issues?: { path?: PropertyKey[]; message?: string }[] }).issues;
  const first = issues?.[0];
  if (!first) return "unexpected input";
  const where = first.path && first.path.length > 0 ? `${first.path.map(String).join(".")}: ` : "";
  return `${where}${first.message ?? "invalid"}`;
}
