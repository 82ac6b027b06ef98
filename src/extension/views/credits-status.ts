import * as vscode from "vscode";
import type { Credits } from "../../core/types";
import { Disposable } from "../disposable";
import { isLowBalance } from "../../core/prompt/cost";
import type { CreditsView } from "../contracts/credits-view";
import type { HostServices } from "../contracts/host-services";

/** globalState key: the last balance seen, shown at start-up before any network work. */
export const LAST_CREDITS_KEY = "imageGeneration.lastCredits";

function storedCredits(value: unknown): Credits | undefined {
  const c = value as Partial<Credits> | undefined;
  return c && typeof c.available === "number" && typeof c.frozen === "number" && typeof c.total === "number"
    ? { available: c.available, frozen: c.frozen, total: c.total }
    : undefined;
}

/**
 * Credits in the status bar. Shown from start-up with the last known balance (no network work at
 * activation); refreshed after paid actions, when a view becomes visible and when clicked.
 */
export class CreditsStatus extends Disposable implements CreditsView {
  private readonly item: vscode.StatusBarItem;
  private last: Credits | undefined;
  private inFlight: Promise<Credits | undefined> | undefined;

  constructor(private readonly services: HostServices) {
    super();
    this.item = this._register(vscode.window.createStatusBarItem("imageGeneration.credits", vscode.StatusBarAlignment.Right, 100));
    this.item.name = vscode.l10n.t("Image Generation Credits");
    this.item.command = "imageGeneration.showCredits";
    this._register(services.onDidRequestRefresh((what) => {
      if (what !== "session") void this.refresh();
    }));
    this._register(services.onDidChangeCredits((c) => this.update(c)));
    const known = storedCredits(services.context.globalState.get(LAST_CREDITS_KEY));
    if (known) this.show(known);
    else this.showUnknown();
    this.item.show();
  }

  get credits(): Credits | undefined {
    return this.last;
  }

  /** Fetch the balance and update the item; errors only go to the log (the status bar is quiet). */
  refresh(): Promise<Credits | undefined> {
    if (this.inFlight) return this.inFlight;
    this.item.show();
    this.inFlight = this.services.client
      .credits()
      .then((c) => {
        this.services.publishCredits(c);
        return c;
      })
      .catch((err: unknown) => {
        this.services.logger.warn(`Could not read credits: ${err instanceof Error ? err.message : String(err)}`);
        return undefined;
      })
      .finally(() => {
        this.inFlight = undefined;
      });
    return this.inFlight;
  }

  /** Forget the balance (after Sign Out): the next action or view refresh fetches it again. */
  reset(): void {
    this.last = undefined;
    void this.services.context.globalState.update(LAST_CREDITS_KEY, undefined);
    this.showUnknown();
  }

  update(c: Credits): void {
    this.last = c;
    void this.services.context.globalState.update(LAST_CREDITS_KEY, { available: c.available, frozen: c.frozen, total: c.total });
    this.show(c);
  }

  /** Never checked in this profile (first start, after Sign Out): a word, not "…", and what a click does. */
  private showUnknown(): void {
    this.item.text = `$(sparkle) ${vscode.l10n.t("Credits")}`;
    this.item.tooltip = vscode.l10n.t("Image Generation credits: click to check your balance");
    this.item.accessibilityInformation = { label: vscode.l10n.t("Image Generation credits: click to check your balance"), role: "button" };
    this.item.backgroundColor = undefined;
  }

  /** The item for a balance; `c` may be the last one known from an earlier window until a refresh. */
  private show(c: Credits): void {
    this.item.text = `$(sparkle) ${c.available}`;
    this.item.tooltip = new vscode.MarkdownString(
      vscode.l10n.t("**Image Generation credits**\n\nAvailable: {0}\n\nReserved: {1}\n\nTotal: {2}", c.available, c.frozen, c.total),
    );
    // Read aloud as written here, not "sparkle 800" followed by the markdown tooltip.
    this.item.accessibilityInformation = { label: vscode.l10n.t("Image Generation credits: {0} available", c.available), role: "button" };
    this.item.backgroundColor = isLowBalance(c.available) ? new vscode.ThemeColor("statusBarItem.warningBackground") : undefined;
    this.item.show();
  }
}
