import * as vscode from "vscode";
import type { Credits } from "../../core/types";
import { Disposable } from "../disposable";
import { createCreditsItem, LAST_CREDITS_KEY, showBalance, showUnknownBalance } from "./credits-item";
import type { CreditsView } from "../contracts/credits-view";
import type { HostServices } from "../contracts/host-services";

/**
 * Credits in the status bar. Shown from start-up with the last known balance (no network work at
 * activation); refreshed after paid actions, when a view becomes visible and when clicked.
 */
export class CreditsStatus extends Disposable implements CreditsView {
  private readonly item: vscode.StatusBarItem;
  private last: Credits | undefined;
  private inFlight: Promise<Credits | undefined> | undefined;

  /** `item`: the one activation created and already showed (credits-item.ts); made here when absent. */
  constructor(
    private readonly services: HostServices,
    item?: vscode.StatusBarItem,
  ) {
    super();
    this.item = this._register(item ?? createCreditsItem(services.context.globalState));
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
    void this.services.context.globalState.update(LAST_CREDITS_KEY, undefined);
    this.showUnknown();
  }

  update(c: Credits): void {
    this.last = c;
    void this.services.context.globalState.update(LAST_CREDITS_KEY, { available: c.available, frozen: c.frozen, total: c.total });
    this.show(c);
  }

  private showUnknown(): void {
    showUnknownBalance(this.item);
  }

  private show(c: Credits): void {
    showBalance(this.item, c);
  }
}
