/**
 * What the shared rules (confirm before spending, where media goes) need from the extension: the
 * services (state, client, logger) and the credits channel. The command contexts (contracts/services-context.ts PaidContext) satisfy it.
 */
import type * as vscode from "vscode";
import type { NemoClientApi } from "../../core/api";
import type { Logger } from "../../core/support/logger";
import type { Credits } from "../../core/types";

export interface RulesContext {
  services: {
    readonly context: Pick<vscode.ExtensionContext, "workspaceState" | "globalState">;
    readonly client: Pick<NemoClientApi, "creditsLink">;
    readonly logger: Logger;
  };
  credits: {
    /** The last balance known (none before the first fetch). */
    readonly credits: Credits | undefined;
    /** Fetch the balance; undefined when it could not be read (the reason is logged). */
    refresh(): Promise<Credits | undefined>;
  };
}
