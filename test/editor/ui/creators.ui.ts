// The chat composer's shape picker (issue 19): reached and operated with the keyboard only (Tab
// from the message, typing to pick an option), the cost hint following the number of variations,
// the images the agent makes in the chosen ratio, the saved file carrying its prompt and the AI
// mark; screenshots in light, dark and high contrast.
import * as assert from "node:assert/strict";
import type { FrameLocator } from "playwright-core";
import { readProvenance } from "../../../src/core/provenance";
import type { UiContext, UiSuite } from "../harness/ui";
import { idle, newestMessage, openChat } from "./support/chat-support";
import { outputFiles, setSimCredits, setTheme, until } from "./support/editor-support";

/** Whether `selector` holds the focus inside the chat frame. */
function focused(f: FrameLocator, selector: string): Promise<boolean> {
  return f.locator(selector).evaluate((el) => el === document.activeElement);
}

async function tabTo(ui: UiContext, f: FrameLocator, selector: string): Promise<void> {
  await ui.page.keyboard.press("Tab");
  await until(() => focused(f, selector), 5_000, `focus on ${selector} after Tab`);
}

async function shots(ui: UiContext, name: string): Promise<void> {
  await setTheme(ui, "light");
  await ui.screenshot(`${name}-light`);
  await setTheme(ui, "dark");
  await ui.screenshot(`${name}-dark`);
  await setTheme(ui, "high-contrast");
  await ui.screenshot(`${name}-high-contrast`);
  await setTheme(ui, "light");
}

export const suite: UiSuite = {
  title: "Creators: shape and style in the chat",
  tests: [
    {
      name: "the ratio, style and variations pickers are reached with Tab and set by typing; 2 variations in 9:16 watercolor make two portrait images",
      timeoutMs: 240_000,
      async run(ui) {
        await setSimCredits(ui, 100_000);
        const f = await openChat(ui);
        const input = f.locator("vscode-text-area textarea");
        await f.locator("#shape-style option", { hasText: "watercolor" }).waitFor({ state: "attached", timeout: 30_000 });
        // Keyboard only: the prompt first, then Tab into the picker group.
        await input.focus();
        await ui.page.keyboard.type("a harbour at dawn");
        // The picker is folded behind its toggle in the button row (the list keeps its room): Enter opens it
        // and puts the keyboard on the ratio.
        await tabTo(ui, f, ".shape-toggle");
        assert.equal(await f.locator(".shape-toggle").getAttribute("aria-expanded"), "false");
        await ui.page.keyboard.press("Enter");
        await until(() => focused(f, "#shape-ratio"), 5_000, "the picker open, the keyboard on the ratio");
        assert.equal(await f.locator(".shape-toggle").getAttribute("aria-expanded"), "true");
        await ui.page.keyboard.type("9");
        await until(async () => (await f.locator("#shape-ratio").inputValue()) === "9:16", 5_000, "9:16 picked by typing");
        await tabTo(ui, f, "#shape-style");
        await ui.page.keyboard.type("w");
        await until(async () => (await f.locator("#shape-style").inputValue()) === "watercolor", 5_000, "watercolor picked by typing");
        await tabTo(ui, f, "#shape-count");
        await ui.page.keyboard.type("2");
        await until(async () => (await f.locator("#shape-count").inputValue()) === "2", 5_000, "2 variations picked by typing");
        const group = f.locator('[role="group"][aria-label="Shape and style of what you generate"]');
        assert.equal(await group.count(), 1, "one labelled group");
        for (const [id, label] of [["#shape-ratio", "Aspect ratio"], ["#shape-style", "Style"], ["#shape-count", "How many variations"]]) {
          assert.equal(await f.locator(id).getAttribute("aria-label"), label);
        }
        // The cost hint counts both images (one question for all of them).
        await until(async () => /about 200 credits/.test((await f.locator("#cost-hint").textContent()) ?? ""), 15_000, "the hint for two images");
        // Back to the message with Shift+Tab (the group is in the tab order both ways).
        for (const id of ["#shape-style", "#shape-ratio"]) {
          await ui.page.keyboard.press("Shift+Tab");
          await until(() => focused(f, id), 5_000, `focus back on ${id}`);
        }
        // The theme picker takes the focus: screenshots first, then back to the message to send with Enter.
        await shots(ui, "creators-chat-shape-picker");
        await input.focus();
        const before = await f.locator("article.msg").count();
        await ui.page.keyboard.press("Enter");
        await f.locator("article.msg").nth(before + 1).waitFor({ timeout: 120_000 });
        await f.locator("article.status-streaming").first().waitFor({ state: "detached", timeout: 120_000 });
        await idle(f, 120_000);
        const images = newestMessage(f).locator("figure.media img");
        await until(async () => (await images.count()) === 2, 60_000, "two images in the reply");
        for (let i = 0; i < 2; i++) {
          const img = images.nth(i);
          await until(() => img.evaluate((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0), 30_000, "the preview loaded");
          const size = await img.evaluate((el) => ({ w: (el as HTMLImageElement).naturalWidth, h: (el as HTMLImageElement).naturalHeight }));
          assert.ok(size.h > size.w, `portrait (${size.w}×${size.h})`);
        }
        assert.equal(await f.locator("#shape-count").inputValue(), "1", "variations go back to one after a send");
        assert.equal(await f.locator("#shape-ratio").inputValue(), "9:16", "the ratio stays for the next prompt");
        // Saved, the file says what made it.
        const beforeFiles = outputFiles(ui, ".png");
        await newestMessage(f).locator('vscode-button[aria-label^="Save "]').first().click();
        const saved = await until(() => outputFiles(ui, ".png").find((p) => !beforeFiles.includes(p)), 30_000, "the saved image on disk");
        const record = await until(async () => {
          const r = await readProvenance(saved).catch(() => undefined);
          return r?.prompt ? r : undefined;
        }, 10_000, "the record in the saved file");
        assert.equal(record.prompt, "a harbour at dawn");
        assert.equal(record.ratio, "9:16");
        assert.equal(record.aiGenerated, true);
        await newestMessage(f).scrollIntoViewIfNeeded();
        await shots(ui, "creators-chat-portrait-variations");
      },
    },
  ],
};
