// Mode (b): Playwright UI tests against code-server with the extension installed from a .vsix.
// One editor session serves every test module under test/editor/ui/*.ui.ts; each module exports
// `suite: UiSuite`. Tests run under mocha (in node), with generous timeouts; a failing test leaves
// a screenshot in .artifacts/screenshots/fail-<title>.png.
import { execFile } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { basename, join } from "node:path";
import { promisify } from "node:util";
import Mocha from "mocha";
import type { Page } from "playwright-core";
import { collectResults, formatResults, type TestResults } from "../suite/results";
import { EXTENSION_DEV_PATH, REPO_ROOT } from "./paths";
import type { SimHandle } from "./sim";
import { startSession, type EditorSession, type SessionOptions } from "./session";
import { DEFAULT_VIEWPORT } from "./browser";
import { dismissQuickInput, readNotifications, screenshot, waitForWorkbench } from "./workbench";

const run = promisify(execFile);
export const UI_DIR = join(REPO_ROOT, "test", "editor", "ui");

export interface UiContext {
  page: Page;
  session: EditorSession;
  /** The simulator the extension talks to (undefined when dist/sim.js was not built). */
  sim: SimHandle | undefined;
  /** The folder open in the workbench (contains README.md and sample.png). */
  workspace: string;
  screenshot(name: string): Promise<string>;
  notifications(): Promise<string[]>;
}

export interface UiTest {
  name: string;
  /** Default 120 s. */
  timeoutMs?: number;
  run(ui: UiContext): Promise<void>;
}

export interface UiSuite {
  title: string;
  /**
   * User settings for this module on top of the harness ones; the window is reloaded after they
   * are written, so the editor starts with them (no race with its file watcher).
   */
  settings?: Record<string, unknown>;
  tests: UiTest[];
}

export interface UiRunOptions extends Pick<SessionOptions, "sim" | "env" | "simTimeScale" | "headless"> {
  runDir: string;
  /** Module files; default: every test/editor/ui/*.ui.ts. */
  files?: string[];
  /** Only tests whose full title matches. */
  grep?: string;
  /** A ready .vsix; default: package EXTENSION_DEV_PATH with vsce into the run folder. */
  vsix?: string;
  log?: (line: string) => void;
}

export function uiTestFiles(): string[] {
  if (!existsSync(UI_DIR)) return [];
  // smoke.ui.ts first: it checks the fresh workbench before other tests change the layout.
  const rank = (f: string) => (f === "smoke.ui.ts" ? "" : f);
  return readdirSync(UI_DIR)
    .filter((f) => f.endsWith(".ui.ts"))
    .sort((a, b) => rank(a).localeCompare(rank(b)))
    .map((f) => join(UI_DIR, f));
}

/** Packages the extension with vsce (offline, about 1 s) without touching dist/*.vsix. */
export async function packageVsix(extensionDir: string, out: string): Promise<string> {
  const vsce = join(REPO_ROOT, "node_modules", ".bin", "vsce");
  const args = ["package", "--no-dependencies", "--allow-missing-repository", "--skip-license", "--out", out];
  // Without a `repository` in package.json vsce refuses relative README images (media/screenshots/):
  // give it a base URL; the README inside this test package is never shown.
  args.push("--baseContentUrl", "https://127.0.0.1/readme", "--baseImagesUrl", "https://127.0.0.1/readme");
  // Without a .vscodeignore vsce would walk .cache/ (code-server) and fail: ship only the bundles.
  if (!existsSync(join(extensionDir, ".vscodeignore"))) args.push("--ignoreFile", join(__dirname, "default.vscodeignore"));
  try {
    await run(vsce, args, { cwd: extensionDir, timeout: 120_000 });
  } catch (err) {
    const detail = err && typeof err === "object" && "stderr" in err ? String(err.stderr) : String(err);
    throw new Error(`vsce package failed in ${extensionDir}:\n${detail.slice(-2000)}`);
  }
  return out;
}

function isUiSuite(value: unknown): value is UiSuite {
  if (!value || typeof value !== "object") return false;
  const v = value as Partial<UiSuite>;
  return typeof v.title === "string" && Array.isArray(v.tests)
    && v.tests.every((t) => t && typeof t.name === "string" && typeof t.run === "function");
}

async function loadSuites(files: string[]): Promise<UiSuite[]> {
  const suites: UiSuite[] = [];
  for (const file of files) {
    const mod: unknown = await import(file);
    const exported = mod && typeof mod === "object" ? (mod as { suite?: unknown }).suite : undefined;
    if (!isUiSuite(exported)) throw new Error(`${basename(file)} must export \`suite: UiSuite\` ({ title, tests: [{ name, run }] })`);
    suites.push(exported);
  }
  return suites;
}

