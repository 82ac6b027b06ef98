// UI test of Session → Exports in code-server with the simulator: an export typed in the chat is
// listed there with its file name and state, inside the visible area, and is still listed after a
// window reload (the one export record store survives reloads). Stands on its own: it makes its
// own draft first.
import * as assert from "node:assert/strict";
import { basename } from "node:path";
import type { FrameLocator, Locator, Page } from "playwright-core";
import type { UiSuite } from "../harness/ui";
import { runCommand, waitForWorkbench } from "../harness/workbench";
import { openChat } from "./support/chat-support";
import { answerDialog, isMp4, openSessionView, outputFiles, sessionRow, setPaneExpanded, setTheme, until, waitForNewOutput } from "./support/editor-support";

const TURN_TIMEOUT = 120_000;

async function sendAndSettle(page: Page, f: FrameLocator, text: string, done: () => Promise<boolean>): Promise<void> {
  const input = f.locator("vscode-text-area textarea");
  await input.fill(text);
  await input.press("Enter");
  await until(async () => {
    // The harness turns the cost question off for this module; answer it only if it shows after all.
    for (const button of ["Send", "Generate"]) if (await answerDialog(page, button)) break;
    return done();
  }, TURN_TIMEOUT, `the chat to finish "${text}"`);
}

/** The row lies inside the Session pane's visible list (a person can see it), not only in the DOM. */
async function assertSeen(pane: Locator, row: Locator): Promise<void> {
  await row.waitFor({ state: "visible", timeout: 30_000 });
  const list = await pane.locator(".monaco-list").first().boundingBox();
  const box = await row.boundingBox();
  assert.ok(list && box, "no bounding box");
  assert.ok(box.y >= list.y - 1 && box.y + box.height <= list.y + list.height + 1, `row at ${box.y}+${box.height} outside the list ${list.y}+${list.height}`);
}

/** Collapse the groups above Exports so its rows are rendered in the virtual list. */
async function showExports(page: Page): Promise<Locator> {
  const pane = await openSessionView(page);
  for (const group of ["Tracks", "Generated media"]) {
    const row = pane.locator(".monaco-list-row", { hasText: new RegExp(`^\\s*${group}\\s*$`) }).first();
    if ((await row.getAttribute("aria-expanded").catch(() => null)) === "true") await row.click();
  }
  await sessionRow(pane, /^\s*Exports\s*$/).waitFor({ state: "visible", timeout: 30_000 });
  return pane;
}

export const suite: UiSuite = {
  title: "Session exports",
  tests: [
    {
      name: "an export typed in the chat is listed under Session → Exports, and still after a reload",
      timeoutMs: 420_000,
      async run(ui) {
        assert.ok(ui.sim, "needs the simulator");
        await waitForWorkbench(ui.page, { activityBarEntry: "Image Generation", timeoutMs: 90_000 });
        await answerDialog(ui.page, "Cancel"); // a question an earlier test left open
        await setTheme(ui, "dark");
        let f = await openChat(ui);
        const submitsBefore = (await ui.sim.requests()).filter((r) => r.route === "render-submit").length;
        const pngs = outputFiles(ui, ".png");
        const images = f.locator("article.msg-agent figure.media img");
        const before = await images.count();
        await sendAndSettle(ui.page, f, "generate an image of paper lanterns over a river", async () =>
          (await images.count()) > before && (await f.locator('vscode-button[aria-label="Send message (Enter)"]').isVisible().catch(() => false)),
        );
        assert.ok(outputFiles(ui, ".png").length >= pngs.length);
        const mp4s = outputFiles(ui, ".mp4");
        await sendAndSettle(ui.page, f, "export", async () => (await ui.sim!.requests()).filter((r) => r.route === "render-submit").length > submitsBefore);
        const file = await waitForNewOutput(ui, ".mp4", mp4s, isMp4, TURN_TIMEOUT);
        const name = basename(file);

        await setPaneExpanded(ui.page, "Chat", false);
        let pane = await showExports(ui.page);
        let row = sessionRow(pane, name);
        await assertSeen(pane, row);
        assert.match(await row.innerText(), /done/);
        await ui.screenshot("session-exports-dark");

        await runCommand(ui.page, "Developer: Reload Window");
        await waitForWorkbench(ui.page, { activityBarEntry: "Image Generation", timeoutMs: 90_000 });
        // The focus command shows the side bar whatever state the reload left it in (a click would toggle it).
        await openChat(ui);
        await setPaneExpanded(ui.page, "Chat", false);
        pane = await showExports(ui.page);
        row = sessionRow(pane, name);
        await assertSeen(pane, row);
        assert.doesNotMatch(await pane.innerText(), /No exports yet/);
        await setTheme(ui, "light");
        await ui.screenshot("session-exports-light");
        await setTheme(ui, "dark");
        await setPaneExpanded(ui.page, "Chat", true);
        f = await openChat(ui);
        assert.ok(await f.locator(".composer").isVisible());
      },
    },
  ],
};
