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
import { isJobToolName, WAITABLE_TOOLS } from "../../core/agents/job-tools";
import type { LmToolName } from "../../core/agents/names";
import { runJobTool, runWaitableTool } from "../../core/agents/run-jobs";
import { AGENT_TOOLS, type AgentToolName } from "../../core/agents/tools";
import { CancelledError, toNemoError } from "../../core/errors";
import type { AgentContext } from "../contracts/agent-surface";
import { translatePhrase } from "../l10n";
import { confirmationOn, exportConfirmationMessages, paidConfirmationMessages } from "../rules/confirm";
import { tokenSignal } from "./cancel";
import { jobsFor } from "./jobs";
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

/** Images up to this size are also given to the model as bytes. */
const MAX_IMAGE_PART_BYTES = 4 * 1024 * 1024;

const SAVES_FILES: ReadonlySet<LmToolName> = new Set(["generate_image", "export_video", "save_media"]);

/** LanguageModelDataPart.image (1.106+), when this editor has it. */
type DataPartFactory = { image(data: Uint8Array, mimeType: string): unknown };
function dataPartFactory(): DataPartFactory | undefined {
  const candidate = (vscode as unknown as { LanguageModelDataPart?: Partial<DataPartFactory> }).LanguageModelDataPart;
  return typeof candidate?.image === "function" ? (candidate as DataPartFactory) : undefined;
}

function invocationMessage(name: LmToolName, input: Record<string, unknown>): string {
  switch (name) {
    case "get_job":
      return vscode.l10n.t("Reading the job…");
    case "list_jobs":
      return vscode.l10n.t("Listing the jobs…");
    case "save_media":
      return vscode.l10n.t("Saving media from the session…");
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
  ctx: AgentContext,
  name: LmToolName,
  options: vscode.LanguageModelToolInvocationPrepareOptions<unknown>,
): Promise<vscode.PreparedToolInvocation> {
  const input = (typeof options.input === "object" && options.input !== null ? options.input : {}) as Record<string, unknown>;
  const prepared: vscode.PreparedToolInvocation = { invocationMessage: invocationMessage(name, input) };
  const paid = isJobToolName(name) ? undefined : AGENT_TOOLS[name].paid;
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
  ctx: AgentContext,
  name: LmToolName,
  options: vscode.LanguageModelToolInvocationOptions<unknown>,
  token: vscode.CancellationToken,
): Promise<vscode.LanguageModelToolResult> {
  const cancel = tokenSignal(token);
  try {
    if (!isJobToolName(name)) checkedInput(name, stripWait(name, options.input)); // a bad input fails before any folder question
    const target = SAVES_FILES.has(name) ? await saveTarget(ctx) : isJobToolName(name) ? await readTarget(ctx) : undefined;
    if (SAVES_FILES.has(name) && !target) throw new CancelledError();
    const run = { client: ctx.services.client, outDir: target?.outDir, baseDir: target?.baseDir, signal: cancel.signal };
    const jobs = { ...run, jobs: jobsFor(ctx), surface: "lm-tool" as const };
    const noWait = (options.input as { wait?: unknown } | undefined)?.wait === false;
    // A waited-for export goes through the extension's one export runner (notification, Session view
    // record, resumable render); with wait: false it is a job of the runner (the same ledger record).
    const outcome = isJobToolName(name)
      ? await runJobTool(name, options.input, jobs)
      : name === "export_video" && target?.outDir && !noWait
        ? exportOutcome(await ctx.exports.start(target.outDir, token, {}, "agent"), target.baseDir)
        : name === "generate_image" || name === "edit_timeline" || name === "export_video"
          ? await runWaitableTool(name, options.input, jobs)
          : await runAgentTool(name, options.input, run);
    const paid = !isJobToolName(name) && AGENT_TOOLS[name].paid !== undefined;
    if (paid || SAVES_FILES.has(name)) ctx.services.refresh("all");
    const kind = name === "generate_image" || name === "save_media" ? "generated" : name === "edit_timeline" ? "edited" : name === "export_video" ? "exported" : undefined;
    if (kind && !noWait) {
      ctx.services.recordActivity({ source: "agent", kind, subject: inputSubject(options.input), files: outcome.media.map((m) => m.path) });
    }
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

/** Where get_job and list_jobs give paths relative to: the output folder's workspace folder, never asking. */
async function readTarget(ctx: AgentContext): Promise<{ outDir?: string; baseDir?: string }> {
  const known = await saveTarget(ctx, { interactive: false }).catch(() => undefined);
  return known ?? { baseDir: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath };
}

/** `wait` belongs to the job, not to the tool's own strict input check. */
function stripWait(name: AgentToolName, input: unknown): unknown {
  if (!WAITABLE_TOOLS.has(name) || typeof input !== "object" || input === null || Array.isArray(input)) return input;
  const { wait: _wait, ...rest } = input as Record<string, unknown>;
  return rest;
}

/** The prompt or message an agent tool was given, for the chat's one line about it. */
function inputSubject(input: unknown): string | undefined {
  if (!input || typeof input !== "object") return undefined;
  const v = input as { prompt?: unknown; message?: unknown };
  const text = typeof v.prompt === "string" ? v.prompt : typeof v.message === "string" ? v.message : undefined;
  return text?.trim() || undefined;
}
