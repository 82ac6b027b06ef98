// UI tests of the editor surfaces (commands, Explorer menu, Session view, status bar) in
// code-server with the simulator as the backend. Every test stands on its own (the first one it
// needs, generating an image, is repeated when the session has nothing yet), so `--grep` works.
// With UPDATE_SCREENSHOTS=1 the tests also write the README's media/screenshots/*.png.
import * as assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import type { Page } from "playwright-core";
import type { UiContext, UiSuite } from "../harness/ui";
import { explorerContextMenu, explorerItem, runCommand, waitForWorkbench } from "../harness/workbench";
import {
  answerDialog, clearNotifications, enterPalettePrompt, isMp4, isPng, lastSessionState, marketplaceShot, openSessionView, outputFiles, setPaneExpanded, sessionRow, setSimCredits, setTheme, until, useMarketplaceViewport, waitForNewOutput,
} from "./support/editor-support";

const GENERATE = "Image Generation: Generate image from prompt";
const IMAGE_PROMPT = "a photorealistic image of a lighthouse at dusk over a calm sea";
const EDIT_PROMPT = "add a title 'Urban Dreams'";
/** Generation at the simulator (time scale 0.05) takes ~1-2 s; the slow shared machine gets far more. */
const TURN_TIMEOUT = 90_000;

/** Dark theme and the Marketplace size, so the screenshots look the same in every run. */
async function prepare(ui: UiContext): Promise<void> {
  await waitForWorkbench(ui.page, { activityBarEntry: "Image Generation", timeoutMs: 90_000 });
  await setTheme(ui, "dark");
  await useMarketplaceViewport(ui.page);
}

/**
 * Runs "Generate image from prompt" from the palette with `prompt`, confirming the credit dialog,
 * and resolves once `done()` is true (the dialog can come at any time before that).
 */
async function generateFromPalette(page: Page, prompt: string, done: () => boolean | Promise<boolean>): Promise<void> {
  await clearNotifications(page);
  await runCommand(page, GENERATE);
  await enterPalettePrompt(page, prompt);
  let confirmed = false;
  await until(async () => {
    if (!confirmed) confirmed = await answerDialog(page, "Generate");
    return done();
  }, TURN_TIMEOUT, `the result of "${prompt}"`);
  // The command ends with a message after revealing and opening the files (the reveal switches the
  // side bar to the Explorer): wait for it, so nothing moves under the next steps.
  const toasts = page.locator(".notification-toast");
  await until(async () => (await toasts.allInnerTexts()).some((t) => t.trim() !== "" && !t.includes("Generating image")), 60_000, "the message that ends the generate command");
}

/** Makes sure the session has an image and tracks (generates one when it has none yet). */
async function ensureGenerated(ui: UiContext): Promise<void> {
  const state = await lastSessionState(ui).catch(() => "");
  if (state.includes("generate_image") || /img_\w+\.png/.test(state)) return;
  await setSimCredits(ui, 1000);
  const before = outputFiles(ui, ".png");
  await generateFromPalette(ui.page, IMAGE_PROMPT, () => outputFiles(ui, ".png").length > before.length);
}

