// Playwright helpers for the VS Code workbench served by code-server (selectors for VS Code 1.139).
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { FrameLocator, Locator, Page } from "playwright-core";
import { EXTENSION_ID, SCREENSHOTS_DIR } from "./paths";

export interface ReadyOptions {
  /** A file name in the workspace root that must show in the Explorer. */
  explorerFile?: string;
  /** Title of an activity bar entry that must show (e.g. "Image Generation"). */
  activityBarEntry?: string;
  timeoutMs?: number;
}

/** Waits for the workbench shell, then optionally for an Explorer item and an activity bar entry. */
export async function waitForWorkbench(page: Page, opts: ReadyOptions = {}): Promise<void> {
  const timeout = opts.timeoutMs ?? 60_000;
  await page.locator(".monaco-workbench").waitFor({ state: "visible", timeout });
  if (opts.explorerFile) await explorerItem(page, opts.explorerFile).waitFor({ state: "visible", timeout });
  if (opts.activityBarEntry) await activityBarEntry(page, opts.activityBarEntry).waitFor({ state: "visible", timeout });
}

/** An activity bar entry by its title (aria-label starts with the title; it may append a key binding). */
export function activityBarEntry(page: Page, title: string): Locator {
  return page.locator(`.activitybar .action-item a.action-label[aria-label^="${cssString(title)}"]`).first();
}

/** An Explorer tree row by file name. */
export function explorerItem(page: Page, name: string): Locator {
  return page.locator(`.explorer-folders-view .monaco-list-row[aria-label^="${cssString(name)}"]`).first();
}

/**
 * Runs a palette command by its full label even when the keyboard focus sits in a webview (the
 * chat view takes it when the side bar opens, and F1 then never reaches the workbench): move the
 * focus back to the workbench, open the palette (F1, else the command center), pick the row whose
 * label is exactly `label`; types again while the extension's commands are not listed yet.
 */
