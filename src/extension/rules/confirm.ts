/**
 * The one confirmation policy before spending credits, for every surface (palette, chat, LM
 * tools): when `imageGeneration.confirmPaidActions` is on, a modal with the cost and the balance;
 * "Don't Ask Again" turns the setting off; "Get Credits" when the balance is low. Exports are free
 * but asked about under the same setting, naming what the MP4 will contain (core/render/export-question.ts).
 */
import * as vscode from "vscode";
import { costQuestion, type CostQuestion, type PaidAction } from "../../core/prompt/cost";
import { exportQuestion } from "../../core/render/export-question";
import type { SessionState } from "../../core/types";
import { translatePhrase } from "../l10n";
import type { RulesContext } from "./context";

export const CONFIRM_SETTING = "confirmPaidActions";

/** Whether paid actions are confirmed (the setting, default on). */
export function confirmationOn(): boolean {
  return vscode.workspace.getConfiguration("imageGeneration").get<boolean>(CONFIRM_SETTING, true);
}

/** Turn the confirmation off where the person sees the setting (user settings, or the workspace when set there). */
export async function turnConfirmationOff(): Promise<void> {
  const cfg = vscode.workspace.getConfiguration("imageGeneration");
  const inspect = cfg.inspect<boolean>(CONFIRM_SETTING);
  const target = inspect?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await cfg.update(CONFIRM_SETTING, false, target);
}

async function question(ctx: RulesContext, actions: PaidAction | PaidAction[]): Promise<CostQuestion> {
  const balance = (await ctx.credits.refresh()) ?? ctx.credits.credits;
  return costQuestion(actions, balance);
}

/**
 * Ask before spending; true to go ahead. Always true when the setting is off. `verb` labels the
 * go-ahead button ("Generate", "Send"); Cancel, Escape or "Get Credits" return false.
 */
export async function confirmPaid(ctx: RulesContext, actions: PaidAction | PaidAction[], opts?: { verb?: string }): Promise<boolean> {
  if (!confirmationOn()) return true;
  const q = await question(ctx, actions);
  const go = opts?.verb ?? vscode.l10n.t("Continue");
  const dontAsk = vscode.l10n.t("Don't Ask Again");
  const topUp = vscode.l10n.t("Get Credits");
  const buttons = q.low ? [go, dontAsk, topUp] : [go, dontAsk];
  const show = q.low ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  const picked = await show(translatePhrase(q.title), { modal: true, detail: translatePhrase(q.detail) }, ...buttons);
  if (picked === dontAsk) {
    await turnConfirmationOff();
    ctx.services.logger.info("Paid actions are no longer confirmed (imageGeneration.confirmPaidActions = false).");
    return true;
  }
  if (picked === topUp) {
    try {
      await vscode.env.openExternal(vscode.Uri.parse(await ctx.services.client.creditsLink()));
    } catch (err) {
      ctx.services.logger.warn(`Could not open the credits page: ${err instanceof Error ? err.message : String(err)}`);
    }
    return false;
  }
  return picked === go;
}

/** The confirmation an LM tool shows in `prepareInvocation`; undefined when the setting is off. */
export async function paidConfirmationMessages(
  ctx: RulesContext,
  actions: PaidAction | PaidAction[],
): Promise<{ title: string; message: string } | undefined> {
  if (!confirmationOn()) return undefined;
  const q = await question(ctx, actions);
  return { title: translatePhrase(q.title), message: translatePhrase(q.detail) };
}

/**
 * Ask before an export, naming what the MP4 will contain (the palette, the Session view and the
 * chat share this; the LM tool uses `exportConfirmationMessages`). True to go ahead; always true
 * when the setting is off (then the state is not read). Cancel or Escape return false; "Don't Ask
 * Again" turns the setting off. Errors of `loadState` propagate.
 */
export async function confirmExport(ctx: RulesContext, loadState: () => Promise<SessionState | undefined>): Promise<boolean> {
  if (!confirmationOn()) return true;
  const q = exportQuestion(await loadState(), translatePhrase);
  const go = vscode.l10n.t("Export");
  const dontAsk = vscode.l10n.t("Don't Ask Again");
  const picked = await vscode.window.showInformationMessage(q.title, { modal: true, detail: q.detail }, go, dontAsk);
  if (picked === dontAsk) {
    await turnConfirmationOff();
    ctx.services.logger.info("Exports and paid actions are no longer confirmed (imageGeneration.confirmPaidActions = false).");
    return true;
  }
  return picked === go;
}

/** The export question an LM tool shows in `prepareInvocation`; undefined when the setting is off. */
export function exportConfirmationMessages(state: SessionState | undefined): { title: string; message: string } | undefined {
  if (!confirmationOn()) return undefined;
  const q = exportQuestion(state, translatePhrase);
  return { title: q.title, message: q.detail };
}
