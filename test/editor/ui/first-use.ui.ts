// UI tests of what a new user tripped over (issue 17, section 2), as a person meets it in the chat:
// the keyboard stays in the chat after the credit question (either answer) and after Stop, Escape
// stops a running reply, "Jump to latest" stays on one line and covers nothing in a narrow side bar
// at 150 % zoom, and what the Command Palette adds to the workspace's one timeline is said in the
// chat. Screenshots light, dark and high contrast; narrow and zoomed.
import * as assert from "node:assert/strict";
import type { FrameLocator, Locator } from "playwright-core";
import type { UiContext, UiSuite } from "../harness/ui";
import { runCommand, waitForWorkbench } from "../harness/workbench";
import { idle, messageList, newestMessage, openChat, send } from "./support/chat-support";
import { answerDialog, clearNotifications, enterPalettePrompt, outputFiles, setPaneExpanded, setSidebarWidth, setSimCredits, setTheme, until } from "./support/editor-support";

const TURN_TIMEOUT = 90_000;

/** Light, dark and high-contrast pictures of the current state. */
async function shots(ui: UiContext, name: string): Promise<void> {
  for (const kind of ["light", "dark", "high-contrast"] as const) {
    await setTheme(ui, kind);
    await ui.screenshot(`${name}-${kind}`);
  }
  await setTheme(ui, "dark");
}

/** The chat's text input (inside the toolkit's text area). */
function chatInput(f: FrameLocator): Locator {
  return f.locator("vscode-text-area textarea");
}

/** Whether the keyboard is in the chat's input: its frame has the focus and the input is the active element. */
function inputHasFocus(f: FrameLocator): Promise<boolean> {
  return chatInput(f).evaluate((el) => document.hasFocus() && el === (el.getRootNode() as ShadowRoot | Document).activeElement).catch(() => false);
}

async function waitForInputFocus(f: FrameLocator, after: string): Promise<void> {
  await until(() => inputHasFocus(f), 15_000, `the keyboard back in the chat input after ${after}`);
}

function dialog(ui: UiContext): Locator {
  return ui.page.locator(".monaco-dialog-box");
}

async function runSseRequests(ui: UiContext): Promise<{ count: number; aborted: number }> {
  assert.ok(ui.sim, "needs the simulator");
  const reqs = (await ui.sim.requests()).filter((r) => r.route === "run_sse");
  return { count: reqs.length, aborted: reqs.filter((r) => r.aborted === true).length };
}

/** Whether two boxes (page coordinates) share any area. */
function overlaps(a: { x: number; y: number; width: number; height: number }, b: { x: number; y: number; width: number; height: number }): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

type Box = { x: number; y: number; width: number; height: number };

/** The part of `a` inside `b`, or undefined when none. */
function clip(a: Box, b: Box): Box | undefined {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  const right = Math.min(a.x + a.width, b.x + b.width);
  const bottom = Math.min(a.y + a.height, b.y + b.height);
  return right > x && bottom > y ? { x, y, width: right - x, height: bottom - y } : undefined;
}

