/**
 * The language model tools (Copilot agent mode, or any extension calling vscode.lm.invokeTool):
 * each tool validates its input, asks the shared cost confirmation in `prepareInvocation` for paid
 * tools, runs the shared core runner with the invocation's token as an AbortSignal, and returns
 * text for the model (path, Markdown link, agent answer, change sentences) plus the image bytes
 * only where the editor has LanguageModelDataPart (1.106+) AND the requesting model is known to
 * accept images (feature-detected: `options.model.capabilities`, see modelSeesImages); a model
 * without vision answers 400 to an image part (github/copilot-cli#3523), so otherwise the text and
 * the link only. Registered under prefixed names (names.ts). Failures are one readable sentence
 * and the next step, never a stack. Loaded on the first invocation (see register.ts).
 */
import { promises as fs } from "node:fs";
import * as vscode from "vscode";
import { checkedInput, exportOutcome, runAgentTool, type ToolOutcome } from "../../core/agents/run";
import { runWaitableTool } from "../../core/agents/run-jobs";
import { AGENT_TOOLS, type AgentToolName } from "../../core/agents/tools";
import { JobRunner } from "../../core/jobs";
import { CancelledError, toNemoError } from "../../core/errors";
import type { CommandContext } from "../commands/common";
import { translatePhrase } from "../l10n";
import { confirmationOn, exportConfirmationMessages, paidConfirmationMessages } from "../rules/confirm";
import { tokenSignal } from "./cancel";
import { saveTarget } from "./where";

/**
 * Whether the model that asked for the tool accepts images. VS Code passes the requesting model on
 * the invocation options in newer releases (`model`, a LanguageModelChat); its capabilities say
 * `supportsImageToText` (proposed languageModelCapabilities) or `imageInput` (the chat provider
 * API's LanguageModelChatCapabilities). Unknown (no model, no capability): no image part.
 */
export function modelSeesImages(options: unknown): boolean {
  const caps = (options as { model?: { capabilities?: { supportsImageToText?: unknown; imageInput?: unknown } } } | undefined)?.model?.capabilities;
  return caps?.supportsImageToText === true || caps?.imageInput === true;
}

/**
 * The workspace's job runner for agent tools: generations and edits are jobs on the workspace's
 * ledger (the one the export records live in), so a Stop after the message reached the agent ends
 * only the tool's wait, and the file is still saved. One per client (the client is rebuilt when
 * connection settings change).
 */
const runners = new WeakMap<object, JobRunner>();
function jobsFor(ctx: CommandContext): JobRunner {
  const client = ctx.services.client;
  let runner = runners.get(client);
  if (!runner) {
    runner = new JobRunner({ client, ledger: ctx.services.exportRecords.ledger, logger: ctx.services.logger });
    runners.set(client, runner);
  }
  return runner;
}

/** Images up to this size are also given to the model as bytes. */
const MAX_IMAGE_PART_BYTES = 4 * 1024 * 1024;

const SAVES_FILES: ReadonlySet<AgentToolName> = new Set(["generate_image", "export_video"]);

/** LanguageModelDataPart.image (1.106+), when this editor has it. */
type DataPartFactory = { image(data: Uint8Array, mimeType: string): unknown };
function dataPartFactory(): DataPartFactory | undefined {
  const candidate = (vscode as unknown as { LanguageModelDataPart?: Partial<DataPartFactory> }).LanguageModelDataPart;
  return typeof candidate?.image === "function" ? (candidate as DataPartFactory) : undefined;
}

function invocationMessage(name: AgentToolName, input: Record<string, unknown>): string {
  switch (name) {
    case "generate_image":
      return input.kind === "clip" ? vscode.l10n.t("Generating a video clip…") : vscode.l10n.t("Generating an image…");
    case "edit_timeline":
      return vscode.l10n.t("Editing the timeline…");
    case "export_video":
      return vscode.l10n.t("Exporting the MP4…");
    case "get_credits":
      return vscode.l10n.t("Reading the credit balance…");
    case "get_session":
      return vscode.l10n.t("Reading the session…");
  }
}

