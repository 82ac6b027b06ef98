// Helpers for UI tests of the chat panel: open it, send, wait for idle, and check what a person
// sees — whether an element lies inside the message list's visible area.
import type { FrameLocator, Locator } from "playwright-core";
import type { UiContext } from "../../harness/ui";
import { runCommand, webviewFrame } from "../../harness/workbench";
import { until } from "./editor-support";

/** The message list's minimum height in CSS px (webview/style.css `.messages-wrap`). */
export const CHAT_MIN_LIST_PX = 120;

/**
 * Shows the chat (the Focus Chat Input command) and waits for its composer and its history: a
 * hidden view's webview is made anew when shown, and counts taken before the history arrives
 * would count nothing.
 */
export async function openChat(ui: UiContext): Promise<FrameLocator> {
  const f = webviewFrame(ui.page);
  if (!(await f.locator(".composer").isVisible().catch(() => false))) {
    // The command shows the view and focuses the input (clicking the activity bar entry would hide
    // an already shown side bar). Right after a reload the palette lists the extension's commands
    // a little later: runCommand waits for the row itself, within this bound.
    await runCommand(ui.page, "Image Generation: Focus Chat Input", 120_000);
  }
  await f.locator(".composer").waitFor({ state: "visible", timeout: 60_000 });
  await f.locator('section.messages[aria-busy="false"]').waitFor({ state: "attached", timeout: 60_000 });
  return f;
}

export async function send(f: FrameLocator, text: string): Promise<void> {
  const input = f.locator("vscode-text-area textarea");
  await input.fill(text);
  await input.press("Enter");
}

/** Waits until no request runs (the Send button is back). */
export async function idle(f: FrameLocator, timeout = 90_000): Promise<void> {
  await f.locator('vscode-button[aria-label="Send message (Enter)"]').waitFor({ state: "visible", timeout });
}

/** Send, then wait for the reply (one more message after ours) to finish. */
export async function sendAndWait(f: FrameLocator, text: string, timeout = 90_000): Promise<void> {
  const before = await f.locator("article.msg").count();
  await send(f, text);
  await f.locator("article.msg").nth(before + 1).waitFor({ timeout });
  await f.locator("article.status-streaming").first().waitFor({ state: "detached", timeout });
  await idle(f, timeout);
}

/** The scrolling message list. */
export function messageList(f: FrameLocator): Locator {
  return f.locator("section.messages");
}

export function newestMessage(f: FrameLocator): Locator {
  return f.locator("article.msg").last();
}

export interface Visibility {
  inside: boolean;
  /** Pixels hidden above / below the list's visible area. */
  cutTop: number;
  cutBottom: number;
}

/** How much of `el` lies inside the message list's visible area (page coordinates). */
export async function visibility(f: FrameLocator, el: Locator): Promise<Visibility> {
  const list = await messageList(f).boundingBox();
  const box = await el.boundingBox();
  if (!list || !box) return { inside: false, cutTop: Number.NaN, cutBottom: Number.NaN };
  const cutTop = Math.max(0, list.y - box.y);
  const cutBottom = Math.max(0, box.y + box.height - (list.y + list.height));
  // A message taller than the list cannot fit: then its end must show (what was just added).
  const inside = box.height > list.height ? cutBottom <= 1 : cutTop <= 1 && cutBottom <= 1;
  return { inside, cutTop, cutBottom };
}

/** Waits (for the DOM to settle: images load, folds apply) until `el` is inside the visible area. */
export async function waitInView(f: FrameLocator, el: Locator, what: string, timeoutMs = 15_000): Promise<void> {
  let last: Visibility | undefined;
  try {
    await until(async () => (last = await visibility(f, el)).inside, timeoutMs, what);
  } catch {
    throw new Error(`${what} is not inside the chat's visible area (cut ${last?.cutTop ?? "?"} px at the top, ${last?.cutBottom ?? "?"} px at the bottom)`);
  }
}

/** The list's scroll position. */
export function scrollTop(f: FrameLocator): Promise<number> {
  return messageList(f).evaluate((el) => el.scrollTop);
}
