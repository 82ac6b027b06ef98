// Helpers for the editor-surface UI tests (test/editor/ui/editor-*.ui.ts): polling, files on disk,
// the Session view, modal dialogs, simulator calls the harness handle does not wrap, screenshots.
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Locator, Page } from "playwright-core";
import type { UiContext } from "../../harness/ui";
import { EXTENSION_ID, REPO_ROOT } from "../../harness/paths";
import { simCall } from "../../harness/sim";
import { activityBarEntry, explorerItem, quickInput, runCommand, webviewFrame } from "../../harness/workbench";

export const OUTPUT_DIR = "generated-media";
export const MARKETPLACE_VIEWPORT = { width: 1280, height: 800 };
export const MARKETPLACE_DIR = join(REPO_ROOT, "media", "screenshots");
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Polls `cond` every 250 ms until it returns a truthy value. */
export async function until<T>(cond: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await cond();
    if (value) return value;
    if (Date.now() >= deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Absolute paths of the files in the workspace output folder whose names end with `ext`. */
export function outputFiles(ui: UiContext, ext: string): string[] {
  const dir = join(ui.workspace, OUTPUT_DIR);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => n.toLowerCase().endsWith(ext))
    .map((n) => join(dir, n));
}

/** Waits for a file in the output folder that was not in `before` and passes `valid` (complete on disk). */
export function waitForNewOutput(ui: UiContext, ext: string, before: string[], valid: (bytes: Buffer) => boolean, timeoutMs: number): Promise<string> {
  const known = new Set(before);
  return until(
    () => outputFiles(ui, ext).find((f) => !known.has(f) && statSync(f).size > 0 && valid(readFileSync(f))),
    timeoutMs,
    `a new valid *${ext} in ${join(ui.workspace, OUTPUT_DIR)}`,
  );
}

export function isPng(bytes: Buffer): boolean {
  return bytes.length > 8 && bytes.subarray(0, 8).equals(PNG_SIGNATURE);
}

/** ISO-BMFF: the first box is `ftyp` (size at 0-3, type at 4-7). */
export function isMp4(bytes: Buffer): boolean {
  return bytes.length > 12 && bytes.subarray(4, 8).toString("latin1") === "ftyp";
}

/** A simulator control call the harness handle does not wrap (answers come in the envelope). */
export async function simControl(ui: UiContext, method: "GET" | "POST", path: string, body?: unknown): Promise<unknown> {
  if (!ui.sim) throw new Error("these tests need the simulator (build dist/sim.js)");
  const parsed = (await simCall(ui.sim.url, method, path, body)) as { code?: number; data?: unknown } | undefined;
  if (parsed?.code !== 0) throw new Error(`simulator ${method} ${path} -> ${String(JSON.stringify(parsed)).slice(0, 200)}`);
  return parsed.data;
}

export async function setSimCredits(ui: UiContext, available: number): Promise<void> {
  await simControl(ui, "POST", "/__sim/credits", { available });
}

/** The raw state of the session the extension used last (its id comes from the recorded state reads). */
export async function lastSessionState(ui: UiContext): Promise<string> {
  if (!ui.sim) throw new Error("needs the simulator");
  const reads = (await ui.sim.requests()).filter((r) => r.route === "state");
  // …/nemo_agent/<me or the user id>/<session>/latest: the product picks the user path form (http/endpoints.ts).
  const m = /\/nemo_agent\/[^/]+\/([^/]+)\/latest$/.exec(reads.at(-1)?.path ?? "");
  if (!m) throw new Error("the extension has not read any session state yet");
  return JSON.stringify(await simControl(ui, "GET", `/__sim/state/${m[1]}`));
}

/** Clicks a button of a modal dialog when one shows; returns false when none is open. */
export async function answerDialog(page: Page, button: string): Promise<boolean> {
  const dialog = page.locator(".monaco-dialog-box");
  if (!(await dialog.isVisible().catch(() => false))) return false;
  await dialog.locator(".dialog-buttons .monaco-button", { hasText: new RegExp(`^\\s*${button}\\s*$`) }).first().click();
  await dialog.waitFor({ state: "hidden", timeout: 10_000 });
  return true;
}

/** The Session pane of the Image Generation side bar. */
export function sessionPane(page: Page): Locator {
  return sidebarPane(page, "Session");
}

/** A view pane of the side bar by its title. */
export function sidebarPane(page: Page, title: string): Locator {
  return page
    .locator(".part.sidebar .pane")
    .filter({ has: page.locator(".pane-header h3.title", { hasText: new RegExp(`^\\s*${title}\\s*$`) }) })
    .first();
}

/** Expands or collapses a side bar view pane (by its header). */
export async function setPaneExpanded(page: Page, title: string, expanded: boolean): Promise<void> {
  const header = sidebarPane(page, title).locator(".pane-header").first();
  await header.waitFor({ state: "visible", timeout: 30_000 });
  const want = String(expanded);
  if ((await header.getAttribute("aria-expanded")) !== want) await header.click();
  await until(async () => (await header.getAttribute("aria-expanded")) === want, 10_000, `the ${title} view to ${expanded ? "expand" : "collapse"}`);
}

/** Shows the Image Generation side bar and expands the Session view; returns the pane. */
export async function openSessionView(page: Page): Promise<Locator> {
  const sidebarTitle = page.locator(".part.sidebar .composite.title h2", { hasText: /image generation/i });
  if (!(await sidebarTitle.isVisible().catch(() => false))) {
    // Clicking the entry of the active container would hide the side bar: only click when it is not shown.
    await activityBarEntry(page, "Image Generation").click();
    await sidebarTitle.waitFor({ state: "visible", timeout: 30_000 });
  }
  await setPaneExpanded(page, "Session", true);
  const pane = sessionPane(page);
  await makeRoom(page, pane, 340);
  return pane;
}

/**
 * The Session view starts collapsed (the chat gets the side bar) and opens small: drag the border
 * above it up, as a person would, until it is `height` px tall (the editor remembers that layout).
 */
async function makeRoom(page: Page, pane: Locator, height: number): Promise<void> {
  const sashes = page.locator(".part.sidebar .monaco-sash.horizontal");
  // Right after expanding, the views are still being laid out: wait for the border above the pane.
  const found = await until(async () => {
    const box = await pane.boundingBox();
    if (!box) return undefined;
    if (box.height >= height) return { box, sash: undefined };
    const centres = await sashes.evaluateAll((els) =>
      els.map((el) => {
        const r = el.getBoundingClientRect();
        return { x: r.x + r.width / 2, y: r.y + r.height / 2, w: r.width };
      }),
    );
    const sash = centres.find((c) => c.w > 0 && Math.abs(c.y - box.y) <= 6);
    return sash ? { box, sash } : undefined;
  }, 10_000, "the border above the Session view");
  const { box, sash } = found;
  if (!sash) return;
  await page.mouse.move(sash.x, sash.y);
  await page.mouse.down();
  await page.mouse.move(sash.x, sash.y - (height - box.height), { steps: 8 });
  await page.mouse.up();
  await until(async () => ((await pane.boundingBox())?.height ?? 0) >= height - 20, 10_000, "the Session view to grow");
}

/**
 * Drags the border between the side bar and the editor, as a person would, until the side bar is
 * `width` px wide (within 2 px; the editor keeps its minimum of 170 px for the side bar).
 */
export async function setSidebarWidth(page: Page, width: number): Promise<void> {
  const sidebar = page.locator(".part.sidebar").first();
  const box = await sidebar.boundingBox();
  if (!box) throw new Error("the side bar is not shown");
  if (Math.abs(box.width - width) <= 2) return;
  const edge = box.x + box.width;
  const sash = await until(async () => {
    const centres = await page.locator(".monaco-sash.vertical").evaluateAll((els) =>
      els.map((el) => {
        const r = el.getBoundingClientRect();
        return { x: r.x + r.width / 2, y: r.y + r.height / 2, h: r.height };
      }),
    );
    return centres.find((c) => c.h > 0 && Math.abs(c.x - edge) <= 4);
  }, 10_000, "the border at the side bar's edge");
  await page.mouse.move(sash.x, sash.y);
  await page.mouse.down();
  await page.mouse.move(sash.x + (width - box.width), sash.y, { steps: 8 });
  await page.mouse.up();
  await until(async () => Math.abs(((await sidebar.boundingBox())?.width ?? 0) - width) <= 2, 10_000, `the side bar to be ${width} px wide`);
}

/** A row of the Session tree whose text matches. */
export function sessionRow(pane: Locator, text: string | RegExp): Locator {
  return pane.locator(".monaco-list-row", { hasText: text }).first();
}

/**
 * The color themes the UI tests switch between: the picker's label, the class the workbench
 * element then carries, and the class VS Code gives a webview's body.
 */
export const THEMES = {
  light: { label: "Light Modern", workbench: "vs", webview: "vscode-light" },
  dark: { label: "Dark Modern", workbench: "vs-dark", webview: "vscode-dark" },
  "high-contrast": { label: "Dark High Contrast", workbench: "hc-black", webview: "vscode-high-contrast" },
} as const;
export type ThemeKind = keyof typeof THEMES;

/**
 * The one way the UI tests change the color theme. "Preferences: Color Theme", then a click on the
 * row labelled exactly so: nothing depends on which row has the keyboard focus (a fresh machine
 * waited in vain for the focused row). The user settings file is no way: code-server does not
 * apply a settings file changed under a running window. Returns once a person would see the
 * theme: the workbench carries its class, an open chat webview carries its class (its theme
 * variables are in), the picker is gone, and no CSS transition (the status bar's fade) still runs.
 */
export async function setTheme(ui: UiContext, kind: ThemeKind): Promise<void> {
  const page = ui.page;
  const theme = THEMES[kind];
  const applied = page.locator(`.monaco-workbench.${theme.workbench}`);
  const chatShown = (await page.locator(`iframe.webview.ready[src*="extensionId=${EXTENSION_ID}"]`).filter({ visible: true }).count()) > 0;
  const webviewBody = webviewFrame(page).locator(`body.${theme.webview}`);
  const webviewDone = async (): Promise<boolean> => !chatShown || (await webviewBody.count()) > 0;
  // Already showing: picking it again would change nothing to wait for.
  if ((await applied.count()) > 0 && (await webviewDone())) return;
  const { input, rows } = quickInput(page);
  const exact = new RegExp(`^\\s*${theme.label}\\s*$`);
  const row = rows.filter({ has: page.locator(".label-name", { hasText: exact }) }).first();
  // The picker lists the themes known when it opens: in a window whose extensions are still being
  // read (a fresh empty window) the built-in themes come a little later, and an open picker never
  // shows them. So open it again until the row is listed (the event), within this bound.
  await until(async () => {
    await runCommand(page, "Preferences: Color Theme");
    await page.locator('.quick-input-widget input[placeholder^="Select Color Theme"]').waitFor({ state: "visible", timeout: 30_000 });
    await input.fill(theme.label);
    if (await row.waitFor({ state: "visible", timeout: 5_000 }).then(() => true, () => false)) return true;
    await page.keyboard.press("Escape");
    return false;
  }, 90_000, `the theme "${theme.label}" in the picker`);
  await row.click({ timeout: 30_000 });
  // Upper bounds for a loaded machine: the waits end on the classes, not on the clock.
  await applied.waitFor({ state: "attached", timeout: 60_000 });
  await page.locator(".quick-input-widget").waitFor({ state: "hidden", timeout: 10_000 });
  if (chatShown) await webviewBody.waitFor({ state: "attached", timeout: 30_000 });
  await page.waitForFunction(() => document.getAnimations().every((a) => !(a instanceof CSSTransition) || a.playState !== "running"), undefined, { timeout: 20_000 });
}

/** Resizes the page to the Marketplace size and waits for the workbench to lay out again. */
export async function useMarketplaceViewport(page: Page): Promise<void> {
  await page.setViewportSize(MARKETPLACE_VIEWPORT);
  await page.waitForFunction(
    ({ width, height }) => {
      const wb = document.querySelector(".monaco-workbench");
      const r = wb?.getBoundingClientRect();
      return r !== undefined && Math.round(r.width) === width && Math.round(r.height) === height;
    },
    MARKETPLACE_VIEWPORT,
    { timeout: 60_000 }, // an upper bound for a loaded machine: the wait ends on the layout, not the clock
  );
}

/**
 * Saves `.artifacts/screenshots/<name>.png`; with UPDATE_SCREENSHOTS=1 also copies it to
 * media/screenshots/<name>.png (the README's Marketplace images). Returns the artifact path.
 */
export async function marketplaceShot(ui: UiContext, name: string): Promise<string> {
  const size = ui.page.viewportSize();
  if (size?.width !== MARKETPLACE_VIEWPORT.width || size.height !== MARKETPLACE_VIEWPORT.height) {
    throw new Error(`marketplace screenshots need a ${MARKETPLACE_VIEWPORT.width}x${MARKETPLACE_VIEWPORT.height} page (call useMarketplaceViewport)`);
  }
  const artifact = await ui.screenshot(name);
  if (process.env.UPDATE_SCREENSHOTS === "1") {
    mkdirSync(MARKETPLACE_DIR, { recursive: true });
    copyFileSync(artifact, join(MARKETPLACE_DIR, `${name}.png`));
  }
  return artifact;
}

/** Closes every notification (toasts would cover a screenshot). */
export async function clearNotifications(page: Page): Promise<void> {
  await runCommand(page, "Notifications: Clear All Notifications");
  await until(async () => (await page.locator(".notification-toast-container .notification-toast").count()) === 0, 10_000, "the toasts to close");
}

/**
 * In "Generate image from prompt"'s picker (already opened): types `prompt`, accepts it, then keeps
 * the shape step's shown choice (Enter on its first row, "Generate with …"), as a person in a hurry would.
 */
export async function enterPalettePrompt(page: Page, prompt: string): Promise<void> {
  const { input, rows } = quickInput(page);
  // The palette closes and the extension's own picker opens (after activation on the first run).
  await page.locator(".quick-input-widget .quick-input-title", { hasText: "Generate image from prompt" }).waitFor({ state: "visible", timeout: 30_000 });
  await input.fill(prompt);
  await rows.filter({ hasText: prompt }).first().waitFor({ state: "visible", timeout: 10_000 });
  await input.press("Enter");
  // The optional shape step: its first row keeps the ratio and style shown (the last used here).
  await page.locator(".quick-input-widget .quick-input-title", { hasText: "Shape and style" }).waitFor({ state: "visible", timeout: 30_000 });
  await rows.filter({ hasText: /^Generate with/ }).first().waitFor({ state: "visible", timeout: 10_000 });
  await input.press("Enter");
}

/**
 * Selects exactly these Explorer items (all visible), as a person does with Ctrl+click: a
 * Ctrl+click focuses the list without opening a preview (a plain click opens one, and the Explorer
 * then reveals the active editor's file, resetting the selection), Escape clears what was
 * selected before, then a Ctrl+click each. Resolves once the selection is exactly `names`.
 */
export async function selectInExplorer(page: Page, names: readonly string[]): Promise<void> {
  const selected = page.locator(".explorer-folders-view .monaco-list-row.selected");
  await explorerItem(page, names[0]).click({ modifiers: ["Control"] });
  await page.keyboard.press("Escape");
  await until(async () => (await selected.count()) === 0, 10_000, "the Explorer's selection cleared");
  for (const n of names) await explorerItem(page, n).click({ modifiers: ["Control"] });
  const want = names.map((n) => n).sort().join("\n");
  await until(async () => (await selected.evaluateAll((rows) => rows.map((r) => r.getAttribute("aria-label") ?? ""))).map((l) => names.find((n) => l.startsWith(n)) ?? l).sort().join("\n") === want, 10_000, `exactly ${names.join(", ")} selected in the Explorer`);
}
