/** What `imagegen mcp`'s server is given (server.ts), and the CLI setting its cost question reads and writes. */
import type { NemoClientApi } from "../../core/api";
import type { JobRunner } from "../../core/jobs";
import type { Logger } from "../../core/support/logger";
import type { SavedMediaSource } from "./resources";

/** The CLI's "ask before spending credits" setting (config.json `confirmPaidActions`), read and written by the cost question. */
export interface ConfirmSetting {
  get(): Promise<boolean>;
  set(ask: boolean): Promise<void>;
}

export interface McpServerOptions {
  client: NemoClientApi;
  /** Runs the long tools as jobs on the ledger beside the token (jobs outlive a caller that stops waiting). */
  jobs: JobRunner;
  /** Where generated media and exports are saved (absolute). */
  outDir: string;
  /** Paths in results are relative to this (the working directory). */
  baseDir: string;
  env: Record<string, string | undefined>;
  logger: Logger;
  /** Removes any secret the process has seen from outgoing text. */
  scrub: (text: string) => string;
  /** The largest tool result, in bytes of the JSON-RPC message (default 1 MiB). */
  maxResultBytes?: number;
  /** `--yes`: never ask the cost question. */
  yes?: boolean;
  /** Whether to ask the cost question (and where "don't ask again" is kept); absent: always ask where the client can. */
  confirm?: ConfirmSetting;
  /** Where the resources come from (default: what this process saves). */
  media?: SavedMediaSource & { add?(file: string, description: string): string };
  /** Ends the server (SIGINT/SIGTERM). */
  signal?: AbortSignal;
  stdin?: NodeJS.ReadableStream & { pause(): unknown };
  stdout?: NodeJS.WritableStream;
}
