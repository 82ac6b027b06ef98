// The Gallery view (issue 19 §3): an image made in the chat appears in the gallery with its
// prompt; search narrows the list; Copy Prompt and Reveal work from the row's buttons; a
// keyboard-only pass (Open Gallery → search box → arrow into the list → Tab to the actions →
// Enter); screenshots in light, dark and high contrast.
import * as assert from "node:assert/strict";
import { copyFileSync, existsSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import type { FrameLocator, Page } from "playwright-core";
import type { UiContext, UiSuite } from "../harness/ui";
import { EXTENSION_ID } from "../harness/paths";
import { embedInImage, TRAINED_ALGORITHMIC_MEDIA } from "../../../src/core/provenance";
import { makePng } from "../../sim/png";
import { explorerItem, runCommand, waitForWorkbench } from "../harness/workbench";
import { newestMessage, openChat, sendAndWait } from "./support/chat-support";
import { answerDialog, clearNotifications, marketplaceShot, outputFiles, setPaneExpanded, setSimCredits, setTheme, sidebarPane, until, useMarketplaceViewport } from "./support/editor-support";

const PROMPT = "a lighthouse on a cliff at dusk, gallery test";

/** Images "made elsewhere" (another machine, the CLI before the ledger): only their own records say what they are. */
const ELSEWHERE = [
  { name: "harbour-at-dawn.png", w: 360, h: 640, prompt: "a harbour at dawn, fishing boats", ratio: "9:16", style: "watercolor", at: "2026-12-04T08:15:00Z" },
  { name: "fox-in-snow.png", w: 640, h: 360, prompt: "a red fox in fresh snow", ratio: "16:9", style: "photorealistic", at: "2026-12-03T17:40:00Z" },
  { name: "tea-house.png", w: 480, h: 480, prompt: "a tiny tea house in a bamboo forest", ratio: "1:1", style: "flat illustration", at: "2026-12-02T11:05:00Z" },
];

/** Writes a PNG "made elsewhere": only its embedded record says what it is. */
function writeMadeElsewhere(file: string, e: { w: number; h: number; prompt: string; ratio: string; style: string; at: string }): void {
  const record = { prompt: e.prompt, ratio: e.ratio, style: e.style, createdAt: e.at, product: "Image Generation Generator", productVersion: "0.1.0", digitalSourceType: TRAINED_ALGORITHMIC_MEDIA };
  writeFileSync(file, embedInImage("png", makePng(e.w, e.h, e.prompt), record));
}

function seedElsewhere(dir: string): void {
  for (const e of ELSEWHERE) writeMadeElsewhere(path.join(dir, e.name), e);
}

/**
 * The Gallery view's frame (the side bar shows the chat's webview too), named by its iframe's
 * `src`, not its place among the page's iframes: a webview that comes into the page later (the
 * chat, as it opens) would move an index onto another view.
 */
async function galleryFrame(page: Page): Promise<FrameLocator> {
  const frames = page.locator(`iframe.webview.ready[src*="extensionId=${EXTENSION_ID}"]`);
  return until(async () => {
    const sources = await frames.evaluateAll((els) => els.map((el) => el.getAttribute("src") ?? ""));
    for (const src of sources) {
      const f = page.locator(`iframe.webview.ready[src="${src.replace(/["\\]/g, "\\$&")}"]`).contentFrame().frameLocator("#active-frame");
      if ((await f.locator("main#gallery").count()) > 0) return f;
    }
    return undefined;
  }, 60_000, "the gallery's webview");
}

/** Room for the gallery, as a person makes it: the other views of the side bar folded. */
async function foldOtherViews(page: Page): Promise<void> {
  for (const title of ["Chat", "Session", "Batch"]) {
    if (await sidebarPane(page, title).locator(".pane-header").first().isVisible()) await setPaneExpanded(page, title, false);
  }
}

/** The side bar as the suites after this one expect it: the gallery folded, the chat open. */
async function restoreSidebar(page: Page): Promise<void> {
  if (await sidebarPane(page, "Gallery").locator(".pane-header").first().isVisible()) await setPaneExpanded(page, "Gallery", false);
  await setPaneExpanded(page, "Chat", true);
}

/**
 * A row of the virtual list (only the rows in view are in the DOM): scrolls the list from the top,
 * half a screen at a time (from the top again after the end: a rescan may still be listing),
 * until the row is mounted; resolves to its index in the listing. Each step looks and scrolls in
 * one evaluation, so a re-render between "is it there" and "read its index" (the list re-mounts
 * its rows when the folder changes) cannot leave a stale handle.
 */
async function scrollToRow(f: FrameLocator, idSuffix: string): Promise<number> {
  const scroller = f.locator(".g-scroller");
  await scroller.evaluate((el) => el.scrollTo({ top: 0 }));
  const found = await until(async () => {
    const step = await scroller.evaluate((el, suffix) => {
      const row = Array.from(el.querySelectorAll<HTMLElement>(".g-row[data-id]")).find((r) => (r.dataset.id ?? "").endsWith(suffix));
      if (row) return { index: Number(row.dataset.index) };
      const end = el.scrollTop + el.clientHeight >= el.scrollHeight - 1;
      if (end) el.scrollTo({ top: 0 });
      else el.scrollBy({ top: Math.max(40, el.clientHeight / 2) });
      return { index: -1 };
    }, idSuffix);
    return step.index >= 0 ? step : undefined;
  }, 30_000, `the row of ${idSuffix}`);
  return found.index;
}

/** A test that leaves the side bar as the next suites expect it, also when it fails. */
function leavesSidebarAsFound(body: (ui: UiContext) => Promise<void>): (ui: UiContext) => Promise<void> {
  return async (ui) => {
    try {
      await body(ui);
    } catch (e) {
      await restoreSidebar(ui.page).catch(() => undefined);
      throw e;
    }
    await restoreSidebar(ui.page);
  };
}

async function openGallery(ui: UiContext): Promise<FrameLocator> {
  await foldOtherViews(ui.page);
  await runCommand(ui.page, "Image Generation: Open Gallery", 120_000);
  return galleryFrame(ui.page);
}

const focusedIn = (f: FrameLocator, selector: string): Promise<boolean> =>
  f.locator(selector).first().evaluate((el) => el === document.activeElement || el.contains(document.activeElement)).catch(() => false);

async function shots(ui: UiContext, name: string): Promise<void> {
  for (const kind of ["light", "dark", "high-contrast"] as const) {
    await setTheme(ui, kind);
    await ui.screenshot(`${name}-${kind}`);
  }
  await setTheme(ui, "light");
}

/** Makes an image through the chat and saves it; resolves to its path. */
async function makeImage(ui: UiContext): Promise<string> {
  await setSimCredits(ui, 100_000);
  const f = await openChat(ui);
  await sendAndWait(f, `generate an image of ${PROMPT}`, 120_000);
  const before = outputFiles(ui, ".png");
  await newestMessage(f).locator('vscode-button[aria-label^="Save "]').first().click();
  return until(() => outputFiles(ui, ".png").find((p) => !before.includes(p)), 60_000, "the saved image on disk");
}

export const suite: UiSuite = {
  title: "Gallery",
  tests: [
    {
      name: "an image made in the chat is in the gallery with its prompt, beside files made elsewhere, newest first; light, dark and high contrast",
      timeoutMs: 300_000,
      run: leavesSidebarAsFound(async (ui) => {
        await waitForWorkbench(ui.page, { activityBarEntry: "Image Generation", timeoutMs: 90_000 });
        const saved = await makeImage(ui);
        // A file made elsewhere (no ledger record) is listed by its own metadata: a copy under another name.
        const copy = path.join(path.dirname(saved), "copied-elsewhere.png");
        copyFileSync(saved, copy);
        seedElsewhere(path.dirname(saved));
        await setPaneExpanded(ui.page, "Chat", false);
        const f = await openGallery(ui);
        const name = path.basename(saved);
        const item = f.locator(`.g-row[data-id="${saved.replace(/"/g, '\\"')}"]`);
        await item.waitFor({ state: "visible", timeout: 60_000 });
        assert.match((await item.locator(".g-prompt").textContent()) ?? "", /lighthouse on a cliff at dusk/);
        assert.match((await item.locator(".g-meta").textContent()) ?? "", /^Image · .*credits/);
        await f.locator(`.g-row[data-id$="copied-elsewhere.png"]`).waitFor({ state: "visible", timeout: 60_000 });
        // It says what it lists: saved files (an image in the chat shows once saved), and counts them so.
        assert.match((await f.locator(".g-saved-only").innerText()) ?? "", /^Saved files only: an image in the chat shows here once you save it\.$/);
        assert.match((await f.locator(".g-status").textContent()) ?? "", /\bsaved items?\b/);
        const thumb = item.locator(".g-thumb img");
        await until(() => thumb.evaluate((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0), 30_000, "the thumbnail loaded from the file");
        assert.match((await thumb.getAttribute("src")) ?? "", /^https:\/\/.*vscode-(resource|cdn)/, "a webview resource URI, not data: or the network");
        // Each one found as a person finds it among many: by a word of its prompt.
        const search = f.locator("input.g-search");
        for (const e of ELSEWHERE) {
          await search.fill(e.prompt);
          const r = f.locator(`.g-row[data-id$="${e.name}"]`);
          await r.waitFor({ state: "visible", timeout: 30_000 });
          assert.match((await r.locator(".g-meta").textContent()) ?? "", new RegExp(`^Image · ${e.ratio} · ${e.style} · about 100 credits · `));
        }
        await search.fill("");
        // Newest first: the chat's image (made now) above the ones made days ago.
        const at = { saved: await scrollToRow(f, name), harbour: await scrollToRow(f, "harbour-at-dawn.png"), tea: await scrollToRow(f, "tea-house.png") };
        assert.ok(at.saved < at.harbour && at.harbour < at.tea, JSON.stringify(at));
        await f.locator(".g-scroller").evaluate((el) => el.scrollTo({ top: 0 }));
        await item.waitFor({ state: "visible", timeout: 10_000 });
        await clearNotifications(ui.page);
        await shots(ui, "gallery-view");
        await setTheme(ui, "dark");
        await useMarketplaceViewport(ui.page);
        await runCommand(ui.page, "View: Close All Editors");
        await item.locator('button[data-action="open"]').click({ force: true });
        await ui.page.locator(".tab", { hasText: name }).waitFor({ state: "visible", timeout: 30_000 });
        await item.click();
        await marketplaceShot(ui, "gallery");
        await setTheme(ui, "light");
      }),
    },
    {
      name: "search, the kind filter, Copy Prompt, Reveal and Delete (asked first) on a row",
      timeoutMs: 240_000,
      run: leavesSidebarAsFound(async (ui) => {
        await waitForWorkbench(ui.page, { activityBarEntry: "Image Generation", timeoutMs: 90_000 });
        const saved = outputFiles(ui, ".png").find((p) => path.basename(p).startsWith("lighthouse-on-a-cliff")) ?? (await makeImage(ui));
        if (!existsSync(path.join(path.dirname(saved), "tea-house.png"))) seedElsewhere(path.dirname(saved));
        const f = await openGallery(ui);
        const name = path.basename(saved);
        const item = f.locator(`.g-row[data-id="${saved.replace(/"/g, '\\"')}"]`);
        await item.waitFor({ state: "visible", timeout: 60_000 });

        // Search: a word of the prompt keeps it, a word nowhere empties the list.
        const search = f.locator("input.g-search");
        await search.fill("lighthouse dusk");
        await until(async () => /\bitems?\b/.test((await f.locator(".g-status").textContent()) ?? ""), 10_000, "the count");
        await item.waitFor({ state: "visible", timeout: 10_000 });
        await search.fill("no-such-words-anywhere");
        await f.locator(".g-empty", { hasText: "Nothing matches this search." }).waitFor({ state: "visible", timeout: 10_000 });
        await search.fill("lighthouse");
        await item.waitFor({ state: "visible", timeout: 10_000 });
        // Filter by kind: exports hide it.
        await f.locator("select.g-kind").selectOption("export");
        await item.waitFor({ state: "detached", timeout: 10_000 });
        await f.locator("select.g-kind").selectOption("all");

        // Copy Prompt: the status bar says so.
        await item.hover();
        await item.locator('button[data-action="copyPrompt"]').click();
        await ui.page.locator(".statusbar", { hasText: `Copied the prompt of ${name}.` }).waitFor({ state: "visible", timeout: 15_000 });
        // Reveal: the Explorer shows the file, selected.
        await item.locator('button[data-action="reveal"]').click();
        await explorerItem(ui.page, name).and(ui.page.locator(".monaco-list-row.selected")).waitFor({ state: "visible", timeout: 30_000 });
        // Delete: asked first (Cancel keeps it), then to the trash; the row goes with the file.
        const g = await openGallery(ui);
        await g.locator("input.g-search").fill("tea house");
        const victim = g.locator(`.g-row[data-id$="tea-house.png"]`);
        await victim.waitFor({ state: "visible", timeout: 30_000 });
        await victim.hover();
        await victim.locator('button[data-action="delete"]').click();
        await until(() => answerDialog(ui.page, "Cancel"), 30_000, "the delete question (Cancel)");
        assert.ok(existsSync(path.join(path.dirname(saved), "tea-house.png")), "Cancel keeps the file");
        await victim.hover();
        await victim.locator('button[data-action="delete"]').click();
        const dialog = ui.page.locator(".monaco-dialog-box");
        const button = (label: string) => dialog.locator(".dialog-buttons .monaco-button", { hasText: new RegExp(`^\\s*${label}\\s*$`) });
        await button("Move to Trash").click({ timeout: 30_000 });
        // code-server's file system has no trash: the second question comes (the same dialog box,
        // new text); deleted for good once it is answered. Ends on the file being gone.
        const victimFile = path.join(path.dirname(saved), "tea-house.png");
        await until(async () => {
          if (!existsSync(victimFile)) return true;
          if (await dialog.filter({ hasText: "cannot go to the trash" }).isVisible().catch(() => false)) await button("Delete Permanently").click({ timeout: 5_000 }).catch(() => undefined);
          return false;
        }, 30_000, "the second question answered and the file deleted");
        await until(() => !existsSync(path.join(path.dirname(saved), "tea-house.png")), 30_000, "the file gone from the folder");
        await victim.waitFor({ state: "detached", timeout: 30_000 });
        await g.locator("input.g-search").fill("");
      }),
    },
    {
      name: "keyboard only: Open Gallery puts the cursor in the search box, Down arrow enters the list, Tab reaches the actions, Enter copies the prompt",
      timeoutMs: 240_000,
      run: leavesSidebarAsFound(async (ui) => {
        await waitForWorkbench(ui.page, { activityBarEntry: "Image Generation", timeoutMs: 90_000 });
        if (!outputFiles(ui, ".png").length) await makeImage(ui);
        const f = await openGallery(ui);
        await until(() => focusedIn(f, "input.g-search"), 15_000, "the search box focused by Open Gallery");
        await ui.page.keyboard.press("Control+A");
        await ui.page.keyboard.type("lighthouse");
        await f.locator(".g-row", { has: f.locator(".g-prompt", { hasText: "lighthouse" }) }).first().waitFor({ state: "visible", timeout: 10_000 });
        await ui.page.keyboard.press("ArrowDown");
        const first = f.locator(".g-row").first();
        await until(() => first.evaluate((el) => el === document.activeElement), 10_000, "the first row focused");
        const line = await first.evaluate((el) => {
          const st = getComputedStyle(el);
          return { outline: st.outlineStyle, border: st.borderTopStyle, colour: st.borderTopColor, width: st.borderTopWidth };
        });
        assert.equal(line.outline, "none", `one line around the focused row (the current row's dashed border in high contrast is replaced, not doubled), not an outline besides its border (${JSON.stringify(line)})`);
        assert.equal(line.border, "solid", `the focused row's line is solid, not the current row's dashes (${JSON.stringify(line)})`);
        assert.notEqual(line.colour, "rgba(0, 0, 0, 0)", "the focus line has the theme's focus colour");
        assert.equal(await first.getAttribute("role"), "listitem");
        assert.equal(await f.locator('[role="list"]').count(), 1);
        // Tab order inside the row: Open, Reveal, Insert, Copy Prompt…
        for (const action of ["open", "reveal", "insert", "copyPrompt"]) {
          await ui.page.keyboard.press("Tab");
          await until(() => focusedIn(f, `.g-row.current button[data-action="${action}"]`), 10_000, `Tab to ${action}`);
        }
        const name = (await first.getAttribute("data-id"))!.split(/[\\/]/).pop();
        await ui.page.keyboard.press("Enter");
        await ui.page.locator(".statusbar", { hasText: `Copied the prompt of ${name}.` }).waitFor({ state: "visible", timeout: 15_000 });
        // Back to the row with Shift+Tab, and along the list with the arrows.
        for (let i = 0; i < 4; i++) await ui.page.keyboard.press("Shift+Tab");
        await until(() => first.evaluate((el) => el === document.activeElement), 10_000, "back on the row");
        await ui.screenshot("gallery-keyboard");
      }),
    },
    {
      name: "a file saved while the list is scrolled to its end keeps the person's place (a rescan never shortens the list), and so does hiding and showing the view",
      timeoutMs: 240_000,
      run: leavesSidebarAsFound(async (ui) => {
        await waitForWorkbench(ui.page, { activityBarEntry: "Image Generation", timeoutMs: 90_000 });
        if (!outputFiles(ui, ".png").length) await makeImage(ui);
        const dir = path.dirname(outputFiles(ui, ".png")[0]);
        // More files than the first screen of a listing (60): a partial list would be shorter than the whole.
        const crowd = Array.from({ length: 80 }, (_, i) => path.join(dir, `crowd-${String(i).padStart(2, "0")}.png`));
        const arrival = path.join(dir, "crowd-new-arrival.png");
        const write = (file: string, prompt: string, at: string): void => writeMadeElsewhere(file, { w: 64, h: 64, prompt, ratio: "1:1", style: "flat illustration", at });
        try {
          crowd.forEach((file, i) => write(file, `crowd picture number ${i}`, "2026-11-01T10:00:00Z"));
          const f = await openGallery(ui);
          await f.locator("input.g-search").fill("");
          const status = f.locator(".g-status");
          const total = (): Promise<number> => status.textContent().then((t) => Number(/^(\d+) saved items$/.exec(t ?? "")?.[1] ?? 0));
          const before = await until(async () => {
            const n = await total();
            return n >= crowd.length ? n : undefined;
          }, 60_000, "the whole listing with the crowd");
          const scroller = f.locator(".g-scroller");
          // At the end of the list, as a person who scrolled down to an old picture.
          const end = await until(
            () => scroller.evaluate((el, last) => {
              el.scrollTo({ top: el.scrollHeight });
              return el.querySelector(`.g-row[data-index="${last}"]`) ? el.scrollTop : undefined;
            }, before - 1),
            30_000,
            "the last row in view",
          );
          write(arrival, "a new arrival while scrolled down", new Date().toISOString());
          await until(async () => (await total()) === before + 1, 60_000, "the new file listed");
          const after = await scroller.evaluate((el) => el.scrollTop);
          assert.ok(after >= end - 1, `the list kept its place (scrollTop ${end} before the rescan, ${after} after)`);
          await f.locator(`.g-row[data-index="${before}"]`).waitFor({ state: "attached", timeout: 10_000 });

          // In the middle of the list, then the side bar switched to the Explorer and back (the
          // view's page is built again): the same row is at the top.
          const topRow = (): Promise<string | undefined> =>
            scroller.evaluate((el) => {
              const h = (el.querySelector(".g-row") as HTMLElement | null)?.offsetHeight ?? 0;
              return h ? (el.querySelector<HTMLElement>(`.g-row[data-index="${Math.floor(el.scrollTop / h)}"]`)?.dataset.id ?? undefined) : undefined;
            });
          const middle = await until(async () => {
            await scroller.evaluate((el) => el.scrollTo({ top: 40 * ((el.querySelector(".g-row") as HTMLElement).offsetHeight || 1) }));
            return topRow();
          }, 30_000, "a row in the middle at the top");
          await f.locator(`.g-scroller[data-place="${middle}"]`).waitFor({ state: "attached", timeout: 30_000 });
          await f.locator("main#gallery").evaluate((main) => main.setAttribute("data-before-hide", ""));
          await runCommand(ui.page, "View: Show Explorer");
          await openGallery(ui);
          const again = await until(async () => {
            const g = await galleryFrame(ui.page);
            return (await g.locator("main#gallery:not([data-before-hide])").count()) > 0 ? g : undefined;
          }, 60_000, "the gallery shown again");
          await until(async () => (await again.locator(".g-scroller").evaluate((el) => {
            const h = (el.querySelector(".g-row") as HTMLElement | null)?.offsetHeight ?? 0;
            return h ? el.querySelector<HTMLElement>(`.g-row[data-index="${Math.floor(el.scrollTop / h)}"]`)?.dataset.id : undefined;
          })) === middle, 60_000, `the row ${middle} back at the top after a hide and show`);
        } finally {
          for (const file of [...crowd, arrival]) rmSync(file, { force: true });
        }
      }),
    },
    {
      name: "under an expanded chat the gallery keeps one whole, readable row (the footer gives way); light, dark and high contrast",
      timeoutMs: 240_000,
      run: leavesSidebarAsFound(async (ui) => {
        await waitForWorkbench(ui.page, { activityBarEntry: "Image Generation", timeoutMs: 90_000 });
        if (!outputFiles(ui, ".png").length) await makeImage(ui);
        await (await openGallery(ui)).locator("input.g-search").fill("");
        await setPaneExpanded(ui.page, "Chat", true);
        // The chat's webview comes into the page as it opens: find the gallery's frame again.
        const f = await galleryFrame(ui.page);
        await f.locator(".g-row").first().waitFor({ state: "visible", timeout: 60_000 });
        const room = await f.locator("main#gallery").evaluate((main) => {
          const scroller = main.querySelector(".g-scroller") as HTMLElement;
          const hint = main.querySelector(".g-hint") as HTMLElement;
          const row = main.querySelector(".g-row") as HTMLElement;
          const prompt = row.querySelector(".g-prompt") as HTMLElement;
          return { viewport: window.innerHeight, list: scroller.clientHeight, row: row.offsetHeight, hint: hint.offsetHeight, promptWidth: prompt.clientWidth };
        });
        assert.ok(room.list >= room.row, `one whole row fits in the list (${JSON.stringify(room)})`);
        if (room.viewport <= 300) assert.equal(room.hint, 0, `a short pane drops the footer for the rows (${JSON.stringify(room)})`);
        assert.ok(room.promptWidth >= 100, `the prompt has room to be read (${JSON.stringify(room)})`);
        await shots(ui, "gallery-under-chat");
      }),
    },
  ],
};
