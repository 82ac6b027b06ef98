/** The balance as the status bar keeps it (views/credits-status.ts CreditsStatus implements it). */
import type { Credits } from "../../core/types";

export interface CreditsView {
  /** The last balance known (none before the first fetch). */
  readonly credits: Credits | undefined;
  /** Fetch the balance; undefined when it could not be read (the reason is logged). */
  refresh(): Promise<Credits | undefined>;
  /** Forget the balance (after Sign Out): the next action or view refresh fetches it again. */
  reset(): void;
  /** Show a balance read elsewhere (Set Token, Show Credits). */
  update(credits: Credits): void;
}
