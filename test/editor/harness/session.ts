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
