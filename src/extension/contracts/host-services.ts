/**
 * What the one ServiceHost (host.ts) offers beyond the shared Services: the refresh and Cancel-all
 * signals and the session's replacement. Commands, views and the status bar depend on this
 * contract, never on host.ts, so host.ts (which loads the heavy bundle) sits above them.
 */
import type * as vscode from "vscode";
import type { NemoClientApi } from "../../core/api";
import type { Logger } from "../../core/support/logger";
import type { KeyValueStore } from "../../core/support/storage";
import type { Services, SessionChange } from "../services";

/** What a refresh request covers: the balance, the session's state, or both. */
export type RefreshKind = "credits" | "session" | "all";

export interface HostServices extends Services {
  /** The extension's log (an output channel): show() opens it (Show Log). */
  readonly logger: Logger & { show(): void };
  /** Fires on refresh(): the status bar re-reads credits, the Session view the session. */
  readonly onDidRequestRefresh: vscode.Event<RefreshKind>;
  /** Fires when every running progress should be cancelled (test seam: same path as the Cancel button). */
  readonly onDidCancelAll: vscode.Event<void>;
  /** The session was replaced: "new" (New Session) or "lost" (1002); see Services.onDidChangeSession. */
  sessionChanged(change?: SessionChange): void;
}

/** What the batch needs to give each item its own client and session (ServiceHost.clientFor). */
export interface ClientFactory {
  /** A client over its own workspace store, sharing the token and client id; its notices are only logged. */
  clientFor(workspaceStore: KeyValueStore): NemoClientApi;
  /** The protocol's rate-limit wait in ms (shorter under test). */
  readonly rateLimitWaitMs: number;
}