export async function runCommand(page: Page, label: string, timeoutMs = 30_000): Promise<void> {
  const input = page.locator(".quick-input-widget input");
  const exact = new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`);
  const row = page.locator(".quick-input-widget .monaco-list-row").filter({ has: page.locator(".label-name", { hasText: exact }) }).first();
  const deadline = Date.now() + timeoutMs;
  if (await input.isVisible().catch(() => false)) {
    // Some other picker is open: close it first.
    await page.keyboard.press("Escape");
    await input.waitFor({ state: "hidden", timeout: 10_000 });
  }
  for (;;) {
    if (!(await input.isVisible().catch(() => false))) {
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await page.keyboard.press("F1");
      let opened = await input.waitFor({ state: "visible", timeout: 5_000 }).then(() => true, () => false);
      if (!opened) {
        // The command center's search box (not its first action: that is the Back arrow).
        await page.locator(".titlebar .command-center .command-center-center").first().click({ timeout: 5_000 }).catch(() => undefined);
        opened = await input.waitFor({ state: "visible", timeout: 10_000 }).then(() => true, () => false);
      }
      if (!opened) {
        if (Date.now() > deadline) throw new Error(`the command palette did not open for "${label}"`);
        continue;
      }
    }
    // The input can be inert for a moment (the workbench still settling after a window opened):
    // retry within the deadline; a modal dialog in the way is a finding, so fail with its text.
    const filled = await input.fill(`>${label}`, { timeout: 5_000 }).then(() => true, () => false);
    if (!filled) {
      const modal = page.locator(".monaco-dialog-box");
      if (await modal.isVisible().catch(() => false)) throw new Error(`a dialog is in the way of "${label}": ${await modal.innerText()}`);
      if (Date.now() > deadline) throw new Error(`the command palette did not take "${label}"`);
      await page.keyboard.press("Escape");
      continue;
    }
    const found = await row.waitFor({ state: "visible", timeout: 3_000 }).then(() => true, () => false);
    if (found) {
      await row.click();
      return;
    }
    // The palette lists the commands registered when it opened: right after a reload an extension's
    // commands come a moment later, so close it and open it afresh (within the deadline).
    await page.keyboard.press("Escape");
    if (Date.now() >= deadline) throw new Error(`command "${label}" not found in the palette within ${timeoutMs} ms`);
    await input.waitFor({ state: "hidden", timeout: 10_000 }).catch(() => undefined);
  }
}

/** The visible quick input (for commands that ask for text or a choice). */
export function quickInput(page: Page): { input: Locator; rows: Locator } {
  return {
    input: page.locator(".quick-input-widget input"),
    rows: page.locator(".quick-input-widget .monaco-list-row"),
  };
}

/** Types `filter` (default: the label) into the open quick pick and clicks the row labelled `label`. */
export async function pickQuickItem(page: Page, label: string, filter = label, timeoutMs = 15_000): Promise<void> {
  const { input, rows } = quickInput(page);
  await input.waitFor({ state: "visible", timeout: timeoutMs });
  await input.fill(filter);
  const row = rows
    .filter({ has: page.locator(".label-name", { hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) }) })
    .first();
  await row.waitFor({ state: "visible", timeout: timeoutMs });
  await row.click();
}

export async function dismissQuickInput(page: Page): Promise<void> {
  if (await page.locator(".quick-input-widget").isVisible().catch(() => false)) await page.keyboard.press("Escape");
}

/**
 * The content frame of this extension's visible webview (panel or view). First render takes
 * 3-4 s. Hidden webviews keep their iframes, so only a visible one is picked.
 */
export function webviewFrame(page: Page, extensionId = EXTENSION_ID): FrameLocator {
  return page
    .locator(`iframe.webview.ready[src*="extensionId=${extensionId}"]`)
    .filter({ visible: true })
    .first()
    .contentFrame()
    .frameLocator("#active-frame");
}

/** Right-clicks an Explorer item and picks a context menu entry (menus show titles without category). */
export async function explorerContextMenu(page: Page, fileName: string, menuItem: string): Promise<void> {
  const item = explorerItem(page, fileName);
  await item.waitFor({ state: "visible", timeout: 15_000 });
  await item.click({ button: "right" });
  await focusMenuEntry(page, menuItem);
  await page.keyboard.press("Enter");
  await page.locator(".monaco-menu").first().waitFor({ state: "hidden", timeout: 10_000 });
}

/**
 * Readies the entry of the open context menu whose text contains `text` for Enter. A click right
 * after the menu opens is swallowed by VS Code (the mouse-up of the right-click): hover the entry
 * and wait until the menu shows it focused, the state Enter acts on.
 */
export async function focusMenuEntry(page: Page, text: string): Promise<Locator> {
  const entry = page.locator(".monaco-menu .action-item", { hasText: text }).first();
  await entry.waitFor({ state: "visible", timeout: 10_000 });
  await entry.hover();
  await page.locator(".monaco-menu .action-item.focused", { hasText: text }).first().waitFor({ state: "visible", timeout: 10_000 });
  return entry;
}

/**
 * Texts of the current notifications: the toasts plus the notification centre (toasts are hidden
 * in smoke-test-driver mode, the centre always works). Leaves the centre closed.
 */
export async function readNotifications(page: Page): Promise<string[]> {
  const messages = ".notification-list-item-message";
  const toasts = await page.locator(`.notifications-toasts ${messages}`).allInnerTexts().catch(() => []);
  const center = page.locator(".notifications-center");
  const wasOpen = await center.isVisible().catch(() => false);
  if (!wasOpen) await runCommand(page, "Notifications: Show Notifications");
  await center.waitFor({ state: "visible", timeout: 10_000 });
  const listed = await center.locator(messages).allInnerTexts();
  if (!wasOpen) {
    await page.keyboard.press("Escape");
    if (await center.isVisible().catch(() => false)) await runCommand(page, "Notifications: Hide Notifications");
  }
  return [...new Set([...listed, ...toasts].map((t) => t.trim()).filter(Boolean))];
}

/** Polls the notification centre until a message containing `text` appears. */
export async function waitForNotification(page: Page, text: string | RegExp, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let seen: string[] = [];
  const match = (m: string) => (typeof text === "string" ? m.includes(text) : text.test(m));
  while (Date.now() < deadline) {
    // Visible toasts first (cheap), then the notification centre.
    const toasts = await page.locator(".notifications-toasts .notification-list-item-message").allInnerTexts().catch(() => []);
    const toast = toasts.find(match);
    if (toast) return toast.trim();
    seen = await readNotifications(page);
    const hit = seen.find(match);
    if (hit) return hit;
    await page.waitForTimeout(500);
  }
  throw new Error(`no notification matching ${String(text)} within ${timeoutMs} ms; seen: ${JSON.stringify(seen)}`);
}

/** Saves `.artifacts/screenshots/<name>.png` and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  const path = join(SCREENSHOTS_DIR, `${name.replace(/[^\w.-]+/g, "-")}.png`);
  await page.screenshot({ path });
  return path;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function cssString(s: string): string {
  return s.replace(/["\\]/g, "\\$&");
}
