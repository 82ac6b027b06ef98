/**
 * A lock file shared by processes (the CLI, MCP servers) on one machine: created with O_EXCL and
 * holding `{pid, at}`. A lock whose process is gone, or older than `staleMs`, is stale and taken
 * over (renamed away first, so two takers cannot both win). Waiting polls every `pollMs`, reports
 * once through `onWait`, and stops when `signal` aborts (CancelledError).
 */
import { randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { CancelledError } from "../errors";

export interface FileLockOptions {
  /** A lock older than this (ms) is stale even when its process seems alive (pid reuse). */
  staleMs: number;
  /** How often a waiter looks again (ms). Default 100. */
  pollMs?: number;
  signal?: AbortSignal;
  /** Called once, when the lock is held by someone else and this caller starts to wait. */
  onWait?: () => void;
  now?: () => number;
}

interface LockBody {
  pid: number;
  at: number;
  nonce: string;
}

/** Whether a process with this id runs (EPERM: it runs as someone else). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

function parseBody(text: string): LockBody | undefined {
  try {
    const v = JSON.parse(text) as Partial<LockBody>;
    if (typeof v.pid === "number" && typeof v.at === "number") return { pid: v.pid, at: v.at, nonce: String(v.nonce ?? "") };
  } catch {
    // a half-written or foreign file: judged by its age below
  }
  return undefined;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new CancelledError(signal.reason));
    const t = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(t);
      reject(new CancelledError(signal?.reason));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Takes the lock (waiting as long as it takes, or until `signal`); resolves to its release. */
export async function acquireFileLock(file: string, opts: FileLockOptions): Promise<() => Promise<void>> {
  const now = opts.now ?? Date.now;
  const body: LockBody = { pid: process.pid, at: now(), nonce: randomBytes(6).toString("hex") };
  let told = false;
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  for (;;) {
    if (opts.signal?.aborted) throw new CancelledError(opts.signal.reason);
    body.at = now();
    try {
      const h = await fs.open(file, "wx", 0o600);
      try {
        await h.writeFile(JSON.stringify(body));
      } finally {
        await h.close();
      }
      return async () => {
        // Remove it only while it is still ours (a stale-lock taker may have replaced it).
        const current = await fs.readFile(file, "utf8").catch(() => "");
        if (parseBody(current)?.nonce === body.nonce) await fs.rm(file, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
    if (await takeIfStale(file, opts.staleMs, now)) continue;
    if (!told) {
      told = true;
      opts.onWait?.();
    }
    await sleep(opts.pollMs ?? 100, opts.signal);
  }
}

async function takeIfStale(file: string, staleMs: number, now: () => number): Promise<boolean> {
  let text: string;
  let mtime: number;
  try {
    [text, mtime] = await Promise.all([fs.readFile(file, "utf8"), fs.stat(file).then((s) => s.mtimeMs)]);
  } catch {
    return true; // gone meanwhile: try again at once
  }
  const held = parseBody(text);
  const at = held?.at ?? mtime;
  const stale = (held ? !processAlive(held.pid) : false) || now() - at > staleMs;
  if (!stale) return false;
  const aside = `${file}.stale-${randomBytes(4).toString("hex")}`;
  try {
    await fs.rename(file, aside);
  } catch {
    return true; // someone else took it over first
  }
  const moved = await fs.readFile(aside, "utf8").catch(() => "");
  if (moved !== text) {
    // Not the lock judged stale (it was replaced in between): put it back unless a new one exists.
    await fs.link(aside, file).catch(() => undefined);
  }
  await fs.rm(aside, { force: true });
  return true;
}
