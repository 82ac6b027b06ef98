// UI tests of the two workflows: "Generate Image from Selection" from the editor's context menu
// (the Markdown link appears right after the selection) and "Process Each with an Instruction…"
// on files selected in the Explorer (the Batch view with its rows and states). Screenshots in
// dark and light go to .artifacts/screenshots/flows-*.png.
import * as assert from "node:assert/strict";
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import type { UiContext, UiSuite } from "../harness/ui";
import { explorerItem, focusMenuEntry, pickQuickItem, quickInput, runCommand, waitForWorkbench } from "../harness/workbench";
import {
  answerDialog, clearNotifications, openSessionView, marketplaceShot, setPaneExpanded, setSimCredits, setTheme, sidebarPane, until, useMarketplaceViewport,
} from "./support/editor-support";
import { CHAT_MIN_LIST_PX, messageList, openChat, sendAndWait, waitInView } from "./support/chat-support";

const TURN_TIMEOUT = 90_000;
const PROMPT = "A hot air balloon over a green valley at sunrise";

async function prepare(ui: UiContext): Promise<void> {
  await waitForWorkbench(ui.page, { activityBarEntry: "Image Generation", timeoutMs: 90_000 });
  await setTheme(ui, "dark");
  await useMarketplaceViewport(ui.page);
  await setSimCredits(ui, 5000);
}

/** Opens a workspace file by name with Quick Open (asking again while its index has not seen a new file yet). */
async function openFile(page: Page, name: string): Promise<void> {
  const { input, rows } = quickInput(page);
  await until(async () => {
    await runCommand(page, "Go to File...");
    await input.fill(name);
    const found = await rows.filter({ hasText: name }).first().waitFor({ state: "visible", timeout: 3_000 }).then(() => true, () => false);
    if (!found) await page.keyboard.press("Escape");
    return found;
  }, 30_000, `${name} in Quick Open`);
  await input.press("Enter");
  await page.locator(".tabs-container .tab.active", { hasText: name }).waitFor({ state: "visible", timeout: 15_000 });
}

/** Clears the notifications and waits until the palette used for that is gone (no ghost in a screenshot). */
async function calm(page: Page): Promise<void> {
  await clearNotifications(page);
  await page.waitForFunction(() => {
    const w = document.querySelector<HTMLElement>(".quick-input-widget");
    return !w || getComputedStyle(w).display === "none";
  }, undefined, { timeout: 10_000 });
}

/** Leaves the workbench as the next suites expect it: everything saved, no editor open, dark theme. */
async function tidy(ui: UiContext): Promise<void> {
  await runCommand(ui.page, "File: Save All Files");
  await runCommand(ui.page, "View: Close All Editors");
  await setTheme(ui, "dark");
}

/** Waits for files created during the test to show in the Explorer (it refreshes late: use its Refresh button). */
async function showInExplorer(page: Page, name: string): Promise<void> {
  await runCommand(page, "View: Show Explorer");
  const item = explorerItem(page, name);
  if (await item.waitFor({ state: "visible", timeout: 10_000 }).then(() => true, () => false)) return;
  const header = page.locator(".part.sidebar .pane-header", { hasText: /workspace/i }).first();
  await header.hover();
  await header.locator(".action-label[aria-label='Refresh Explorer']").click();
  await item.waitFor({ state: "visible", timeout: 20_000 });
}