export async function runUiTests(opts: UiRunOptions): Promise<TestResults> {
  const log = opts.log ?? ((l: string) => process.stdout.write(`${l}\n`));
  const suites = await loadSuites(opts.files ?? uiTestFiles());
  const vsix = opts.vsix ?? (await packageVsix(EXTENSION_DEV_PATH, join(opts.runDir, "extension.vsix")));
  // Real timing, except the dropped-stream recovery waits (30 s, then 60 s × 4 before Retry shows).
  const env = { NEMO_TEST_MODE: "1", NEMO_TEST_TIMING: JSON.stringify({ recoveryFirstWaitMs: 500, recoveryNextWaitMs: 500 }), ...opts.env };
  const session = await startSession({ ...opts, env, smokeTestDriver: false, installVsix: [vsix] });
  try {
    log(`  code-server ${session.server.url}${session.sim ? `, simulator ${session.sim.url}` : ", no simulator"}`);
    await session.page.goto(session.server.openUrl(session.workspace), { waitUntil: "domcontentloaded", timeout: 120_000 }); // a loaded machine answers slowly
    // The activity bar entry shows once the extension's contributions are registered.
    await waitForWorkbench(session.page, { explorerFile: "README.md", activityBarEntry: "Image Generation", timeoutMs: 90_000 });
    // The theme the harness settings give (none set: the editor's default), to wait for after a reset.
    const defaultTheme = await session.page.evaluate(() => {
      const classes = document.querySelector(".monaco-workbench")?.classList;
      return ["vs-dark", "hc-black", "hc-light", "vs"].find((c) => classes?.contains(c)) ?? "";
    });
    const ctx: UiContext = {
      page: session.page,
      session,
      sim: session.sim,
      workspace: session.workspace,
      screenshot: (name) => screenshot(session.page, name),
      notifications: () => readNotifications(session.page),
    };
    const mocha = new Mocha({ timeout: 120_000, reporter: "spec", color: false });
    if (opts.grep) mocha.grep(opts.grep);
    for (const s of suites) {
      const suite = Mocha.Suite.create(mocha.suite, s.title);
      // Each module starts from the harness settings (a theme switched by an earlier module is undone).
      suite.beforeAll("restore the user settings", async () => {
        session.server.resetUserSettings(s.settings);
        await session.page.setViewportSize(DEFAULT_VIEWPORT);
        // A settings file rewritten under a running workbench is not always applied (a theme picked
        // by an earlier module stayed): open the workspace afresh so the editor reads it, then wait
        // for its effect (the harness theme), not a pause.
        await openWorkspace(session.page, session.server.openUrl(session.workspace));
        await waitForWorkbench(session.page, { explorerFile: "README.md", activityBarEntry: "Image Generation", timeoutMs: 90_000 });
        if (!defaultTheme) return;
        try {
          await session.page.locator(`.monaco-workbench.${defaultTheme}`).waitFor({ state: "attached", timeout: 30_000 });
        } catch (err) {
          await screenshot(session.page, `fail-restore-settings-${s.title.replace(/[^a-z0-9]+/gi, "-")}`).catch(() => undefined);
          throw err;
        }
      });
      for (const t of s.tests) {
        const test = new Mocha.Test(t.name, () => t.run(ctx));
        suite.addTest(test);
        // After addTest: Mocha's Suite.addTest gives the test the suite's timeout, so set ours last.
        test.timeout(t.timeoutMs ?? 120_000);
      }
    }
    mocha.suite.beforeEach("clear simulator faults and open pickers", async () => {
      await session.sim?.clearFaults();
      await dismissQuickInput(session.page);
    });
    mocha.suite.afterEach("screenshot a failure", async function () {
      if (this.currentTest?.state === "failed") {
        const path = await screenshot(session.page, `fail-${this.currentTest.fullTitle()}`).catch(() => "");
        if (path) log(`  screenshot of the failure: ${path}`);
      }
    });
    const results = await collectResults("UI", (done) => mocha.run(done));
    // The spec reporter already printed every test; add the count line.
    log(`  ${formatResults(results).split("\n").pop() ?? ""}`);
    return results;
  } finally {
    await session.stop();
  }
}

/**
 * Opens `url` in the page. A navigation the page itself starts at the same moment (the workbench
 * reloading a window an earlier test changed) aborts ours with ERR_ABORTED: then we go again, a
 * bounded number of times, each time waiting for the navigation's own answer.
 */
async function openWorkspace(page: Page, url: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await page.goto(url, { waitUntil: "domcontentloaded" });
      return;
    } catch (err) {
      if (attempt >= 3 || !String(err).includes("ERR_ABORTED")) throw err;
    }
  }
}
