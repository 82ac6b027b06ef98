// Edit an image with a prompt and compare (issue 19 §2), as a person does it: right-click an image
// in the Explorer → "Edit Image with a Prompt…", type the instruction, the compare view opens by
// itself; reached and operated with the keyboard only (Tab to the divider, arrow keys move it, Tab
// to Keep Both, Enter); both files on disk, the original untouched. Screenshots of the compare
// view in light, dark and high contrast (.artifacts/screenshots/edit-compare-*.png), and the
// README's (media/screenshots/edit-compare.png with UPDATE_SCREENSHOTS=1).
import * as assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { FrameLocator, Page } from "playwright-core";
import type { UiContext, UiSuite } from "../harness/ui";
import { explorerContextMenu, explorerItem, focusMenuEntry, quickInput, runCommand, waitForWorkbench, webviewFrame } from "../harness/workbench";
import { makePng } from "../../sim/png";
import { clearNotifications, isPng, marketplaceShot, selectInExplorer, setSimCredits, setTheme, until, useMarketplaceViewport } from "./support/editor-support";

const TURN_TIMEOUT = 120_000;
const SOURCE = "harbour.png";
const VERSION = "harbour-edit-1.png";

/** Waits for a file the test made to show in the Explorer (it refreshes late: its Refresh button). */
async function showInExplorer(page: Page, name: string): Promise<void> {
  await runCommand(page, "View: Show Explorer");
  const item = explorerItem(page, name);
  if (await item.waitFor({ state: "visible", timeout: 10_000 }).then(() => true, () => false)) return;
  const header = page.locator(".part.sidebar .pane-header", { hasText: /workspace/i }).first();
  await header.hover();
  await header.locator(".action-label[aria-label='Refresh Explorer']").click();
  await item.waitFor({ state: "visible", timeout: 20_000 });
}

function focused(f: FrameLocator, selector: string): Promise<boolean> {
  return f.locator(selector).evaluate((el) => el === document.activeElement).catch(() => false);
}

/**
 * Moves the focus to `selector` with Tab / Shift+Tab only, as a keyboard user would: one press at a
 * time towards it in the page's tab order (the focusable, shown elements in document order).
 */
async function tabTo(ui: UiContext, f: FrameLocator, selector: string, max = 12): Promise<void> {
  for (let i = 0; i < max; i++) {
    const where = await f.locator("body").evaluate((body, target) => {
      const els = [...body.querySelectorAll<HTMLElement>("button, [tabindex='0']")].filter((e) => e.offsetParent !== null && !(e as HTMLButtonElement).disabled);
      return { cur: els.indexOf(document.activeElement as HTMLElement), tgt: els.indexOf(body.querySelector<HTMLElement>(target) as HTMLElement) };
    }, selector);
    if (where.tgt < 0) throw new Error(`${selector} is not in the tab order`);
    if (where.cur === where.tgt) return;
    await ui.page.keyboard.press(where.cur < 0 || where.cur < where.tgt ? "Tab" : "Shift+Tab");
  }
  await until(() => focused(f, selector), 5_000, `focus on ${selector} by Tab`);
}

async function dividerAt(f: FrameLocator, value: number): Promise<void> {
  await until(async () => (await f.locator("#divider").getAttribute("aria-valuenow")) === String(value), 5_000, `the divider at ${value} %`);
}

/** Where the divider's line, the picture and the stage are (CSS px of the frame). */
async function sliderBoxes(f: FrameLocator): Promise<{ line: number; picLeft: number; picRight: number; stageLeft: number; stageRight: number }> {
  return f.locator(".stage").evaluate((stage) => {
    const d = stage.querySelector("#divider")?.getBoundingClientRect();
    const p = stage.querySelector(".pic")?.getBoundingClientRect();
    const s = stage.getBoundingClientRect();
    return { line: d ? d.left + d.width / 2 : NaN, picLeft: p?.left ?? NaN, picRight: p?.right ?? NaN, stageLeft: s.left, stageRight: s.right };
  });
}

/** The knob's fill and ring against the page's background: what a person sees of it. */
async function knobColours(f: FrameLocator): Promise<{ fill: string; ring: string; page: string }> {
  return f.locator(".grip").evaluate((grip) => {
    const g = getComputedStyle(grip);
    return { fill: g.backgroundColor, ring: g.boxShadow, page: getComputedStyle(document.body).backgroundColor };
  });
}

