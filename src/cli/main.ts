/**
 * `imagegen`: the NemoVideo agent from a terminal. Parses argv, builds one NemoClient over
 * file-backed stores, runs one command, and exits with a documented code (see `imagegen --help`).
 * Ctrl-C aborts the running request through an AbortController; a second Ctrl-C quits at once.
 */
import * as path from "node:path";
import { defaultTiming, type NemoClientApi, type Timing } from "../core/api";
import { ExportRecords } from "../core/render/export-records";
import { FileLedgerStorage, LEDGER_FILE } from "../core/jobs/file-storage";
import { JobLedger } from "../core/jobs/ledger";
import { FileSessionLocks, SessionQueue } from "../core/jobs/session-queue";
import { defaultJobTiming, type JobTiming } from "../core/jobs/timing";
import { CancelledError } from "../core/errors";
import { type Logger, redact, redactingLogger, silentLogger } from "../core/support/logger";
import type { KeyValueStore } from "../core/support/storage";
import { VERSION } from "../core/support/version";
import { EXIT, helpText, parseInvocation, wantsJson } from "./args";
import { runCommand } from "./commands";
import { type Env, openStores } from "./config";
import { noticePrinter } from "./events";
import { reportFailure } from "./failure";
import { lazyClient } from "./lazy-client";
import { Output } from "./output";

/** Give an aborted request this long to unwind before the process quits anyway. */
const CANCEL_GRACE_MS = 3000;

/** "zh_CN.UTF-8" → "zh-cn", "de_DE" → "de", "C" → "en". */
export function languageFromEnv(env: Env): string {
  const raw = (env.LC_ALL || env.LC_MESSAGES || env.LANG || "").split(/[.@]/)[0].toLowerCase().replace("_", "-");
  if (!/^[a-z]{2,3}(-[a-z0-9]+)?$/.test(raw)) return "en";
  return raw.startsWith("zh") ? raw : raw.slice(0, raw.indexOf("-") === -1 ? raw.length : raw.indexOf("-"));
}

/** NEMO_TIME_SCALE (tests, demos against the simulator) scales every protocol delay. */
export function timingFromEnv(env: Env): Partial<Timing> | undefined {
  const scale = Number(env.NEMO_TIME_SCALE);
  if (!env.NEMO_TIME_SCALE || !Number.isFinite(scale) || scale <= 0 || scale === 1) return undefined;
  const t: Timing = { ...defaultTiming };
  const ms: (keyof Timing)[] = [
    "rateLimitWaitMs", "rateLimitBudgetMs", "stillWorkingEveryMs", "heartbeatOnlyTimeoutMs", "streamCapMs",
    "recoveryFirstWaitMs", "recoveryNextWaitMs", "renderPollMs", "renderSlowPollMs", "renderMaxWaitMs",
  ];
  for (const k of ms) t[k] = Math.max(1, Math.round(defaultTiming[k] * scale));
  t.retryAfterScale = scale;
  return t;
}

/** The jobs' delays (progress every 10 s, the 10-minute watch) scaled the same way. */
export function jobTimingFromEnv(env: Env): Partial<JobTiming> | undefined {
  const scale = Number(env.NEMO_TIME_SCALE);
  if (!env.NEMO_TIME_SCALE || !Number.isFinite(scale) || scale <= 0 || scale === 1) return undefined;
  const t: JobTiming = { ...defaultJobTiming };
  for (const k of Object.keys(t) as (keyof JobTiming)[]) t[k] = Math.max(1, Math.round(defaultJobTiming[k] * scale));
  return t;
}

function stderrLogger(out: Output): Logger {
  const line = (level: string) => (m: string) => out.diag(`[${new Date().toISOString()}] ${level} ${m}`);
  return redactingLogger({ trace: line("trace"), debug: line("debug"), info: line("info"), warn: line("warn"), error: line("error") });
}

function isLocalHost(url: string): boolean {
  const host = new URL(url).hostname;
  return host === "localhost" || host === "127.0.0.1" || host === "[::1]" || host.endsWith(".localhost");
}

