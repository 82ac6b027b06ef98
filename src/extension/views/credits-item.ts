/**
 * The credits item in the status bar as a person first sees it: made at activation and shown with
 * the last balance this profile saw (globalState), with no network work and nothing else loaded.
 * CreditsStatus (credits-status.ts) takes it over when the rest of the extension loads.
 */
import * as vscode from "vscode";
import { isLowBalance } from "../../core/prompt/cost-table";
import type { Credits } from "../../core/types";

/** globalState key: the last balance seen, shown at start-up before any network work. */
export const LAST_CREDITS_KEY = "imageGeneration.lastCredits";

/** A stored balance, if `value` is one (globalState is ours, but an older build may have written it). */
export function storedCredits(value: unknown): Credits | undefined {
  const c = value as Partial<Credits> | undefined;
  return c && typeof c.available === "number" && typeof c.frozen === "number" && typeof c.total === "number"
    ? { available: c.available, frozen: c.frozen, total: c.total }
    : undefined;
}

/** The item, shown: the last known balance, or the word "Credits" when this profile never checked. */
export function createCreditsItem(globalState: vscode.Memento): vscode.StatusBarItem {
  const item = vscode.window.createStatusBarItem("imageGeneration.credits", vscode.StatusBarAlignment.Right, 100);
  item.name = vscode.l10n.t("Image Generation Credits");
  item.command = "imageGeneration.showCredits";
  const known = storedCredits(globalState.get(LAST_CREDITS_KEY));
  if (known) showBalance(item, known);
  else showUnknownBalance(item);
  item.show();
  return item;
}

/** Never checked in this profile (first start, after Sign Out): a word, not "…", and what a click does. */
export function showUnknownBalance(item: vscode.StatusBarItem): void {
  item.text = `$(sparkle) ${vscode.l10n.t("Credits")}`;
  item.tooltip = vscode.l10n.t("Image Generation credits: click to check your balance");
  item.accessibilityInformation = { label: vscode.l10n.t("Image Generation credits: click to check your balance"), role: "button" };
  item.backgroundColor = undefined;
}

/** The item for a balance; `c` may be the last one known from an earlier window until a refresh. */
export function showBalance(item: vscode.StatusBarItem, c: Credits): void {
  item.text = `$(sparkle) ${c.available}`;
  item.tooltip = new vscode.MarkdownString(
    vscode.l10n.t("**Image Generation credits**\n\nAvailable: {0}\n\nReserved: {1}\n\nTotal: {2}", c.available, c.frozen, c.total),
  );
  // Read aloud as written here, not "sparkle 800" followed by the markdown tooltip.
  item.accessibilityInformation = { label: vscode.l10n.t("Image Generation credits: {0} available", c.available), role: "button" };
  item.backgroundColor = isLowBalance(c.available) ? new vscode.ThemeColor("statusBarItem.warningBackground") : undefined;
  item.show();
}
