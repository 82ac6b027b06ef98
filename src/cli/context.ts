/**
 * What every CLI command is given: the client, the terminal output, the parsed invocation and the
 * process's environment. Its own file so the commands (commands.ts), their helpers (batch.ts,
 * turn-job.ts) and `imagegen mcp` (mcp-command.ts) share it without importing each other.
 */
import type { NemoClientApi } from "../core/api";
import type { JobLedger, JobTiming } from "../core/jobs";
import type { Logger } from "../core/support/logger";
import type { KeyValueStore } from "../core/support/storage";
import type { Invocation } from "./args";
import type { Output } from "./output";

export interface CommandContext {
  client: NemoClientApi;
  out: Output;
  inv: Invocation;
  signal: AbortSignal;
  /** The process environment (for error wording and the MCP server). */
  env?: Record<string, string | undefined>;
  logger?: Logger;
  /** For `batch`: a client per item over its own workspace store (token and client id shared). */
  batch?: { clientFor(store: KeyValueStore): NemoClientApi; logger: Logger; rateLimitPauseMs: number };
  /** The job ledger beside the token (the CLI's exports and the MCP server's jobs). */
  ledger?: JobLedger;
  /** Job timing (progress every 10 s, watch 10 min), scaled with NEMO_TIME_SCALE. */
  jobTiming?: Partial<JobTiming>;
}

/** Resolves to an exit code when the command decides one (batch: some items failed). */
export type Handler = (ctx: CommandContext) => Promise<void | number>;