export async function main(argv: string[], env: Env): Promise<number> {
  const out = new Output(process.stdout, process.stderr, wantsJson(argv));
  const debug = env.NEMO_DEBUG === "1";
  const logger = debug ? stderrLogger(out) : silentLogger;
  out.addSecret(env.NEMO_TOKEN?.trim());

  let inv;
  try {
    inv = parseInvocation(argv, env);
  } catch (err) {
    return reportFailure(out, err, env);
  }
  if (inv.command === "help") {
    if (out.json) out.document({ version: VERSION, help: helpText(VERSION) });
    else out.raw(helpText(VERSION));
    return EXIT.ok;
  }
  if (inv.command === "version") {
    if (out.json) out.document({ version: VERSION });
    else out.raw(`${VERSION}\n`);
    return EXIT.ok;
  }
  if (new URL(inv.apiUrl).protocol === "http:" && !isLocalHost(inv.apiUrl)) {
    out.status("Warning: the API address uses plain http; your token would travel unencrypted.");
  }

  const stores = openStores(env, logger, (secret) => out.addSecret(secret));
  logger.debug(`config directory ${stores.dir}; API ${inv.apiUrl}`);
  const timing = timingFromEnv(env);
  const apiUrl = inv.apiUrl;
  const webUrl = inv.webUrl;
  const proxy = inv.proxy;
  const embedPromptInFiles = inv.embedPrompt;
  // The HTTP stack (src/core/client.ts, undici) is loaded here, not by this module's imports:
  // `imagegen mcp` must answer initialize and tools/list without it (bench/mcp-startup.ts).
  // One turn at a time per session, also across CLI and MCP processes sharing this config folder.
  const sessionQueue = new SessionQueue(new FileSessionLocks(stores.dir));
  // The one job ledger beside the token (exports and the MCP server's jobs), shared by every process.
  const ledger = new JobLedger(new FileLedgerStorage(path.join(stores.dir, LEDGER_FILE), logger), { logger });
  const exportRecords = new ExportRecords(ledger, Date.now, stores.workspaceStore);
  const loadClients = async (): Promise<(workspaceStore: KeyValueStore) => NemoClientApi> => {
    const [{ NemoClient }, { createProxyDispatcher }] = await Promise.all([import("../core/client"), import("../core/http/proxy")]);
    // The same proxy choice as the extension: --proxy, else HTTP(S)_PROXY / NO_PROXY from env.
    const dispatcher = createProxyDispatcher({ proxy, env, strictSSL: env.NODE_TLS_REJECT_UNAUTHORIZED !== "0" });
    return (workspaceStore) =>
      new NemoClient({
        apiUrl,
        webUrl,
        platform: "cli",
        version: VERSION,
        language: languageFromEnv(env),
        globalStore: stores.globalStore,
        workspaceStore,
        secrets: stores.secrets,
        env,
        logger,
        dispatcher,
        timing,
        embedPromptInFiles,
        sessionQueue,
        // The main session's exports are jobs on the ledger; a batch item's stay in its own store.
        exportRecords: workspaceStore === stores.workspaceStore ? exportRecords : undefined,
        onNotice: noticePrinter(out),
      });
  };
  let clientOver: (workspaceStore: KeyValueStore) => NemoClientApi;
  if (inv.command === "mcp") {
    // Loaded on the first tool call; a malformed proxy then fails that call with a clear sentence.
    clientOver = (workspaceStore) => lazyClient(async () => (await loadClients())(workspaceStore));
  } else {
    try {
      clientOver = await loadClients();
    } catch (err) {
      return reportFailure(out, err, env);
    }
  }
  const client = clientOver(stores.workspaceStore);
  const batch = { clientFor: clientOver, logger, rateLimitPauseMs: timing?.rateLimitWaitMs ?? defaultTiming.rateLimitWaitMs };

  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = (): void => {
    interrupts++;
    if (interrupts > 1) process.exit(EXIT.cancelled);
    out.status("Cancelling… (press Ctrl-C again to quit now)");
    controller.abort(new CancelledError());
    setTimeout(() => process.exit(EXIT.cancelled), CANCEL_GRACE_MS).unref();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    return await runCommand({ client, out, inv, signal: controller.signal, env, logger, batch, ledger, jobTiming: jobTimingFromEnv(env) });
  } catch (err) {
    // Whatever the abort surfaced as (socket error, CancelledError), the person cancelled.
    return reportFailure(out, controller.signal.aborted ? new CancelledError(err) : err, env);
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

/** Exit once stdout and stderr are flushed (pipes may be asynchronous); keep-alive sockets do not hold us. */
function exitAfterFlush(code: number): void {
  process.exitCode = code;
  process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
}

if (require.main === module) {
  main(process.argv.slice(2), process.env).then(exitAfterFlush, (err: unknown) => {
    // Only reached by a bug in the CLI itself: still no stack unless NEMO_DEBUG=1.
    process.stderr.write(`Error: ${redact(err instanceof Error ? err.message : "unexpected failure")}\n`);
    if (process.env.NEMO_DEBUG === "1" && err instanceof Error) process.stderr.write(`${redact(err.stack ?? "")}\n`);
    exitAfterFlush(EXIT.other);
  });
}
