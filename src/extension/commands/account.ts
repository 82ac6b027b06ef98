import * as vscode from "vscode";
import type { Credits } from "../../core/types";
import { tokenWarning } from "../endpoints";
import { COST_CREDITS, isLowBalance } from "../../core/prompt/cost";
import { guarded } from "../surface-helpers";
import type { CreditsView } from "../contracts/credits-view";
import type { ServicesContext } from "../contracts/services-context";

/** The services and the status bar's balance (Sign Out forgets it, Set Token and Show Credits show the new one). */
export type AccountContext = ServicesContext & { credits: Pick<CreditsView, "reset" | "update"> };

/** "Set Token…": masked input (or the `token` argument), kept in SecretStorage only. */
export async function setToken(ctx: AccountContext, token?: string): Promise<boolean> {
  const result = await guarded(ctx, async () => {
    const value =
      typeof token === "string"
        ? token
        : await vscode.window.showInputBox({
            title: vscode.l10n.t("Set NemoVideo Token"),
            prompt: vscode.l10n.t("Paste your NemoVideo token. It is kept in the editor's secret storage, never in settings."),
            placeHolder: "nmv_usr_…",
            password: true,
            ignoreFocusOut: true,
            validateInput: (v) => {
              switch (tokenWarning(v)) {
                case "empty":
                  return vscode.l10n.t("Paste a token, or press Escape to cancel.");
                case "spaces":
                  return vscode.l10n.t("A token has no spaces.");
                case "prefix":
                  return { message: vscode.l10n.t("NemoVideo tokens usually start with nmv_."), severity: vscode.InputBoxValidationSeverity.Warning };
                default:
                  return undefined;
              }
            },
          });
    const t = value?.trim();
    if (!t || tokenWarning(t) === "spaces") return false;
    await ctx.services.client.setToken(t);
    if ((await ctx.services.client.tokenSource()) === "env") {
      void vscode.window.showWarningMessage(vscode.l10n.t("Token saved, but NEMO_TOKEN in the environment is used while it is set."));
    } else {
      void vscode.window.showInformationMessage(vscode.l10n.t("Token saved."));
    }
    ctx.services.refresh("credits");
    return true;
  });
  return result ?? false;
}

export async function signOut(ctx: AccountContext): Promise<boolean> {
  const result = await guarded(ctx, async () => {
    await ctx.services.client.setToken(undefined);
    void vscode.window.showInformationMessage(vscode.l10n.t("Signed out: your token was removed from this editor."));
    ctx.credits.reset();
    return true;
  });
  return result ?? false;
}

export async function showCredits(ctx: AccountContext, args?: { notify?: boolean }): Promise<Credits | undefined> {
  return guarded(ctx, async () => {
    const c = await ctx.services.client.credits();
    ctx.credits.update(c);
    if (args?.notify === false) return c;
    const link = await ctx.services.client.creditsLink().catch(() => undefined);
    const getMore = link && /[?&]bind=/.test(link) ? vscode.l10n.t("Register") : vscode.l10n.t("Top Up");
    const refresh = vscode.l10n.t("Refresh");
    const message = vscode.l10n.t("Credits: {0} available, {1} reserved, {2} total.", c.available, c.frozen, c.total);
    const detail = isLowBalance(c.available) ? " " + vscode.l10n.t("One generation needs about {0}.", COST_CREDITS.image) : "";
    const show = isLowBalance(c.available) ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    const buttons = link ? [getMore, refresh] : [refresh];
    void Promise.resolve(show(message + detail, ...buttons)).then(async (picked) => {
      if (picked === getMore && link) await vscode.env.openExternal(vscode.Uri.parse(link));
      else if (picked === refresh) await showCredits(ctx);
    });
    return c;
  });
}

/** "Open in Browser": a claim link that never carries the real token. */
export async function openInBrowser(ctx: AccountContext, args?: { open?: boolean }): Promise<string | undefined> {
  return guarded(ctx, async () => {
    const link = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: vscode.l10n.t("Preparing the browser link…") },
      () => ctx.services.client.claimLink(),
    );
    if (args?.open !== false) await vscode.env.openExternal(vscode.Uri.parse(link));
    return link;
  });
}
