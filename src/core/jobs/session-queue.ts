/**
 * One turn at a time on a backend session. Two turns on one session would mix their media and
 * their state diffs, so every chat turn (palette, chat, tools, MCP) holds its session from the
 * state read before the message to the state read after it. Within the process callers queue in
 * order; across processes that share a session (CLI, MCP servers beside one token) a lock file
 * beside the ledger does the same, and a lock left by a process that died is taken over.
 */
import * as path from "node:path";
import { CancelledError } from "../errors";
import { acquireFileLock } from "./file-lock";

export type Release = () => Promise<void>;

export interface AcquireOptions {
  signal?: AbortSignal;
  /** Called once when the caller has to wait for another turn ("waiting for the previous request"). */
  onWait?: () => void;
}

/** A lock shared with other processes. */
export interface SessionLockPort {
  acquire(sessionId: string, opts: AcquireOptions): Promise<Release>;
}

/** A turn (15 min at most, plus recovery reads) never holds a session longer than this; older locks are stale. */
const SESSION_LOCK_STALE_MS = 30 * 60_000;

/** Lock files `session-<id>.lock` in a folder (the CLI's config folder, beside the ledger). */
export class FileSessionLocks implements SessionLockPort {
  constructor(
    private readonly dir: string,
    private readonly pollMs = 200,
  ) {}
  acquire(sessionId: string, opts: AcquireOptions): Promise<Release> {
    const safe = sessionId.replace(/[^A-Za-z0-9_.-]/g, "_").slice(0, 120);
    return acquireFileLock(path.join(this.dir, `session-${safe}.lock`), { staleMs: SESSION_LOCK_STALE_MS, pollMs: this.pollMs, signal: opts.signal, onWait: opts.onWait });
  }
}

interface Waiter {
  grant: () => void;
}

export class SessionQueue {
  private readonly held = new Map<string, Waiter[]>();

  constructor(private readonly shared?: SessionLockPort) {}

  /** Whether a turn of this process holds the session now. */
  busy(sessionId: string): boolean {
    return this.held.has(sessionId);
  }

  /** Waits for the session (in order of arrival), then for other processes; resolves to the release. */
  async acquire(sessionId: string, opts: AcquireOptions = {}): Promise<Release> {
    let told = false;
    const tell = (): void => {
      if (told) return;
      told = true;
      opts.onWait?.();
    };
    await this.local(sessionId, opts.signal, tell);
    let releaseShared: Release | undefined;
    try {
      if (this.shared) releaseShared = await this.shared.acquire(sessionId, { signal: opts.signal, onWait: tell });
    } catch (err) {
      this.next(sessionId);
      throw err;
    }
    let released = false;
    return async () => {
      if (released) return;
      released = true;
      try {
        await releaseShared?.();
      } finally {
        this.next(sessionId);
      }
    };
  }

  private local(sessionId: string, signal: AbortSignal | undefined, tell: () => void): Promise<void> {
    if (signal?.aborted) return Promise.reject(new CancelledError(signal.reason));
    const queue = this.held.get(sessionId);
    if (!queue) {
      this.held.set(sessionId, []);
      return Promise.resolve();
    }
    tell();
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        grant: () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        },
      };
      const onAbort = (): void => {
        const i = queue.indexOf(waiter);
        if (i >= 0) queue.splice(i, 1);
        reject(new CancelledError(signal?.reason));
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      queue.push(waiter);
    });
  }

  private next(sessionId: string): void {
    const queue = this.held.get(sessionId);
    const waiter = queue?.shift();
    if (waiter) waiter.grant();
    else this.held.delete(sessionId);
  }
}

/** The queue every client of this process shares unless it is given its own. */
export const processSessionQueue = new SessionQueue();
