// Headless Debian Chromium via playwright-core (never `playwright install`). The browser is
// registered for cleanup, and the page's console is copied to <runDir>/browser-console.log.
import { createWriteStream, mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { CHROMIUM_BIN } from "./paths";
import { isShuttingDown, onCleanup } from "./procs";

/** The page size every UI module starts with (a module may change it; the harness restores it). */
export const DEFAULT_VIEWPORT = { width: 1400, height: 900 };

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-sync",
];

export interface BrowserSession {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  consoleLogPath: string;
  close(): Promise<void>;
}

export interface BrowserOptions {
  runDir: string;
  headless?: boolean;
  viewport?: { width: number; height: number };
}

export async function launchBrowser(opts: BrowserOptions): Promise<BrowserSession> {
  if (isShuttingDown()) throw new Error("not starting Chromium: the harness is shutting down");
  const home = join(opts.runDir, "chromium-home");
  mkdirSync(home, { recursive: true });
  const browser = await chromium.launch({
    executablePath: CHROMIUM_BIN,
    headless: opts.headless ?? true,
    args: CHROMIUM_ARGS,
    env: { ...process.env, HOME: home },
    // The harness owns signal handling (procs.ts) and closes the browser itself.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await browser.close().catch(() => undefined);
  };
  const unregister = onCleanup(close);
  const context = await browser.newContext({ viewport: opts.viewport ?? DEFAULT_VIEWPORT });
  const page = await context.newPage();
  // Opening the workbench fetches its ~10 MB of scripts from code-server; on a loaded machine the
  // first document can take longer than Playwright's 30 s default. An upper bound: the wait ends
  // when the document arrives.
  page.setDefaultNavigationTimeout(120_000);
  const consoleLogPath = join(opts.runDir, "browser-console.log");
  const log = createWriteStream(consoleLogPath, { flags: "a" });
  page.on("console", (msg) => log.write(`[${msg.type()}] ${msg.text()}\n`));
  page.on("pageerror", (err) => log.write(`[pageerror] ${err.message}\n`));
  // The workbench asks before unloading while work is pending (a dirty editor, a running task): the
  // harness leaves the page on purpose, so it says yes (Playwright's default "no" aborts the navigation).
  page.on("dialog", (d) => void (d.type() === "beforeunload" ? d.accept() : d.dismiss()).catch(() => undefined));
  return {
    browser,
    context,
    page,
    consoleLogPath,
    close: async () => {
      unregister();
      await close();
      log.end();
    },
  };
}