export const suite: UiSuite = {
  title: "First use (focus, Escape, Jump to latest, one timeline)",
  // The credit question is on here, as for people (the harness turns it off for other modules).
  settings: { "imageGeneration.confirmPaidActions": true },
  tests: [
    {
      name: "after the credit question (Cancel, then Send) the keyboard is back in the chat input",
      timeoutMs: 180_000,
      async run(ui) {
        await setSimCredits(ui, 100_000);
        await waitForWorkbench(ui.page, { activityBarEntry: "Image Generation" });
        await setTheme(ui, "dark");
        await runCommand(ui.page, "View: Close All Editors");
        const f = await openChat(ui);
        // The chat as it first opens: the Session view (an earlier module opened it) collapsed.
        await setPaneExpanded(ui.page, "Session", false);
        await idle(f);
        const prompt = "generate an image of a paper lantern on a lake";
        await send(f, prompt);
        await dialog(ui).waitFor({ state: "visible", timeout: 30_000 });
        assert.ok(await answerDialog(ui.page, "Cancel"));
        await waitForInputFocus(f, "Cancel");
        assert.equal(await chatInput(f).inputValue(), prompt, "the text stays for another try");
        await shots(ui, "first-use-focus-after-cancel");

        await chatInput(f).press("Enter");
        await dialog(ui).waitFor({ state: "visible", timeout: 30_000 });
        assert.ok(await answerDialog(ui.page, "Send"));
        await waitForInputFocus(f, "Send");
        await idle(f, TURN_TIMEOUT);
        await newestMessage(f).locator("figure.media img").first().waitFor({ state: "visible", timeout: TURN_TIMEOUT });
      },
    },
    {
      name: "Stop gives the keyboard back to the input; Escape in the chat stops a running reply as Stop does",
      timeoutMs: 180_000,
      async run(ui) {
        const sim = ui.sim;
        assert.ok(sim, "needs the simulator");
        const f = await openChat(ui);
        await idle(f);
        const stop = f.locator('vscode-button[aria-label^="Stop"]');

        // Stop with the mouse: the button hides when the reply ends, the keyboard goes to the input.
        let before = await runSseRequests(ui);
        await sim.inject({ route: "run_sse", fault: { type: "stall", ms: 600_000 } });
        await send(f, "what mood does the lantern have");
        await stop.waitFor({ state: "visible", timeout: 20_000 });
        await until(async () => (await runSseRequests(ui)).count > before.count, 20_000, "/run_sse at the simulator");
        await stop.click();
        await idle(f, 20_000);
        await f.locator("article.msg-agent.status-cancelled").last().waitFor({ timeout: 10_000 });
        await waitForInputFocus(f, "Stop");
        await until(async () => (await runSseRequests(ui)).aborted > before.aborted, 10_000, "the aborted /run_sse at the simulator");

        // Escape in the chat: the same as Stop, and the request really ends at the simulator.
        before = await runSseRequests(ui);
        const cancelled = await f.locator("article.msg-agent.status-cancelled").count();
        await sim.inject({ route: "run_sse", fault: { type: "stall", ms: 600_000 } });
        await send(f, "describe the lake at night");
        await stop.waitFor({ state: "visible", timeout: 20_000 });
        await until(async () => (await runSseRequests(ui)).count > before.count, 20_000, "/run_sse at the simulator");
        await chatInput(f).press("Escape");
        await idle(f, 20_000);
        await until(async () => (await f.locator("article.msg-agent.status-cancelled").count()) > cancelled, 10_000, "the reply marked stopped");
        await until(async () => (await runSseRequests(ui)).aborted > before.aborted, 10_000, "the aborted /run_sse at the simulator");
        await waitForInputFocus(f, "Escape");
        await shots(ui, "first-use-stopped-with-escape");
      },
    },
    {
      name: "Jump to latest is one compact line that covers nothing, in a 260-px side bar and at 150 % zoom",
      timeoutMs: 240_000,
      async run(ui) {
        const f = await openChat(ui);
        await idle(f);
        // A reply whose image is saved: its "Saved: …png" link and Reveal sit at the end of the list.
        const pngs = outputFiles(ui, ".png").length;
        await send(f, "generate an image of a lantern festival by the river");
        await dialog(ui).waitFor({ state: "visible", timeout: 30_000 });
        assert.ok(await answerDialog(ui.page, "Send"));
        const reply = f.locator("article.msg-agent").last();
        await reply.locator("figure.media img").first().waitFor({ state: "visible", timeout: TURN_TIMEOUT });
        await idle(f, TURN_TIMEOUT);
        await reply.locator('vscode-button[aria-label^="Save "]').first().click();
        const saved = reply.locator("figure.media vscode-link").first();
        const reveal = reply.locator('figure.media vscode-button[aria-label^="Reveal"]').first();
        await saved.waitFor({ state: "visible", timeout: 30_000 });
        await until(() => outputFiles(ui, ".png").length > pngs, 10_000, "the saved image on disk");

        const widthBefore = (await ui.page.locator(".part.sidebar").first().boundingBox())?.width ?? 300;
        // Its height on one line, in the side bar as wide as it is.
        const jumpAtStart = f.locator(".jump-latest");
        await messageList(f).hover();
        await ui.page.mouse.wheel(0, -80);
        await jumpAtStart.waitFor({ state: "visible", timeout: 10_000 });
        const oneLine = (await jumpAtStart.boundingBox())?.height ?? 0;
        assert.ok(oneLine > 0);
        // At 100 %, then truly zoomed to 150 % as Chromium's page zoom does it: the window's CSS
        // viewport shrinks to 1/1.5 and each CSS pixel is drawn as 1.5 device pixels
        // (devicePixelRatio 1.5, so text is laid out with the zoomed fonts' metrics); a side bar
        // 260 px wide on screen is then 173 CSS px.
        const screen = ui.page.viewportSize() ?? (await ui.page.evaluate(() => ({ width: window.innerWidth, height: window.innerHeight })));
        const cdp = await ui.page.context().newCDPSession(ui.page);
        for (const [zoom, label] of [[1, "260px"], [1.5, "260px-150pct-zoom"]] as const) {
          if (zoom !== 1) {
            const css = { width: Math.round(screen.width / zoom), height: Math.round(screen.height / zoom) };
            await cdp.send("Emulation.setDeviceMetricsOverride", { ...css, deviceScaleFactor: zoom, mobile: false });
            await until(
              async () => (await ui.page.evaluate(() => [window.devicePixelRatio, window.innerWidth])).join() === [zoom, css.width].join(),
              10_000,
              `the page zoomed to ${zoom * 100} %`,
            );
            await f.locator("body").evaluate((b) => b.ownerDocument.defaultView?.devicePixelRatio).then((dpr) => assert.equal(dpr, zoom, "the chat's webview is zoomed too"));
          }
          await setSidebarWidth(ui.page, Math.round(260 / zoom));
          const list = messageList(f);
          const jump = f.locator(".jump-latest");
          // At the bottom first, then a person's small scroll up: the saved row stays near the bottom edge.
          if (await jump.isVisible()) await jump.click();
          await jump.waitFor({ state: "hidden", timeout: 10_000 });
          await list.hover();
          await ui.page.mouse.wheel(0, -80);
          await jump.waitFor({ state: "visible", timeout: 10_000 });
          // One line: as tall as it is in the wide side bar (where it is on one line).
          const height = (await jump.boundingBox())?.height ?? 0;
          assert.ok(height <= oneLine + 1, `Jump to latest wraps at ${label}: ${height} px tall, ${oneLine} px on one line`);
          const box = await jump.boundingBox();
          const listBox = await list.boundingBox();
          assert.ok(box && listBox, "no box for Jump to latest or the list");
          // What a person sees of the list is inside its box: the control lies outside it, so it
          // covers no message — in particular not the Saved link and Reveal (where they show).
          assert.ok(!overlaps(box, listBox), `Jump to latest covers the message list at ${label}: ${JSON.stringify({ jump: box, list: listBox })}`);
          for (const [what, el] of [["the Saved link", saved], ["Reveal", reveal]] as const) {
            const b = await el.boundingBox();
            assert.ok(b, `${what} has no box`);
            const shown = clip(b, listBox); // the part inside the list's visible area
            assert.ok(!shown || !overlaps(box, shown), `Jump to latest covers ${what} at ${label}: ${JSON.stringify({ jump: box, [what]: b })}`);
          }
          // Playwright's screenshots re-apply its own device metrics (they would undo the zoom): one at 100 % only.
          if (zoom === 1) await shots(ui, `first-use-jump-to-latest-${label}`);
          else assert.equal(await ui.page.evaluate(() => window.devicePixelRatio), zoom, "still zoomed while checked");
          await jump.click();
          await jump.waitFor({ state: "hidden", timeout: 10_000 });
        }
        await cdp.send("Emulation.clearDeviceMetricsOverride");
        await ui.page.setViewportSize(screen);
        await until(async () => (await ui.page.evaluate(() => window.devicePixelRatio)) === 1, 10_000, "the page back at 100 %");
        await cdp.detach();
        await setSidebarWidth(ui.page, Math.round(widthBefore)); // as the next modules expect it
      },
    },
    {
      name: "what the Command Palette adds to the workspace's timeline is said in the chat, with the image",
      timeoutMs: 240_000,
      async run(ui) {
        const prompt = "a paper lantern floating over a night market";
        const f = await openChat(ui);
        await idle(f);
        const notes = f.locator("article.msg ul.notes li", { hasText: "Added from the Command Palette" });
        const before = await notes.count();
        await clearNotifications(ui.page);
        await runCommand(ui.page, "Image Generation: Generate image from prompt");
        await enterPalettePrompt(ui.page, prompt);
        await dialog(ui).waitFor({ state: "visible", timeout: 30_000 });
        assert.ok(await answerDialog(ui.page, "Generate"));
        // The palette opens the saved image in an editor: back to the chat, as a person would.
        await until(() => outputFiles(ui, ".png").some((f) => f.includes("paper-lantern-floating-over-a-night-market")), TURN_TIMEOUT, "the palette's image on disk");
        // The command's last step is the "Saved to …" notification (after it opened the file, which
        // moves focus): wait for it, or the next palette would be closed by that focus move.
        await ui.page.locator(".notification-toast", { hasText: /Saved to .*paper-lantern-floating-over-a-night-market/ }).first().waitFor({ state: "visible", timeout: TURN_TIMEOUT });
        await openChat(ui);
        await until(async () => (await notes.count()) > before, 30_000, "the chat's line about the palette's image");
        const line = notes.last();
        assert.match(await line.innerText(), /^Added from the Command Palette: a paper lantern floating over a night market$/);
        // The message that holds the line (an inner locator is matched inside each article).
        const message = f.locator("article.msg").filter({ has: f.locator("ul.notes li", { hasText: "Added from the Command Palette" }) }).last();
        await message.locator("figure.media img").first().waitFor({ state: "visible", timeout: 30_000 });
        await clearNotifications(ui.page);
        await runCommand(ui.page, "Image Generation: Focus Chat Input");
        await message.scrollIntoViewIfNeeded();
        await shots(ui, "first-use-palette-announced");
      },
    },
  ],
};