async function shots(ui: UiContext, f: FrameLocator): Promise<void> {
  // Dark last: the README's picture is taken right after, in the project's usual dark theme.
  for (const kind of ["light", "high-contrast", "dark"] as const) {
    await setTheme(ui, kind);
    // The pointer off the tabs (the theme picker's row sat under it: a tab's tooltip would cover the view).
    await ui.page.mouse.move(900, 720);
    // The pictures are loaded (a screenshot of an empty frame says nothing).
    await until(() => f.locator("img.under").evaluate((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0), 30_000, "the original loaded");
    await ui.screenshot(`edit-compare-${kind}`);
    if (kind === "high-contrast") {
      // The knob is filled with the theme's focus colour and ringed by its contrast border, not the
      // buttons' (absent) fill: it stands out from the black page.
      const c = await knobColours(f);
      assert.notEqual(c.fill, c.page, "the knob's fill differs from the page");
      assert.notEqual(c.fill, "rgba(0, 0, 0, 0)", "the knob is filled");
      assert.match(c.ring, /rgb\(/, "the knob has a ring");
    }
  }
}

export const suite: UiSuite = {
  title: "Edit an image with a prompt and compare",
  tests: [
    {
      name: "Explorer → Edit Image with a Prompt…: the compare view opens, the divider moves by keyboard, Keep Both leaves both files",
      timeoutMs: 360_000,
      async run(ui) {
        const page = ui.page;
        await waitForWorkbench(page, { activityBarEntry: "Image Generation", timeoutMs: 90_000 });
        await setSimCredits(ui, 100_000);
        // As the other Marketplace-sized suites do: the theme first (the workbench is then settled
        // and lays out again on a resize), then the page size.
        await setTheme(ui, "dark");
        await useMarketplaceViewport(page);
        const source = join(ui.workspace, SOURCE);
        // A real picture (the workspace's sample.png is one pixel): 960×540, what a person would edit.
        writeFileSync(source, makePng(960, 540, "a harbour at dawn, watercolor", "harbour at dawn"));
        const original = readFileSync(source);
        await showInExplorer(page, SOURCE);
        // Menu entries register some time after the workbench is ready: open the menu until the entry is in it.
        await until(async () => {
          try {
            await explorerContextMenu(page, SOURCE, "Edit Image with a Prompt…");
            return true;
          } catch {
            await page.keyboard.press("Escape");
            return false;
          }
        }, 60_000, "Edit Image with a Prompt… in the Explorer context menu");
        const { input } = quickInput(page);
        await input.waitFor({ state: "visible", timeout: 30_000 });
        await input.fill("make the sky pink and add a small red boat");
        await input.press("Enter");
        // The new version on disk, beside the original.
        const versionPath = join(ui.workspace, VERSION);
        await until(() => existsSync(versionPath) && isPng(readFileSync(versionPath)), TURN_TIMEOUT, `${VERSION} on disk`);
        const f = webviewFrame(page);
        await f.locator("#divider").waitFor({ state: "visible", timeout: 60_000 });
        assert.match(await f.locator("h1").innerText(), /Compare versions/);
        const names = await f.locator(".side figcaption .name").allInnerTexts();
        assert.deepEqual(names, [SOURCE, VERSION], "the original left, the new version right");
        await clearNotifications(page);

        // Keyboard only: the view opens with the focus on the divider; Shift+Tab back to the view buttons, Tab to the divider.
        await until(() => focused(f, "#divider"), 30_000, "the divider focused when the view opens");
        await tabTo(ui, f, "#mode-slider");
        assert.equal(await f.locator("#mode-slider").getAttribute("aria-pressed"), "true");
        await tabTo(ui, f, "#divider");
        assert.equal(await f.locator("#divider").getAttribute("role"), "slider");
        await dividerAt(f, 50);
        await page.keyboard.press("ArrowLeft");
        await page.keyboard.press("ArrowLeft");
        await dividerAt(f, 40);
        await page.keyboard.press("End");
        await dividerAt(f, 100);
        await page.keyboard.press("Home");
        await dividerAt(f, 0);
        await page.keyboard.press("PageUp");
        await page.keyboard.press("PageUp");
        await dividerAt(f, 50);
        await page.keyboard.press("Shift+ArrowRight");
        await dividerAt(f, 51);
        await page.keyboard.press("ArrowLeft");
        await dividerAt(f, 46);
        // The new version is cut at the divider.
        assert.match(await f.locator(".stage").evaluate((el) => (el as HTMLElement).style.getPropertyValue("--pos")), /^46%$/);
        // The divider moves across the picture, not the whole panel: a 16:9 picture in a wider
        // stage is letterboxed, and Home / End put the line on the picture's own edges.
        await page.keyboard.press("Home");
        await dividerAt(f, 0);
        let box = await sliderBoxes(f);
        assert.ok(box.picLeft > box.stageLeft + 20, `the picture is letterboxed (${JSON.stringify(box)})`);
        assert.ok(Math.abs(box.line - box.picLeft) <= 3, `Home: the line on the picture's left edge (${JSON.stringify(box)})`);
        await page.keyboard.press("End");
        await dividerAt(f, 100);
        box = await sliderBoxes(f);
        assert.ok(Math.abs(box.line - box.picRight) <= 3, `End: the line on the picture's right edge (${JSON.stringify(box)})`);
        // A press beside the picture puts the divider on the picture's nearest edge; one at its middle, in the middle.
        const stage = await f.locator(".stage").boundingBox();
        assert.ok(stage);
        await f.locator(".stage").click({ position: { x: 5, y: stage.height / 2 } });
        await dividerAt(f, 0);
        await f.locator(".stage").click({ position: { x: stage.width / 2, y: stage.height / 2 } });
        await dividerAt(f, 50);
        await page.keyboard.press("ArrowLeft");
        await dividerAt(f, 45);

        await shots(ui, f);
        await marketplaceShot(ui, "edit-compare");
        // Side by side, by keyboard (the theme picker took the focus: a click puts it back into the page).
        await f.locator("h1").click();
        await tabTo(ui, f, "#mode-side");
        await page.keyboard.press("Enter");
        await until(async () => (await f.locator("#side").isVisible()) && !(await f.locator("#slider").isVisible()), 5_000, "the side-by-side view");
        await ui.screenshot("edit-compare-side-by-side");
        await setTheme(ui, "dark");

        // Keep Both, by keyboard.
        await f.locator("h1").click();
        await tabTo(ui, f, "#action-keepBoth", 12);
        await page.keyboard.press("Enter");
        await f.locator("#divider").waitFor({ state: "detached", timeout: 30_000 }).catch(() => undefined);
        await until(async () => (await page.locator(".tabs-container .tab", { hasText: "Compare:" }).count()) === 0, 30_000, "the compare view to close");
        assert.deepEqual(readFileSync(source), original, "the original is untouched");
        assert.ok(isPng(readFileSync(versionPath)), "the new version stays");
        assert.notDeepEqual(readFileSync(versionPath), original);
      },
    },
    {
      name: "Explorer → Compare Images on two unrelated images: the words are image A and B, not original and new version",
      timeoutMs: 240_000,
      async run(ui) {
        const page = ui.page;
        await waitForWorkbench(page, { activityBarEntry: "Image Generation", timeoutMs: 90_000 });
        await setTheme(ui, "dark");
        const a = "sunrise-over-hills.png";
        const b = "night-city.png"; // sorts after the batch test's files at the root (a Shift range there)
        writeFileSync(join(ui.workspace, a), makePng(960, 540, "sunrise over hills", "sunrise"));
        writeFileSync(join(ui.workspace, b), makePng(540, 960, "a city at night", "city"));
        await showInExplorer(page, a);
        await showInExplorer(page, b);
        // Two images selected, as a person does (Ctrl+click each), then the context menu.
        await selectInExplorer(page, [a, b]);
        await explorerItem(page, b).click({ button: "right" });
        await focusMenuEntry(page, "Compare Images");
        await page.keyboard.press("Enter");
        const f = webviewFrame(page);
        await f.locator("#divider").waitFor({ state: "visible", timeout: 60_000 });
        assert.equal(await f.locator("h1").innerText(), "Compare images");
        assert.deepEqual(await f.locator(".tags .tag").allInnerTexts(), ["Image A", "Image B"]);
        assert.equal(await f.locator("#action-keep").innerText(), "Replace A with B");
        assert.equal(await f.locator("#action-discard").innerText(), "Trash B");
        assert.match((await f.locator("#action-keep").getAttribute("title")) ?? "", new RegExp(`Replace ${a.replace(/\./g, "\\.")} with ${b.replace(/\./g, "\\.")}`));
        const words = await f.locator("body").innerText();
        assert.doesNotMatch(words, /version|original/i, "no edit wording for two unrelated images");
        assert.match((await f.locator("#divider").getAttribute("aria-label")) ?? "", /image A on the left, image B on the right/);
        // The landscape picture (A) sets the box; the portrait one is fitted inside it.
        await until(() => f.locator("img.under").evaluate((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0), 30_000, "image A loaded");
        for (const kind of ["light", "high-contrast", "dark"] as const) {
          await setTheme(ui, kind);
          await ui.page.mouse.move(900, 720);
          await ui.screenshot(`compare-images-${kind}`);
        }
        // Keep Both closes the view and leaves both files.
        await f.locator("#action-keepBoth").click();
        await until(async () => (await page.locator(".tabs-container .tab", { hasText: `Compare: ${a}` }).count()) === 0, 30_000, "the compare view to close");
        assert.ok(existsSync(join(ui.workspace, a)) && existsSync(join(ui.workspace, b)));
      },
    },
  ],
};
