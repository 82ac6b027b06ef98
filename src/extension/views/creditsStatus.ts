import * as vscode from "vscode";
import type { Credits } from "../../core/types";
import { Disposable } from "../disposable";
import { isLowBalance } from "../../core/rules/cost";
import type { ServiceHost } from "../host";

/** Credits in the status bar. Refreshed after paid actions and when a view becomes visible, never at activation. */
export class CreditsStatus extends Disposable {
  private readonly item: vscode.StatusBarItem;
  private last: Credits | undefined;
  private inFlight: Promise<Credits | undefined> | undefined;

  constructor(private readonly services: ServiceHost) {
    super();
    this.item = this._register(vscode.window.createStatusBarItem("imageGeneration.credits", vscode.StatusBarAlignment.Right, 100));
    this.item.name = vscode.l10n.t("Image Generation Credits");
    this.item.command = "imageGeneration.showCredits";
    this.item.text = "$(sparkle) …";
    this.item.tooltip = vscode.l10n.t("Image Generation credits (click to refresh)");
    this._register(services.onDidRequestRefresh((what) => {
      if (what !== "session") void this.refresh();
    }));
    this._register(services.onDidChangeCredits((c) => this.update(c)));
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
    this.item.text = "$(sparkle) …";
    this.item.tooltip = vscode.l10n.t("Image Generation credits (click to refresh)");
    this.item.backgroundColor = undefined;
  }

  update(c: Credits): void {
    this.last = c;
    this.item.text = `$(sparkle) ${c.available}`;
    const tip = new vscode.MarkdownString(
      vscode.l10n.t("**Image Generation credits**\n\nAvailable: {0}\n\nReserved: {1}\n\nTotal: {2}", c.available, c.frozen, c.total),
    );
    this.item.tooltip = tip;
    this.item.backgroundColor = isLowBalance(c.available) ? new vscode.ThemeColor("statusBarItem.warningBackground") : undefined;
    this.item.show();
  }
}
