/** Shared helpers of the client tests (unit and integration): fast clock, capturing logger, timing. */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import type { Timing } from "../../src/core/api";
import type { Clock } from "../../src/core/support";
import { CancelledError } from "../../src/core/errors";
import type { Logger } from "../../src/core/support";
import { NemoClient } from "../../src/core/client";
import type { NemoClientOptions } from "../../src/core/api";
import { redact } from "../../src/core/support";
import { MemoryStore } from "../../src/core/support";
import type { Notice } from "../../src/core/types";

export const fastTiming: Partial<Timing> = {
  rateLimitWaitMs: 10,
  // The simulator's 429 says Retry-After: 30 (s): 10 ms here; the 3-minute budget is 60 ms.
  retryAfterScale: 1 / 3000,
  rateLimitBudgetMs: 60,
  renderFirstPollMs: 20,
  renderPollMs: 20,
  renderSlowPollMs: 40,
  renderMaxWaitMs: 20_000,
  recoveryFirstWaitMs: 20,
  recoveryNextWaitMs: 20,
  stillWorkingEveryMs: 50,
  heartbeatOnlyTimeoutMs: 2_000,
  streamCapMs: 20_000,
};

/** A real-time clock that records every sleep (so tests can assert the 429 wait was taken). */
export class RecordingClock implements Clock {
  readonly sleeps: number[] = [];
  now(): number {
    return Date.now();
  }
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(new CancelledError(signal.reason));
      const timer = setTimeout(() => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      }, ms);
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(new CancelledError(signal?.reason));
      };
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }
}

/** A logger that keeps every line, for "the token never appears in a log" checks. */
export class CapturingLogger implements Logger {
  readonly lines: string[] = [];
  trace(m: string): void {
    this.lines.push(`trace ${m}`);
  }
  debug(m: string): void {
    this.lines.push(`debug ${m}`);
  }
  info(m: string): void {
    this.lines.push(`info ${m}`);
  }
  warn(m: string): void {
    this.lines.push(`warn ${m}`);
  }
  error(m: string, err?: unknown): void {
    this.lines.push(`error ${m} ${err === undefined ? "" : String(err)}`);
  }
}

/** A logger that keeps only warnings and errors. */
export function warningsLogger(): { logger: Logger; warnings: string[] } {
  const warnings: string[] = [];
  const logger: Logger = {
    trace: () => undefined,
    debug: () => undefined,
    info: () => undefined,
    warn: (m) => void warnings.push(m),
    error: (m) => void warnings.push(m),
  };
  return { logger, warnings };
}

/** Run `fn`, expecting a rejection; returns the error. */
export async function rejection(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (err) {
    return err;
  }
  throw new Error("expected a rejection, got a result");
}

/** Wait until `cond()` holds, checking every few ms; fails with `what` after `timeoutMs` (generous: CI is slow). */
export async function waitFor(cond: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export interface TestClient {
  client: NemoClient;
  logger: CapturingLogger;
  clock: RecordingClock;
  notices: Notice[];
  secrets: MemoryStore;
  globalStore: MemoryStore;
  workspaceStore: MemoryStore;
}

/** A client against `apiUrl` with memory stores, a fast timing and a capturing logger. */
export function makeClient(apiUrl: string, overrides: Partial<NemoClientOptions> = {}): TestClient {
  const logger = new CapturingLogger();
  const clock = new RecordingClock();
  const notices: Notice[] = [];
  const secrets = new MemoryStore();
  const globalStore = new MemoryStore();
  const workspaceStore = new MemoryStore();
  const client = new NemoClient({
    apiUrl,
    webUrl: "https://web.example",
    platform: "test",
    version: "0.1.0-test",
    language: "en",
    globalStore,
    workspaceStore,
    secrets,
    env: {},
    clock,
    logger,
    timing: fastTiming,
    onNotice: (n) => notices.push(n),
    ...overrides,
  });
  return { client, logger, clock, notices, secrets, globalStore, workspaceStore };
}

/** Every token the simulator issued must be absent from these texts. */
export function assertNoTokens(texts: string[], tokens: string[]): void {
  for (const text of texts) {
    for (const token of tokens) {
      if (token && text.includes(token)) throw new Error(`token leaked into: ${redact(text)}`);
    }
  }
}

export interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  /** The request body as text (first MiB). */
  body: string;
}
export type Reply = { status?: number; type?: string; body: string; delayMs?: number; headers?: Record<string, string> };

/** A scripted local server: the first script entry that answers a request is used up; else defaults. */
export async function scriptedServer(script: Array<(req: Seen) => Reply | undefined>, fallback?: (req: Seen) => Reply | undefined) {
  const seen: Seen[] = [];
  let closedEarly = 0;
  const server = http.createServer((req, res) => {
    const entry: Seen = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: "" };
    seen.push(entry);
    res.on("close", () => {
      if (!res.writableFinished) closedEarly++;
    });
    req.on("data", (chunk: Buffer) => {
      if (entry.body.length < 1024 * 1024) entry.body += chunk.toString("utf8");
    });
    req.on("end", () => answer(entry, res));
  });
  function answer(entry: Seen, res: http.ServerResponse): void {
    let reply: Reply | undefined;
    for (let i = 0; i < script.length && !reply; i++) {
      reply = script[i](entry);
      if (reply) script.splice(i, 1);
    }
    reply ??= fallback?.(entry);
    if (!reply && entry.url === "/api/auth/anonymous-token") {
      reply = { body: JSON.stringify({ code: 0, data: { token: `nmv_usr_secret${seen.length}`, user_id: "anon_42" } }) };
    }
    if (!reply && entry.url.startsWith("/api/tasks/me/with-session")) {
      reply = { body: JSON.stringify({ code: 0, data: { task_id: `t${seen.length}`, session_id: `s${seen.length}` } }) };
    }
    reply ??= { body: JSON.stringify({ code: 0, data: { ok: true } }) };
    const r = reply;
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (res.destroyed) return;
      res.writeHead(r.status ?? 200, { "content-type": r.type ?? "application/json", ...r.headers });
      res.end(r.body);
    }, r.delayMs ?? 0);
    timers.add(timer);
  }
  const timers = new Set<NodeJS.Timeout>();
  const close = (): Promise<void> => {
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
    server.closeAllConnections();
    return new Promise<void>((r) => server.close(() => r()));
  };
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, seen, closedEarly: () => closedEarly, close };
}
