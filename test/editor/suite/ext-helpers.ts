// Shared by the extension's in-host suites (ext-*.test.ts): simulator control, command calls,
// the extension's test seam (`imageGeneration._test`, registered in test mode only).
import * as assert from "node:assert/strict";
import * as path from "node:path";
import * as vscode from "vscode";

export const EXTENSION_ID = "nemo-labs.image-generation-generator";

export function simUrl(): string | undefined {
  return process.env.NEMO_API_URL;
}

export async function sim<T = unknown>(method: "GET" | "POST" | "DELETE", route: string, body?: unknown): Promise<T> {
  const base = simUrl();
  if (!base) throw new Error("NEMO_API_URL is not set");
  const res = await fetch(`${base}/__sim/${route}`, {
    method,
    headers: body === undefined ? undefined : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as { code?: number; data?: T };
  assert.equal(res.status, 200, `sim ${method} ${route} -> ${res.status}`);
  return json.data as T;
}

export interface SimRequest {
  method: string;
  route?: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  aborted: boolean;
  /** When the simulator received it (ms since the epoch, its clock: the same machine). */
  receivedAt: number;
}

export const inject = (route: string, fault: Record<string, unknown>, times = 1): Promise<unknown> =>
  sim("POST", "faults", { route, times, fault });
export const clearFaults = (): Promise<unknown> => sim("DELETE", "faults");
export const requests = (): Promise<SimRequest[]> => sim<SimRequest[]>("GET", "requests");
export const setCredits = (available: number): Promise<unknown> => sim("POST", "credits", { available });

export function exec<T>(command: string, ...args: unknown[]): Promise<T> {
  return Promise.resolve(vscode.commands.executeCommand<T>(command, ...args));
}

export function seam<T>(op: string, arg?: unknown): Promise<T> {
  return exec<T>("imageGeneration._test", op, arg);
}

export interface ShownError {
  code: string;
  message: string;
  buttons: string[];
  link?: string;
}

export async function activate(): Promise<void> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, "extension not loaded");
  await ext.activate();
}

export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, "the tests need a workspace folder");
  return folder.uri.fsPath;
}

export function outputDir(): string {
  const rel = vscode.workspace.getConfiguration("imageGeneration").get<string>("outputFolder") || "generated-media";
  return path.isAbsolute(rel) ? rel : path.join(workspaceRoot(), rel);
}

/** Skip the calling suite when there is no simulator (e.g. a run without dist/sim.js). */
export function needsSim(ctx: Mocha.Context): void {
  if (!simUrl()) ctx.skip();
}

/** Make sure the next call works from a clean slate: no faults queued, no error remembered, plenty of credits. */
export async function cleanSlate(): Promise<void> {
  await clearFaults();
  await setCredits(100_000);
  await seam("clearErrors");
}

/** The setup of a simulator suite: 120 s per test, skipped without a simulator, extension activated, clean slate before each test. */
export function simSuite(suite: Mocha.Suite): void {
  suite.timeout(120_000);
  before(async function () {
    needsSim(this);
    await activate();
  });
  beforeEach(async () => {
    await cleanSlate();
  });
}

/** Poll `check` (every 50 ms, at most `timeoutMs`) until it is true. */
export async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out: ${what}`);
}
