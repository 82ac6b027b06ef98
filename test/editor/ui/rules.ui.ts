// UI tests of the shared rules, as a person meets them: Upload in the Explorer menu for every
// accepted format in any letter case, the one credit question in the chat (on, then "Don't Ask
// Again", then off), no folder open ("Open Folder…", media stays in the chat) and a multi-root
// workspace (media goes to the folder of the active editor's file). Screenshots light and dark.
import * as assert from "node:assert/strict";
import { copyFileSync, existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { FrameLocator, Page } from "playwright-core";
import { emptyWindowUrl, makeMultiRootWorkspace, openWorkspaceUrl } from "../harness/session";
import { REPO_ROOT } from "../harness/paths";
import type { UiContext, UiSuite } from "../harness/ui";
import { explorerItem, runCommand, waitForWorkbench } from "../harness/workbench";
import { openChat } from "./support/chat-support";
import { answerDialog, clearNotifications, enterPalettePrompt, setSimCredits, setTheme, until } from "./support/editor-support";

const UPLOAD = "Upload to Image Generation session";
const TURN_TIMEOUT = 90_000;

function settingsFile(ui: UiContext): string {
  return join(ui.session.server.userDataDir, "User", "settings.json");
}

/** The user settings as VS Code wrote them (it keeps the file JSON without comments here). */
function userSettings(ui: UiContext): Record<string, unknown> {
  try {
    return JSON.parse(readFileSync(settingsFile(ui), "utf8")) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/** The harness's page size (an earlier module may have left the Marketplace size, 1280×800). */
async function defaultViewport(page: Page): Promise<void> {
  await page.setViewportSize({ width: 1400, height: 900 });
}

async function type(f: FrameLocator, text: string, enter: boolean): Promise<void> {
  const input = f.locator("vscode-text-area textarea");
  await input.fill(text);
  if (enter) await input.press("Enter");
}

async function chatTurns(ui: UiContext): Promise<number> {
  assert.ok(ui.sim, "needs the simulator");
  return (await ui.sim.requests()).filter((r) => r.route === "run_sse").length;
}

function dialog(page: Page) {
  return page.locator(".monaco-dialog-box");
}

/** Opens `folder/name` from the Explorer (expanding the folder when needed) and waits for its editor tab. */
async function openFromExplorer(page: Page, folder: string, name: string): Promise<void> {
  await runCommand(page, "View: Show Explorer");
  const item = explorerItem(page, name);
  await until(async () => {
    if (await item.isVisible().catch(() => false)) return true;
    const root = explorerItem(page, folder);
    if ((await root.isVisible().catch(() => false)) && (await root.getAttribute("aria-expanded")) === "false") await root.click();
    return false;
  }, 60_000, `${folder}/${name} in the Explorer`);
  await item.click();
  await page.locator(".tabs-container .tab", { hasText: name }).first().waitFor({ state: "visible", timeout: 30_000 });
}

/** "Generate image from prompt" from the palette with `prompt`; answers the credit question when it comes. */
async function generateFromPalette(page: Page, prompt: string): Promise<void> {
  await runCommand(page, "Image Generation: Generate image from prompt");
  await enterPalettePrompt(page, prompt);
}

function filesIn(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir) : [];
}

async function backToMainWorkspace(ui: UiContext): Promise<void> {
  await ui.page.goto(ui.session.server.openUrl(ui.workspace), { waitUntil: "domcontentloaded" });
  await waitForWorkbench(ui.page, { explorerFile: "README.md", activityBarEntry: "Image Generation", timeoutMs: 90_000 });
}

/** Whether the editor has cached the multi-root workspace file (folders docs and app): it has read it. */
function multiRootCached(ui: UiContext): boolean {
  const dir = join(ui.session.server.userDataDir, "User", "caches", "CachedConfigurations", "workspaces");
  return filesIn(dir).some((id) => {
    try {
      const outer = JSON.parse(readFileSync(join(dir, id, "workspace.json"), "utf8")) as { content?: string };
      const folders = (JSON.parse(outer.content ?? "{}") as { folders?: Array<{ path?: string }> }).folders ?? [];
      const paths = folders.map((f) => f.path);
      return paths.includes("docs") && paths.includes("app");
    } catch {
      return false;
    }
  });
}

/**
 * Opens the multi-root workspace (folders `docs` and `app`) and waits until the Explorer lists both.
 * The window title "multi (Workspace)" alone proves nothing: it shows as soon as the window knows
 * the workspace file, before the folders. A remote workspace file the editor has not cached yet is
 * first opened from an empty cached copy and then read; on a loaded machine that first window can
 * stay on the empty copy for good ("You have not yet added a folder to the workspace", seen in full
 * runs) although the file lists both folders. So the first window only has to read the file (the
 * editor then caches it); the window opened next starts from the cached copy, with its folders.
 */
async function openMultiRoot(ui: UiContext, file: string): Promise<void> {
  const page = ui.page;
  const roots = ["docs", "app"].map((name) => explorerItem(page, name));
  await until(async () => {
    const cached = multiRootCached(ui);
    await page.goto(openWorkspaceUrl(ui.session.server.url, file), { waitUntil: "domcontentloaded" });
    await waitForWorkbench(page, { activityBarEntry: "Image Generation", timeoutMs: 90_000 });
    // A leaving window may refuse a navigation: then this is still the previous window.
    const isMulti = await page
      .waitForFunction(() => document.title.includes("multi (Workspace)"), undefined, { timeout: 30_000 })
      .then(() => true, () => false);
    if (!isMulti) return false;
    if (!cached) {
      await until(() => multiRootCached(ui), 90_000, "the editor to read (and cache) the multi-root workspace file");
      return false;
    }
    await runCommand(page, "View: Show Explorer");
    for (const root of roots) {
      if (!(await root.waitFor({ state: "visible", timeout: 60_000 }).then(() => true, () => false))) return false;
    }
    return true;
  }, 240_000, "the multi-root workspace with its folders docs and app in the Explorer");
}

export const suite: UiSuite = {
  title: "Rules (confirmation, output folder, formats)",
  // The harness turns the credit question off for the other modules; here it is on, as for people.
  settings: { "imageGeneration.confirmPaidActions": true },
  tests: [
    {
      name: "the Explorer menu offers Upload on .jpeg and .JPG files",
      timeoutMs: 150_000,
      async run(ui) {
        const jpg = join(REPO_ROOT, "test", "fixtures", "sample.jpg");
        copyFileSync(jpg, join(ui.workspace, "photo.jpeg"));
        copyFileSync(jpg, join(ui.workspace, "SHOT.JPG"));
        await waitForWorkbench(ui.page, { activityBarEntry: "Image Generation" });
        await runCommand(ui.page, "View: Show Explorer");
        for (const [name, kind] of [["photo.jpeg", "dark"], ["SHOT.JPG", "light"]] as const) {
          await setTheme(ui, kind);
          const item = explorerItem(ui.page, name);
          // The Explorer shows files created during a run late: refresh it (its title button) until the file is listed.
          await until(async () => {
            if (await item.isVisible().catch(() => false)) return true;
            await ui.page.locator(".explorer-folders-view").first().hover().catch(() => undefined);
            await ui.page.locator('.part.sidebar .action-label[aria-label^="Refresh Explorer"]').first().click({ timeout: 3_000 }).catch(() => undefined);
            return item.waitFor({ state: "visible", timeout: 3_000 }).then(() => true, () => false);
          }, 60_000, `${name} in the Explorer`);
          // Menu contributions register a little after the workbench: open the menu again until Upload is there.
          await until(async () => {
            await item.click({ button: "right" });
            const entry = ui.page.locator(".monaco-menu .action-item", { hasText: UPLOAD }).first();
            if (await entry.waitFor({ state: "visible", timeout: 3_000 }).then(() => true, () => false)) return true;
            await ui.page.keyboard.press("Escape");
            return false;
          }, 30_000, `Upload in the menu of ${name}`);
          const entry = ui.page.locator(".monaco-menu .action-item", { hasText: UPLOAD }).first();
          const box = await entry.boundingBox();
          const view = ui.page.viewportSize();
          assert.ok(box && view && box.y >= 0 && box.y + box.height <= view.height, `the Upload entry is on screen for ${name}`);
          await ui.screenshot(`rules-explorer-upload-${name.replace(".", "-")}-${kind}`);
          await ui.page.keyboard.press("Escape");
          await ui.page.locator(".monaco-menu").first().waitFor({ state: "hidden", timeout: 10_000 });
        }
      },
    },
    {
      name: "the chat asks before a paid message when the setting is on, and not when it is off",
      timeoutMs: 240_000,
      async run(ui) {
        await setSimCredits(ui, 1000);
        await defaultViewport(ui.page);
        // The module's settings turn the question on (see `settings` below).
        await setTheme(ui, "dark");
        const f = await openChat(ui);
        await f.locator('vscode-button[aria-label="Send message (Enter)"]').waitFor({ state: "visible", timeout: TURN_TIMEOUT });
        const turns = await chatTurns(ui);

        // On: the question names the cost and the balance; Cancel sends nothing and keeps the text.
        await type(f, "generate an image of a red fox in the snow", true);
        await dialog(ui.page).waitFor({ state: "visible", timeout: 30_000 });
        const question = await dialog(ui.page).innerText();
        assert.match(question, /Generate an image\?/);
        assert.match(question, /It costs about 100 credits/);
        await ui.screenshot("rules-chat-confirm-dark");
        assert.ok(await answerDialog(ui.page, "Cancel"));
        // The text stays in the input for another try (the hint may already show the estimate again).
        assert.equal(await f.locator("vscode-text-area textarea").inputValue(), "generate an image of a red fox in the snow");
        assert.equal(await chatTurns(ui), turns, "nothing was sent after Cancel");

        // "Don't Ask Again": this message goes, and the setting is off from now on.
        await setTheme(ui, "light");
        await type(f, "generate an image of a red fox in the snow", true);
        await dialog(ui.page).waitFor({ state: "visible", timeout: 30_000 });
        await ui.screenshot("rules-chat-confirm-light");
        assert.ok(await answerDialog(ui.page, "Don't Ask Again"));
        await until(async () => (await chatTurns(ui)) === turns + 1, TURN_TIMEOUT, "the message to reach the agent");
        await until(() => userSettings(ui)["imageGeneration.confirmPaidActions"] === false, 10_000, "the setting to be turned off");
        await f.locator('vscode-button[aria-label="Send message (Enter)"]').waitFor({ state: "visible", timeout: TURN_TIMEOUT });

        // Off: no question, the message goes at once.
        await type(f, "make a short video of ocean waves", true);
        await until(async () => {
          assert.equal(await dialog(ui.page).isVisible().catch(() => false), false, "no question while the setting is off");
          return (await chatTurns(ui)) === turns + 2;
        }, TURN_TIMEOUT, "the second message to reach the agent");
        await f.locator('vscode-button[aria-label="Send message (Enter)"]').waitFor({ state: "visible", timeout: TURN_TIMEOUT });
      },
    },
    {
      name: "with no folder open: Open Folder… on Generate, and the chat says media stays in the chat",
      timeoutMs: 180_000,
      async run(ui) {
        await defaultViewport(ui.page);
        await ui.page.goto(emptyWindowUrl(ui.session.server.url), { waitUntil: "domcontentloaded" });
        try {
          await waitForWorkbench(ui.page, { activityBarEntry: "Image Generation", timeoutMs: 90_000 });
          for (const kind of ["dark", "light"] as const) {
            await setTheme(ui, kind);
            await clearNotifications(ui.page);
            await runCommand(ui.page, "Image Generation: Generate image from prompt", 60_000);
            const toast = ui.page.locator(".notification-toast", { hasText: "Open a folder first" }).first();
            await toast.waitFor({ state: "visible", timeout: 30_000 });
            await toast.locator(".monaco-button", { hasText: "Open Folder…" }).first().waitFor({ state: "visible", timeout: 10_000 });
            await toast.locator(".monaco-button", { hasText: "Use the Chat" }).first().waitFor({ state: "visible", timeout: 10_000 });
            assert.equal(await toast.locator(".monaco-button", { hasText: "Show Log" }).count(), 0, "Open Folder… is the action");
            await ui.screenshot(`rules-no-folder-generate-${kind}`);
            await clearNotifications(ui.page);

            const f = await openChat(ui);
            // Said before anything is typed, and still while typing a prompt.
            await until(async () => /No folder open: media stays in the chat until saved/.test(await f.locator("#cost-hint").innerText()), 20_000, "the no-folder hint on an empty input");
            await type(f, "generate an image of a lighthouse at dusk", false);
            await until(async () => /No folder open: media stays in the chat until saved/.test(await f.locator("#cost-hint").innerText()), 20_000, "the no-folder hint");
            // Readable whole: the hint's last line is inside the chat view, not cut off below it.
            const hint = await f.locator("#cost-hint").boundingBox();
            const view = await ui.page.locator('iframe.webview.ready[src*="extensionId=nemo-labs.image-generation-generator"]').filter({ visible: true }).first().boundingBox();
            assert.ok(hint && view && hint.y + hint.height <= view.y + view.height + 1, `the hint is cut off: ${JSON.stringify({ hint, view })}`);
            await ui.screenshot(`rules-no-folder-chat-${kind}`);
            await type(f, "", false);
          }
        } finally {
          await backToMainWorkspace(ui);
        }
      },
    },
    {
      name: "multi-root: media goes to the folder of the active editor's file, and the notification says where",
      timeoutMs: 360_000,
      async run(ui) {
        await setSimCredits(ui, 1000);
        await defaultViewport(ui.page);
        const multi = makeMultiRootWorkspace(ui.session.runDir);
        try {
          await openMultiRoot(ui, multi.file);
          await setTheme(ui, "dark");
          await openFromExplorer(ui.page, "app", "main.ts");
          await clearNotifications(ui.page);
          await generateFromPalette(ui.page, "a watercolor lighthouse at dusk");
          const appOut = join(multi.app, "generated-media");
          let saved = "";
          await until(async () => {
            await answerDialog(ui.page, "Generate");
            saved = filesIn(appOut).find((n) => /^watercolor-lighthouse-at-dusk(-\d+)?\.png$/.test(n)) ?? "";
            return saved !== "";
          }, TURN_TIMEOUT, "the image in app/generated-media");
          assert.deepEqual(filesIn(join(multi.docs, "generated-media")), [], "nothing in docs/");
          const toast = ui.page.locator(".notification-toast", { hasText: `Saved to app/generated-media/${saved}` }).first();
          await toast.waitFor({ state: "visible", timeout: 60_000 });
          await toast.locator(".monaco-button", { hasText: "Reveal" }).first().waitFor({ state: "visible", timeout: 10_000 });
          await ui.screenshot("rules-multi-root-saved-dark");
          await setTheme(ui, "light");
          await toast.waitFor({ state: "visible", timeout: 10_000 }).catch(() => undefined);
          await ui.screenshot("rules-multi-root-saved-light");
        } catch (err) {
          // The harness screenshots a failure only after this test's `finally` has gone back to the
          // main workspace: keep a picture of the multi-root window itself.
          await ui.screenshot("fail-rules-multi-root-window").catch(() => undefined);
          throw err;
        } finally {
          await backToMainWorkspace(ui);
        }
      },
    },
  ],
};
