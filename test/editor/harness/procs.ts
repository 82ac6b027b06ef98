// Child processes for the editor harness: each runs in its own process group (detached), logs to a
// file, and is registered so that every exit path - normal end, failure, Ctrl-C, SIGTERM - stops
// the whole group. Nothing started here may outlive the harness.
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, readFileSync } from "node:fs";
import { createServer } from "node:net";

export interface ManagedProcess {
  readonly name: string;
  readonly pid: number;
  readonly logPath: string;
  /** Resolves with the exit code (or null when killed by a signal). */
  readonly exited: Promise<number | null>;
  hasExited(): boolean;
  /** SIGTERM to the group, SIGKILL after `graceMs`; always resolves. */
  stop(graceMs?: number): Promise<void>;
}

export interface StartOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  logPath: string;
  /** Called for every stdout line (the simulator announces its URL this way). */
  onStdoutLine?: (line: string) => void;
}

type Cleanup = () => Promise<void>;
const groups = new Map<number, string>();
const cleanups = new Set<Cleanup>();
let handlersInstalled = false;
let shuttingDown = false;

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

export function startProcess(name: string, cmd: string, args: string[], opts: StartOptions): ManagedProcess {
  installExitHandlers();
  if (shuttingDown) throw new Error(`not starting ${name}: the harness is shutting down`);
  const log = createWriteStream(opts.logPath, { flags: "a" });
  log.write(`$ ${cmd} ${args.join(" ")}\n`);
  const child: ChildProcess = spawn(cmd, args, {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (child.pid === undefined) throw new Error(`could not start ${name} (${cmd})`);
  const pid = child.pid;
  groups.set(pid, name);
  let done = false;
  let pending = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    log.write(chunk);
    if (!opts.onStdoutLine) return;
    pending += chunk.toString("utf8");
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) opts.onStdoutLine(line);
  });
  child.stderr?.on("data", (chunk: Buffer) => log.write(chunk));
  const exited = new Promise<number | null>((resolve) => {
    child.on("error", (err) => {
      log.write(`[harness] spawn error: ${err.message}\n`);
      done = true;
      resolve(null);
    });
    child.on("exit", (code) => {
      done = true;
      log.write(`[harness] ${name} exited with ${code}\n`);
      resolve(code);
    });
  });
  return {
    name,
    pid,
    logPath: opts.logPath,
    exited,
    hasExited: () => done,
    async stop(graceMs = 5000) {
      if (!groups.has(pid)) return;
      killGroup(pid, "SIGTERM");
      await Promise.race([exited, delay(graceMs)]);
      // The leader may be gone while its children (code-server's server process) are not.
      killGroup(pid, "SIGKILL");
      await Promise.race([exited, delay(1000)]);
      groups.delete(pid);
      log.end();
    },
  };
}

/** True once a signal started the shutdown: start nothing new. */
export function isShuttingDown(): boolean {
  return shuttingDown;
}

/** Registers an async cleanup (e.g. closing the browser) that runs on every exit path. */
export function onCleanup(fn: Cleanup): () => void {
  installExitHandlers();
  cleanups.add(fn);
  return () => cleanups.delete(fn);
}

/** Runs all registered cleanups, then stops every remaining process group. */
export async function cleanupAll(): Promise<void> {
  const fns = [...cleanups].reverse();
  cleanups.clear();
  for (const fn of fns) {
    await Promise.race([fn().catch(() => undefined), delay(10_000)]);
  }
  for (const pid of [...groups.keys()]) killGroup(pid, "SIGTERM");
  if (groups.size) await delay(500);
  for (const pid of [...groups.keys()]) killGroup(pid, "SIGKILL");
  groups.clear();
}

function installExitHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  const onSignal = (signal: NodeJS.Signals, code: number) => {
    shuttingDown = true;
    process.stderr.write(`\n[harness] ${signal}: stopping code-server, browser and simulator...\n`);
    void cleanupAll().finally(() => process.exit(code));
  };
  process.once("SIGINT", () => onSignal("SIGINT", 130));
  process.once("SIGTERM", () => onSignal("SIGTERM", 143));
  process.once("SIGHUP", () => onSignal("SIGHUP", 129));
  // Last resort (synchronous): whatever is still registered gets SIGKILL.
  process.on("exit", () => {
    for (const pid of groups.keys()) killGroup(pid, "SIGKILL");
  });
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A TCP port that was free on 127.0.0.1 a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => (port ? resolve(port) : reject(new Error("no free port"))));
    });
  });
}

/** The last `n` lines of a log file, for error messages. */
export function tailFile(path: string, n = 20): string {
  try {
    return readFileSync(path, "utf8").trimEnd().split("\n").slice(-n).join("\n");
  } catch {
    return "(no log)";
  }
}

/** Polls `url` until it answers 2xx; fails early when `proc` exits. */
export async function waitForHttp(url: string, timeoutMs: number, proc?: ManagedProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < deadline) {
    if (proc?.hasExited()) {
      throw new Error(`${proc.name} exited before ${url} answered. Log ${proc.logPath}:\n${tailFile(proc.logPath)}`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    await delay(200);
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms (${last})`);
}
