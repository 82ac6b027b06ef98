import * as vscode from "vscode";
import type { GenerateResult } from "../../core/api";
import { toolPhrase } from "../../core/chat/tool-phrase";
import type { ChatEvent } from "../../core/types";
import { pushRecent } from "../error-actions";
import { progressSubject, snippet } from "../format";
import { noticeText } from "../chat/localize";
import { translatePhrase } from "../l10n";
import { shapedActions, type Shape, type ShapeInput } from "../../core/shape";
import { confirmPaid } from "../rules/confirm";
import { announceSaved, resolveOutputFolder } from "../rules/output";
import { guarded, openFile } from "../surface-helpers";
import type { PaidContext } from "../contracts/services-context";
import type { SessionModel } from "../model";
import { runGenerationJob } from "./generation-job";
import { pickShape, rememberedShape, rememberShape, shapeFrom } from "./shape-pick";

/** The services, the balance for the cost question, and the downloads the Session view shows. */
export type GenerateContext = PaidContext & { model: Pick<SessionModel, "recordDownload"> };

export const RECENT_PROMPTS_KEY = "imageGeneration.recentPrompts";

export interface GenerateArgs {
  prompt?: string;
  /** false skips the credit confirmation (tests, callers that already asked). */
  confirm?: boolean;
  /** false: do not open the files afterwards. */
  open?: boolean;
  /** Ratio, style, variations (checked against the presets and the styles setting). With `prompt`, used as given; else the shape step starts from them. */
  shape?: ShapeInput;
  /** Regenerate from a file: the prompt box and the shape step open pre-filled, for the person to change or accept. */
  initialPrompt?: string;
  /** Where the person started it (the job's surface and the chat's "Added from …" line); default the palette. */
  from?: "palette" | "gallery";
}

export interface GenerateCommandResult {
  files: string[];
  text: string;
  changes: string[];
  outcome?: GenerateResult["outcome"];
  /** The generation's job on the workspace's ledger. */
  jobId: string;
}

/** "Generate image from prompt": prompt → (confirm) → progress with Cancel → files in the output folder. */
export async function generateImage(ctx: GenerateContext, args?: GenerateArgs): Promise<GenerateCommandResult | undefined> {
  return guarded(ctx, async () => {
    const outDir = await resolveOutputFolder(ctx);
    if (!outDir) return undefined;
    const given = args?.prompt?.trim();
    const prompt = given || (await askPrompt(ctx, args?.initialPrompt));
    if (!prompt) return undefined;
    await rememberPrompt(ctx, prompt);
    // The optional shape step, only when the person is at the palette (a caller with a prompt passes its shape).
    const workspaceState = ctx.services.context.workspaceState;
    const start = shapeFrom(args?.shape, given ? {} : rememberedShape(workspaceState));
    let shape: Shape | undefined = start;
    if (!given) {
      shape = await pickShape(start, prompt);
      if (!shape) return undefined;
      await rememberShape(workspaceState, shape);
    }
    if (args?.confirm !== false && !(await confirmPaid(ctx, shapedActions("image", shape), { verb: vscode.l10n.t("Generate") }))) return undefined;

    // A job on the workspace's ledger (generation-job.ts): the notification shows its record; Cancel after the message reached the agent only stops the wait.
    const result = await runGenerationJob(ctx, vscode.l10n.t("“{0}”", progressSubject(prompt)), { prompt, outDir: outDir.fsPath, surface: args?.from ?? "palette", shape });
    if (!result) return undefined;
    ctx.services.refresh("all");
    ctx.services.recordActivity({ source: args?.from ?? "palette", kind: "generated", subject: prompt, files: result.files });
    for (const m of result.job.media) if (m.key && m.path) ctx.model.recordDownload(m.key, m.path);
    await present(ctx, result, args?.open !== false);
    return { files: result.files, text: result.text, changes: result.changes, outcome: result.outcome, jobId: result.job.id };
  });
}

/** A progress line for an agent event (the palette's and the edit's progress notifications). */
export function describeEvent(e: ChatEvent, text: string): string | undefined {
  switch (e.type) {
    case "text":
      return snippet(text);
    case "tool":
      return e.phase === "call" ? translatePhrase(toolPhrase(e.name)) : undefined;
    case "still-working":
      return vscode.l10n.t("Still working… ({0} min)", Math.round(e.elapsedMs / 60_000));
    case "recovering":
      return vscode.l10n.t("The connection dropped; checking the session ({0}/{1})…", e.attempt, e.maxAttempts);
    case "media":
      return vscode.l10n.t("First result is ready; downloading…");
    case "notice":
      return noticeText(e, translatePhrase);
    default:
      return undefined;
  }
}

async function present(ctx: GenerateContext, r: Pick<GenerateResult, "files" | "changes" | "text">, open: boolean): Promise<void> {
  if (r.files.length > 0) {
    // Opened, and the notification offers Reveal: the side bar the person works in stays as it is.
    if (open) for (const f of r.files.slice(0, 3)) await openFile(ctx, f);
    announceSaved(ctx, r.files);
    return;
  }
  const lines = r.changes.length ? r.changes.join(" ") : snippet(r.text, 300);
  const message = lines || vscode.l10n.t("The agent finished without new media. Check the Session view for changes.");
  void vscode.window.showInformationMessage(message);
}

async function rememberPrompt(ctx: GenerateContext, prompt: string): Promise<void> {
  const state = ctx.services.context.globalState;
  await state.update(RECENT_PROMPTS_KEY, pushRecent(state.get<string[]>(RECENT_PROMPTS_KEY, []), prompt));
}

/** A QuickPick: free text (first item) plus recent prompts. */
function askPrompt(ctx: GenerateContext, initial?: string): Promise<string | undefined> {
  const recent = ctx.services.context.globalState.get<string[]>(RECENT_PROMPTS_KEY, []).filter((p) => typeof p === "string");
  const qp = vscode.window.createQuickPick<vscode.QuickPickItem>();
  qp.title = vscode.l10n.t("Generate image from prompt");
  qp.placeholder = vscode.l10n.t("Describe the image, e.g. a photorealistic futuristic city at night");
  qp.ignoreFocusOut = true;
  const recentItems = (): vscode.QuickPickItem[] =>
    recent.length ? [{ label: vscode.l10n.t("Recent prompts"), kind: vscode.QuickPickItemKind.Separator }, ...recent.map((label) => ({ label, iconPath: new vscode.ThemeIcon("history") }))] : [];
  const typedItems = (value: string): vscode.QuickPickItem[] => {
    const v = value.trim();
    return v ? [{ label: v, description: vscode.l10n.t("new prompt"), alwaysShow: true, iconPath: new vscode.ThemeIcon("sparkle") }] : [];
  };
  qp.items = recentItems();
  qp.onDidChangeValue((value) => {
    qp.items = [...typedItems(value), ...recentItems()];
  });
  if (initial) {
    qp.value = initial;
    qp.items = [...typedItems(initial), ...recentItems()];
  }
  return new Promise((resolve) => {
    let done = false;
    qp.onDidAccept(() => {
      const picked = qp.selectedItems[0]?.label ?? qp.value;
      done = true;
      resolve(picked.trim() || undefined);
      qp.hide();
    });
    qp.onDidHide(() => {
      if (!done) resolve(undefined);
      qp.dispose();
    });
    qp.show();
  });
}