export async function prepareAgentTool(
  ctx: CommandContext,
  name: AgentToolName,
  options: vscode.LanguageModelToolInvocationPrepareOptions<unknown>,
): Promise<vscode.PreparedToolInvocation> {
  const input = (typeof options.input === "object" && options.input !== null ? options.input : {}) as Record<string, unknown>;
  const prepared: vscode.PreparedToolInvocation = { invocationMessage: invocationMessage(name, input) };
  const paid = AGENT_TOOLS[name].paid;
  if (paid) {
    const confirmation = await paidConfirmationMessages(ctx, paid(input));
    if (confirmation) prepared.confirmationMessages = confirmation;
  }
  if (name === "export_video" && confirmationOn()) {
    // The export question names what the MP4 will contain; a state that cannot be read names nothing (the export reports why).
    const state = await ctx.services.client.state().catch(() => undefined);
    const confirmation = exportConfirmationMessages(state);
    if (confirmation) prepared.confirmationMessages = confirmation;
  }
  return prepared;
}

/** The parts for the model: the text, then the image bytes where the editor can carry them. */
async function resultParts(outcome: ToolOutcome, seesImages: boolean): Promise<unknown[]> {
  const parts: unknown[] = [new vscode.LanguageModelTextPart(outcome.text)];
  const factory = dataPartFactory();
  if (!factory || !seesImages) return parts;
  for (const m of outcome.media) {
    if (m.kind !== "image") continue;
    const st = await fs.stat(m.path).catch(() => undefined);
    if (st && st.size <= MAX_IMAGE_PART_BYTES) parts.push(factory.image(await fs.readFile(m.path), m.mimeType));
  }
  return parts;
}

/** The readable failure for the model (and the person reading the tool result). */
export function failureText(err: unknown): string {
  const d = toNemoError(err).describe(translatePhrase);
  return d.nextStep ? `${d.message} ${d.nextStep}` : d.message;
}

export async function invokeAgentTool(
  ctx: CommandContext,
  name: AgentToolName,
  options: vscode.LanguageModelToolInvocationOptions<unknown>,
  token: vscode.CancellationToken,
): Promise<vscode.LanguageModelToolResult> {
  const cancel = tokenSignal(token);
  try {
    checkedInput(name, options.input); // a bad input fails before any folder question
    const target = SAVES_FILES.has(name) ? await saveTarget(ctx) : undefined;
    if (SAVES_FILES.has(name) && !target) throw new CancelledError();
    // Exports go through the extension's one export runner (Session view record, resumable render).
    const run = { client: ctx.services.client, outDir: target?.outDir, baseDir: target?.baseDir, signal: cancel.signal };
    const outcome =
      name === "export_video" && target
        ? exportOutcome(await ctx.exports.start(target.outDir, token, {}, "agent"), target.baseDir)
        : name === "generate_image" || name === "edit_timeline"
          ? await runWaitableTool(name, options.input, { ...run, jobs: jobsFor(ctx), surface: "lm-tool" })
          : await runAgentTool(name, options.input, run);
    if (AGENT_TOOLS[name].paid || SAVES_FILES.has(name)) ctx.services.refresh("all");
    const kind = name === "generate_image" ? "generated" : name === "edit_timeline" ? "edited" : name === "export_video" ? "exported" : undefined;
    if (kind) ctx.services.recordActivity({ source: "agent", kind, subject: inputSubject(options.input), files: outcome.media.map((m) => m.path) });
    for (const m of outcome.media) ctx.services.logger.info(`${name} saved ${m.path}`);
    return new vscode.LanguageModelToolResult((await resultParts(outcome, modelSeesImages(options))) as vscode.LanguageModelTextPart[]);
  } catch (err) {
    const e = toNemoError(err);
    if (e.category === "cancelled" && token.isCancellationRequested) throw new vscode.CancellationError();
    ctx.services.logger.warn(`${name} failed: ${e.code}`);
    return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(failureText(e))]);
  } finally {
    cancel.dispose();
  }
}

/** The prompt or message an agent tool was given, for the chat's one line about it. */
function inputSubject(input: unknown): string | undefined {
  if (!input || typeof input !== "object") return undefined;
  const v = input as { prompt?: unknown; message?: unknown };
  const text = typeof v.prompt === "string" ? v.prompt : typeof v.message === "string" ? v.message : undefined;
  return text?.trim() || undefined;
}
