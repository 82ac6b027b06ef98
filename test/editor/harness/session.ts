// One editor session = simulator + code-server + Chromium, started together and stopped together.
// Used by both modes: extension-host tests (smoke-test-driver + payload) and UI tests (.vsix).
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { launchBrowser, type BrowserSession } from "./browser";
import { startCodeServer, type CodeServerHandle, type CodeServerOptions } from "./code-server";
import { DIST } from "./paths";
import { onCleanup } from "./procs";
import { startSim, type SimHandle } from "./sim";

export interface SessionOptions {
  runDir: string;
  /** "auto" starts the simulator when dist/sim.js exists. */
  sim?: "auto" | "on" | "off";
  simTimeScale?: number;
  env?: Record<string, string>;
  smokeTestDriver?: boolean;
  installVsix?: string[];
  settings?: CodeServerOptions["settings"];
  headless?: boolean;
}

export interface EditorSession {
  runDir: string;
  workspace: string;
  sim: SimHandle | undefined;
  server: CodeServerHandle;
  browser: BrowserSession;
  page: Page;
  stop(): Promise<void>;
}

/** A 1x1 PNG, so media commands have an image to work on. */
const PNG_1X1 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

/** Creates the workspace folder the editor opens: a README and a small image. */
export function makeWorkspace(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const readme = join(dir, "README.md");
  if (!existsSync(readme)) writeFileSync(readme, "# Demo workspace\n\nPrompts and generated media land here.\n");
  const png = join(dir, "sample.png");
  if (!existsSync(png)) writeFileSync(png, Buffer.from(PNG_1X1, "base64"));
  return dir;
}

/**
 * A multi-root workspace (`<runDir>/multi/multi.code-workspace`) with the folders `docs` and `app`,
 * each holding a file to open; open it with `openWorkspaceUrl`. Returns the paths.
 */
export function makeMultiRootWorkspace(runDir: string): { file: string; docs: string; app: string } {
  const base = join(runDir, "multi");
  const docs = join(base, "docs");
  const app = join(base, "app");
  mkdirSync(docs, { recursive: true });
  mkdirSync(app, { recursive: true });
  if (!existsSync(join(docs, "guide.md"))) writeFileSync(join(docs, "guide.md"), "# Guide\n");
  if (!existsSync(join(app, "main.ts"))) writeFileSync(join(app, "main.ts"), "export const app = true;\n");
  const file = join(base, "multi.code-workspace");
  writeFileSync(file, JSON.stringify({ folders: [{ path: "docs" }, { path: "app" }], settings: {} }, null, 2));
  return { file, docs, app };
}

/** The URL that opens a `.code-workspace` file in code-server. */
export function openWorkspaceUrl(serverUrl: string, workspaceFile: string): string {
  return `${serverUrl}/?workspace=${encodeURIComponent(workspaceFile)}`;
}

/** The URL of an empty window (no folder open). */
export function emptyWindowUrl(serverUrl: string): string {
  return `${serverUrl}/?ew=true`;
}

export async function startSession(opts: SessionOptions): Promise<EditorSession> {
  const workspace = makeWorkspace(join(opts.runDir, "workspace"));
  const stops: Array<() => Promise<void>> = [];
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    unregister();
    for (const s of stops.reverse()) await s().catch(() => undefined);
  };
  const unregister = onCleanup(stop);
  try {
    const wantSim = opts.sim ?? "auto";
    const sim = wantSim === "on" || (wantSim === "auto" && existsSync(DIST.sim))
      ? await startSim({ runDir: opts.runDir, timeScale: opts.simTimeScale })
      : undefined;
    if (sim) stops.push(() => sim.stop());
    const simEnv: Record<string, string> = sim ? { NEMO_API_URL: sim.url, NEMO_WEB_URL: sim.url } : {};
    const server = await startCodeServer({
      runDir: opts.runDir,
      workspace,
      env: { ...simEnv, NEMO_TEST_WORKSPACE: workspace, ...opts.env },
      smokeTestDriver: opts.smokeTestDriver,
      installVsix: opts.installVsix,
      settings: opts.settings,
    });
    stops.push(() => server.stop());
    const browser = await launchBrowser({ runDir: opts.runDir, headless: opts.headless });
    stops.push(() => browser.close());
    return { runDir: opts.runDir, workspace, sim, server, browser, page: browser.page, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
