/**
 * `imagegen mcp`: the MCP server over this process's client, with the job ledger beside the token,
 * the files that ledger says were saved as its first resources, and the CLI's "ask before spending
 * credits" setting. The server (./mcp/server) is loaded only for this command, so the other
 * commands never parse the SDK.
 */
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { JobLedger, JobRunner, MemoryLedgerStorage } from "../core/jobs";
import { type Logger, silentLogger } from "../core/support/logger";
import { CONFIG_FILES, configDir, ensurePrivateDir, type Env, FileStore } from "./config";
import type { Handler } from "./context";
import type { ConfirmSetting } from "./mcp/options";

/** The MCP server: loaded only for this command, so the other commands never parse the SDK. */
export const mcp: Handler = async ({ client, out, inv, signal, env, logger, ledger, jobTiming }) => {
  const { serveMcp } = await import("./mcp/server");
  const log = logger ?? silentLogger;
  const jobs = new JobRunner({ client, ledger: ledger ?? new JobLedger(new MemoryLedgerStorage(), { logger: log }), logger: log, timing: jobTiming });
  const baseDir = process.cwd();
  if (process.stdin.isTTY) {
    out.status("imagegen mcp speaks the Model Context Protocol on stdin/stdout: add it to your agent's MCP settings (see the README). Ctrl-C quits.");
  }
  await serveMcp({
    client,
    jobs,
    outDir: path.resolve(inv.outDir ?? baseDir),
    baseDir,
    env: env ?? {},
    logger: logger ?? silentLogger,
    scrub: (t) => out.scrub(t),
    maxResultBytes: inv.maxResultBytes,
    yes: inv.yes,
    confirm: confirmSetting(env ?? {}, logger ?? silentLogger),
    media: await recordedMedia(ledger),
    signal,
  });
};

/** The MCP resources to start with: the files the job ledger (beside the token) says were saved and that still exist. */
async function recordedMedia(ledger: JobLedger | undefined): Promise<import("./mcp/resources").ProcessMediaSource> {
  const { ProcessMediaSource } = await import("./mcp/resources");
  const source = new ProcessMediaSource();
  for (const m of (await ledger?.media({ limit: 500 }).catch(() => [])) ?? []) {
    if (!m.path || !(await fs.stat(m.path).then((st) => st.isFile(), () => false))) continue;
    source.seed(m.path, m.jobKind === "export" ? `Exported earlier (job ${m.jobId})` : `Made earlier (job ${m.jobId})${m.prompt ? `: ${m.prompt.slice(0, 120)}` : ""}`);
  }
  return source;
}

/** The CLI's "ask before spending credits" setting: config.json `confirmPaidActions` ("false" = don't ask). */
function confirmSetting(env: Env, logger: Logger): ConfirmSetting {
  const store = new FileStore(path.join(configDir(env), CONFIG_FILES.global), 0o600, logger);
  return {
    get: async () => (await store.get("confirmPaidActions")) !== "false",
    set: async (ask) => {
      await ensurePrivateDir(configDir(env));
      await store.set("confirmPaidActions", ask ? undefined : "false");
    },
  };
}