export const suite: UiSuite = {
  title: "Workflows: selection to image, batch",
  tests: [
    {
      name: "Generate Image from Selection from the editor context menu inserts the image link after the selection",
      timeoutMs: 180_000,
      async run(ui) {
        await prepare(ui);
        const page = ui.page;
        writeFileSync(join(ui.workspace, "trip-notes.md"), `# Trip notes\n\n${PROMPT}\n\nWe landed before noon.\n`);
        await openFile(page, "trip-notes.md");
        const line = page.locator(".monaco-editor .view-line", { hasText: PROMPT }).first();
        await line.waitFor({ state: "visible", timeout: 15_000 });
        await line.click();
        await page.keyboard.press("Home");
        await page.keyboard.press("Shift+End");
        await line.click({ button: "right" });
        const entry = await focusMenuEntry(page, "Generate Image from Selection");
        const box = await entry.boundingBox();
        const size = page.viewportSize();
        assert.ok(box && size && box.y >= 0 && box.y + box.height <= size.height, "the menu entry is inside the window");
        await ui.screenshot("flows-selection-menu-dark");
        await page.keyboard.press("Enter");

        const inserted = page.locator(".monaco-editor .view-line", { hasText: `![${PROMPT}](generated-media/` });
        let confirmed = false;
        await until(async () => {
          if (!confirmed) confirmed = await answerDialog(page, "Generate");
          return (await inserted.count()) > 0;
        }, TURN_TIMEOUT, "the image link in the document");
        await page.keyboard.press("Control+S");
        const doc = join(ui.workspace, "trip-notes.md");
        const text = await until(() => {
          const t = readFileSync(doc, "utf8");
          return t.includes("![") ? t : undefined;
        }, 15_000, "the saved document");
        const file = /^!\[A hot air balloon over a green valley at sunrise\]\(generated-media\/([^)\s]+\.png)\)$/m.exec(text)?.[1];
        assert.ok(file, text);
        assert.ok(text.startsWith(`# Trip notes\n\n${PROMPT}\n\n![`), "right after the selected line");
        assert.ok(existsSync(join(ui.workspace, "generated-media", decodeURIComponent(file))), `${file} is in the output folder`);
        await calm(page);
        await marketplaceShot(ui, "flows-selection-inserted-dark");
        await setTheme(ui, "light");
        await ui.screenshot("flows-selection-inserted-light");
        await tidy(ui);
      },
    },
    {
      name: "Process Each with an Instruction… on three Explorer files fills the Batch view with rows and states",
      timeoutMs: 240_000,
      async run(ui) {
        await prepare(ui);
        const page = ui.page;
        assert.ok(ui.sim, "needs the simulator");
        const fixture = join(__dirname, "..", "..", "fixtures", "sample.mp4");
        const names = ["beach sunset.mp4", "city walk.mp4", "forest.mp4"];
        for (const n of names) copyFileSync(fixture, join(ui.workspace, n));
        for (const n of names) await showInExplorer(page, n);
        // One upload refused (a scripted fault), one render held at its first poll.
        await ui.sim.inject({ route: "upload", times: 1, fault: { type: "code", code: 4001 } });
        await ui.sim.inject({ route: "render-poll", times: 1, fault: { type: "slow", ms: 120_000 } });

        // The three are next to each other in the Explorer: click the first, Shift+click the last.
        // Clicking the first opens its preview, which can swallow the next click: try again until three are selected.
        const selected = page.locator(".explorer-folders-view .monaco-list-row[aria-selected='true']");
        await until(async () => {
          await explorerItem(page, names[0]).click();
          await page.locator(".tabs-container .tab", { hasText: names[0] }).waitFor({ state: "visible", timeout: 10_000 });
          await explorerItem(page, names[2]).click({ modifiers: ["Shift"] });
          return until(async () => (await selected.count()) === 3, 2_000, "the selection").then(() => true, () => false);
        }, 30_000, "three files selected in the Explorer");
        await explorerItem(page, names[2]).click({ button: "right" });
        await focusMenuEntry(page, "Process Each with an Instruction…");
        await page.keyboard.press("Enter");
        await pickQuickItem(page, "One instruction for all 3 files", "One instruction");
        const { input } = quickInput(page);
        await input.waitFor({ state: "visible", timeout: 10_000 });
        await input.fill("add a title 'Summer'");
        await input.press("Enter");
        // The cost question shows when imageGeneration.confirmPaidActions is on (the harness turns it off).
        const pane = sidebarPane(page, "Batch");
        const header = pane.locator(".pane-header").first();
        // The Batch view appears collapsed with a badge, and the chat keeps its space (issue 17): with
        // the Session view dragged larger, the message list still has its minimum height and a
        // question typed now is answered in view. The Explorer is in front: go to the chat's side bar.
        await answerDialog(page, "Start"); // the harness turns the question off here; answered if it shows
        const f = await openChat(ui);
        await openSessionView(page);
        await header.waitFor({ state: "visible", timeout: 30_000 });
        assert.equal(await header.getAttribute("aria-expanded"), "false", "the Batch view opened by itself");
        const listHeight = (await messageList(f).boundingBox())?.height ?? 0;
        assert.ok(listHeight >= CHAT_MIN_LIST_PX, `the chat's message list is ${listHeight} px tall with the Batch view there`);
        await sendAndWait(f, "credits");
        await waitInView(f, f.locator(".card-credits").last(), "the credits answer");
        await ui.screenshot("flows-batch-chat-keeps-room-dark");
        await setPaneExpanded(page, "Batch", true);
        const rows = pane.locator(".monaco-list-row");
        const rowText = async (): Promise<string[]> => (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, " ").trim());
        await until(async () => {
          const t = await rowText();
          return t.length === 3 && t.some((x) => /failed: /.test(x)) && t.some((x) => /saved as .*-edited\.mp4/.test(x)) && t.some((x) => /rendering/.test(x));
        }, TURN_TIMEOUT, "a failed, a saved and a rendering row");
        for (const n of names) assert.ok((await rowText()).some((t) => t.startsWith(n)), `a row for ${n}`);
        // The held render's row moves between two checks of the service (its poll is held for 120 s):
        // the elapsed time and the estimate, marked so, never a number that sits still.
        const rendering = rows.filter({ hasText: "rendering" }).first();
        const polls = async (): Promise<number> => (await ui.sim!.requests()).filter((r) => r.route === "render-poll").length;
        const pollsBefore = await polls();
        const first = (await rendering.innerText()).replace(/\s+/g, " ");
        assert.match(first, /rendering · about \d+ % \(estimate\) · \d+:\d\d/);
        await until(async () => (await rendering.innerText()).replace(/\s+/g, " ") !== first, 30_000, "the rendering row's progress to move");
        assert.equal(await polls(), pollsBefore, "the row moved only because the service was asked again");
        // A calm picture: no editors, only the Batch view open in the side bar.
        await runCommand(page, "View: Close All Editors");
        await setPaneExpanded(page, "Chat", false);
        await setPaneExpanded(page, "Session", false);
        await calm(page);
        await marketplaceShot(ui, "flows-batch-dark");

        // Cancel the held render with its row's inline button, then retry the others from the title bar.
        await rendering.hover();
        await rendering.locator(".action-label[aria-label='Cancel']").click();
        await until(async () => (await rowText()).some((t) => /cancelled/.test(t)), 30_000, "the cancelled row");
        await pane.locator(".pane-header").hover();
        await pane.locator(".pane-header .action-label[aria-label='Retry Failed Batch Items']").click();
        await until(async () => (await rowText()).filter((t) => /saved as/.test(t)).length === 2, TURN_TIMEOUT, "the retried row saved");
        const saved = readdirSync(join(ui.workspace, "generated-media")).filter((f) => f.endsWith("-edited.mp4"));
        assert.equal(saved.length, 2, saved.join(", "));
        await setTheme(ui, "light");
        await calm(page);
        await ui.screenshot("flows-batch-light");
        await setTheme(ui, "dark");
        await setPaneExpanded(page, "Chat", true);
        await setPaneExpanded(page, "Session", true);
      },
    },
    {
      name: "Insert into editor on a chat image puts its Markdown at the cursor; disabled while no editor is open",
      timeoutMs: 180_000,
      async run(ui) {
        await prepare(ui);
        const page = ui.page;
        await runCommand(page, "View: Close All Editors");
        const f = await openChat(ui);
        const input = f.locator("vscode-text-area textarea");
        await input.waitFor({ state: "visible", timeout: 60_000 });
        // The history may hold images already: wait for one more than it has.
        const buttons = f.locator("figure .insert-media");
        const before = await buttons.count();
        const prompt = "generate an image of a paper lantern";
        await input.fill(prompt);
        await input.press("Enter");
        const button = buttons.last();
        // The message re-renders while the reply finishes: scroll whichever button is there now.
        const showButton = (): Promise<boolean> =>
          until(() => button.evaluate((el) => el.scrollIntoView({ block: "center" })).then(() => true, () => false), 15_000, "the button scrolled into view");
        await until(async () => {
          for (const verb of ["Send", "Generate", "Continue"]) if (await answerDialog(page, verb)) break;
          return (await buttons.count()) > before && (await button.isVisible().catch(() => false));
        }, TURN_TIMEOUT, "the image with its Insert into editor button");
        await showButton();
        assert.equal(await button.getAttribute("disabled"), "", "disabled while no editor is open");

        writeFileSync(join(ui.workspace, "lanterns.md"), "# Lanterns\n\n");
        await openFile(page, "lanterns.md");
        await until(async () => (await button.getAttribute("disabled")) === null, 15_000, "the button enabled once an editor is open");
        await showButton();
        await calm(page);
        await ui.screenshot("flows-chat-insert-dark");
        // From the keyboard, as a person can: a short chat list may sit under "Jump to latest".
        await button.press("Enter");
        // The cursor sat in the heading: the image goes in its own paragraph after it, its alt text
        // the prompt's subject ("generate an image of a paper lantern" → "paper lantern").
        const line = page.locator(".monaco-editor .view-line", { hasText: "![paper lantern](generated-media/" }).first();
        await line.waitFor({ state: "visible", timeout: 30_000 });
        assert.ok(readdirSync(join(ui.workspace, "generated-media")).some((n) => n.endsWith(".png")), "the image was saved in the output folder");
        await setTheme(ui, "light");
        await calm(page);
        await ui.screenshot("flows-chat-insert-light");
        await tidy(ui);
      },
    },
  ],
};