export const suite: UiSuite = {
  title: "Editor surfaces",
  tests: [
    {
      name: "Generate image from prompt (palette) saves a PNG in the output folder and opens it",
      timeoutMs: 180_000,
      async run(ui) {
        await prepare(ui);
        await setSimCredits(ui, 1000); // earlier tests may have spent the starter credits
        const before = outputFiles(ui, ".png");
        let file = "";
        await generateFromPalette(ui.page, IMAGE_PROMPT, async () => {
          file = await waitForNewOutput(ui, ".png", before, isPng, 1).catch(() => "");
          return file !== "";
        });
        const bytes = readFileSync(file);
        assert.ok(isPng(bytes), `${file} is not a PNG`);
        assert.ok(bytes.length > 1000, `${file} is only ${bytes.length} bytes`);
        // The command opens the image in an editor tab.
        const tab = ui.page.locator(".tabs-container .tab", { hasText: basename(file) }).first();
        await tab.waitFor({ state: "visible", timeout: 30_000 });
        const preview = ui.page
          .locator('iframe.webview.ready[src*="extensionId=vscode.media-preview"]')
          .filter({ visible: true })
          .first()
          .contentFrame()
          .frameLocator("#active-frame")
          .locator("img");
        await preview.waitFor({ state: "visible", timeout: 30_000 });
        await until(async () => (await preview.evaluate((el) => (el as HTMLImageElement).naturalWidth)) === 960, 20_000, "the preview to load");
        // Marketplace: the image in the editor and the Session view with what the agent made.
        const pane = await openSessionView(ui.page);
        await sessionRow(pane, /\d+\. Video/).waitFor({ state: "visible", timeout: 30_000 });
        await clearNotifications(ui.page);
        await ui.page.locator(".quick-input-widget").waitFor({ state: "hidden", timeout: 10_000 });
        await marketplaceShot(ui, "generate");
      },
    },
    {
      name: "Explorer context menu uploads a file to the session",
      timeoutMs: 150_000,
      async run(ui) {
        assert.ok(ui.sim, "needs the simulator");
        const sim = ui.sim;
        await waitForWorkbench(ui.page, { activityBarEntry: "Image Generation" });
        await runCommand(ui.page, "View: Show Explorer");
        await explorerItem(ui.page, "sample.png").waitFor({ state: "visible", timeout: 30_000 });
        const file = join(ui.workspace, "sample.png");
        const size = statSync(file).size;
        const sha256 = createHash("sha256").update(readFileSync(file)).digest("hex");
        const before = (await sim.uploads()).length;
        // Menu contributions register some time after the workbench is ready: open the menu until
        // the entry is in it (the event), closing a menu built too early.
        await until(async () => {
          try {
            await explorerContextMenu(ui.page, "sample.png", "Upload to Image Generation session");
            return true;
          } catch {
            await ui.page.keyboard.press("Escape");
            return false;
          }
        }, 60_000, "the upload entry in the Explorer context menu");
        const upload = await until(
          async () => (await sim.uploads()).slice(before).find((u) => u.fileName === "sample.png"),
          TURN_TIMEOUT,
          "sample.png at GET /__sim/uploads",
        );
        assert.equal(upload.size, size);
        assert.equal(upload.sha256, sha256);
        await ui.screenshot("editor-upload");
      },
    },
    {
      name: "Session view shows the tracks with time ranges after an edit",
      timeoutMs: 240_000,
      async run(ui) {
        await prepare(ui);
        await setSimCredits(ui, 1000); // the edit below costs 50 credits
        await ensureGenerated(ui);
        let pane = await openSessionView(ui.page);
        await sessionRow(pane, /\d+\. Video/).waitFor({ state: "visible", timeout: 30_000 });
        // A free-form message goes through the same palette command (the agent decides what to do).
        await generateFromPalette(ui.page, EDIT_PROMPT, async () => (await lastSessionState(ui)).includes("Urban Dreams"));
        // The command opens what it saved in an editor: back to the Session view.
        pane = await openSessionView(ui.page);
        // The tree reloads after the command: the text track shows the title's words at 0-3s.
        const textTrack = sessionRow(pane, /\d+\. Text/);
        await textTrack.waitFor({ state: "visible", timeout: 30_000 });
        assert.match(await sessionRow(pane, /\d+\. Video/).innerText(), /\d+ segments?/);
        assert.match(await textTrack.innerText(), /\d+ segments?/);
        const title = sessionRow(pane, /Urban Dreams\s*0-3s/);
        await title.waitFor({ state: "visible", timeout: 30_000 });
        // Segment rows carry their time range as the description (the tree may re-render meanwhile).
        const descriptions = pane.locator(".monaco-list-row .label-description");
        let seen: string[] = [];
        await until(async () => {
          seen = (await descriptions.allInnerTexts()).map((t) => t.trim());
          return seen.filter((r) => /^\d+(\.\d)?-\d+(\.\d)?s/.test(r)).length >= 2;
        }, 30_000, "segment rows with time ranges").catch((err: unknown) => {
          throw new Error(`${String(err)}; descriptions: ${JSON.stringify(seen)}`);
        });
        await ui.screenshot("editor-session-tracks");
      },
    },
    {
      name: "Export from the Session view title saves an MP4 in the output folder",
      timeoutMs: 240_000,
      async run(ui) {
        await prepare(ui);
        await ensureGenerated(ui);
        const pane = await openSessionView(ui.page);
        const before = outputFiles(ui, ".mp4");
        const header = pane.locator(".pane-header").first();
        await header.hover();
        const exportAction = header.locator('.actions .action-label[aria-label^="Export Timeline"]');
        await exportAction.waitFor({ state: "visible", timeout: 15_000 });
        await exportAction.click();
        const mp4 = await waitForNewOutput(ui, ".mp4", before, isMp4, 180_000);
        assert.ok(statSync(mp4).size > 1000, `${mp4} is too small`);
        // The file is revealed in the Explorer, then a notification offers Open / Reveal in Explorer.
        const toast = ui.page.locator(".notification-toast", { hasText: `Exported ${basename(mp4)}.` });
        await toast.waitFor({ state: "visible", timeout: 30_000 });
        const buttons = await toast.locator(".monaco-button").allInnerTexts();
        assert.ok(["Open", "Reveal in Explorer"].every((b) => buttons.some((t) => t.trim() === b)), `buttons: ${JSON.stringify(buttons)}`);
        await clearNotifications(ui.page);
        await openSessionView(ui.page);
        // The tree renders only the rows in view: scroll it (as a person would) until the export's row shows.
        const row = sessionRow(pane, new RegExp(`${basename(mp4).replace(/[.]/g, "\\.")}\\s*done`));
        await until(async () => {
          if (await row.isVisible().catch(() => false)) return true;
          await pane.locator(".monaco-list").first().hover();
          await ui.page.mouse.wheel(0, 300);
          return false;
        }, 30_000, "the export's row in Session → Exports");
        await ui.screenshot("editor-export");
      },
    },
    {
      name: "status bar shows the credits; its tooltip and click give available / reserved / total",
      timeoutMs: 150_000,
      async run(ui) {
        await prepare(ui);
        await ensureGenerated(ui);
        await setSimCredits(ui, 750);
        const pane = await openSessionView(ui.page);
        const item = ui.page.locator('.statusbar-item[id*="imageGeneration.credits"]');
        await item.waitFor({ state: "visible", timeout: 30_000 });
        // Clicking runs Show Credits: a fresh balance in the status bar and a notification.
        await item.click();
        await until(async () => (await item.innerText()).trim() === "750", 30_000, "750 credits in the status bar");
        const toast = ui.page.locator(".notification-toast", { hasText: /Credits: 750 available, \d+ reserved, \d+ total/ });
        await toast.waitFor({ state: "visible", timeout: 30_000 });
        await clearNotifications(ui.page);
        await item.hover();
        const hover = ui.page.locator(".monaco-hover, .workbench-hover", { hasText: "Available: 750" }).first();
        await hover.waitFor({ state: "visible", timeout: 15_000 });
        const tip = await hover.innerText();
        assert.match(tip, /Reserved: \d+/);
        assert.match(tip, /Total: \d+/);
        await ui.screenshot("editor-credits-tooltip");
        // Marketplace: the Session tree (Chat collapsed for room) and the balance in the status bar.
        await ui.page.mouse.move(800, 400);
        await hover.waitFor({ state: "hidden", timeout: 15_000 });
        await setPaneExpanded(ui.page, "Chat", false);
        try {
          // The click left the status bar item focused (outlined): move focus away.
          await ui.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
          await sessionRow(pane, /\d+\. Video/).waitFor({ state: "visible", timeout: 30_000 });
          await sessionRow(pane, /\d+\. Text/).waitFor({ state: "visible", timeout: 30_000 });
          await marketplaceShot(ui, "session");
        } finally {
          await setPaneExpanded(ui.page, "Chat", true);
        }
      },
    },
  ],
};
