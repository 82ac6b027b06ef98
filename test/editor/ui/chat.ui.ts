// UI tests of the sidebar chat panel, in code-server with the simulator as the backend.
// Order matters: the first test generates an image, later ones export it and reload the window.
import * as assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { FrameLocator } from "playwright-core";
import type { UiSuite } from "../harness/ui";
import { runCommand, waitForWorkbench } from "../harness/workbench";
import { idle, openChat, send, sendAndWait } from "./support/chat-support";
import { outputFiles, setTheme, until } from "./support/editor-support";

const PROMPT = "generate a photorealistic image of a futuristic city at night";

/** What VS Code does when files are dropped on the webview with Shift held: a drop with a URI list. */
async function dropFiles(f: FrameLocator, paths: string[]): Promise<void> {
  const list = paths.map((p) => `file://${p}`).join("\r\n");
  await f.locator("body").evaluate((body, uriList) => {
    const dt = new DataTransfer();
    dt.setData("text/uri-list", uriList);
    body.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, list);
}

/** A paste of `text` into the (empty) chat input. */
async function pasteText(f: FrameLocator, text: string): Promise<void> {
  await f.locator("vscode-text-area").evaluate((area, value) => {
    const dt = new DataTransfer();
    dt.setData("text/plain", value);
    area.dispatchEvent(new ClipboardEvent("paste", { clipboardData: dt, bubbles: true, cancelable: true }));
  }, text);
}

export const suite: UiSuite = {
  title: "Chat panel",
  tests: [
    {
      name: "streams a generation reply with an inline image and saves it to the workspace",
      timeoutMs: 180_000,
      async run(ui) {
        await waitForWorkbench(ui.page, { activityBarEntry: "Image Generation" });
        const f = await openChat(ui);
        await send(f, PROMPT);
        const reply = f.locator("article.msg-agent").last();
        await reply.locator(".msg-body").waitFor({ state: "visible", timeout: 90_000 });
        const img = reply.locator("figure.media img").first();
        await img.waitFor({ state: "visible", timeout: 90_000 });
        await until(async () => (await img.evaluate((el) => (el as HTMLImageElement).naturalWidth)) > 0, 20_000, "the thumbnail to load");
        await idle(f);
        await img.scrollIntoViewIfNeeded();
        await ui.screenshot("chat-generation");
        // The package ships a codicon font cut to the icons in use (scripts/codicons.cjs): it loads
        // under the webview's CSP and draws every icon on screen. Each icon's character is drawn on a
        // canvas with the codicon font alone: a glyph missing from the font draws nothing (or, where
        // a system font covers the character, the same as a font that does not exist).
        const icons = await f.locator("body").evaluate(async () => {
          await document.fonts.ready;
          const canvas = document.createElement("canvas");
          canvas.width = canvas.height = 24;
          const ctx = canvas.getContext("2d", { willReadFrequently: true });
          if (!ctx) throw new Error("no 2d context");
          // No named inner functions: the test runner's transpiler would wrap them in a helper
          // that does not exist in the page.
          const shown = [...document.querySelectorAll(".codicon")];
          const notDrawn = shown
            .filter((el) => {
              const ch = getComputedStyle(el, "::before").content.replace(/^"|"$/g, "");
              if (ch === "" || ch === "none") return true;
              const [withFont, fallback] = ['16px "codicon"', '16px "no such font"'].map((font) => {
                ctx.clearRect(0, 0, 24, 24);
                ctx.font = font;
                ctx.fillText(ch, 2, 18);
                return ctx.getImageData(0, 0, 24, 24).data;
              });
              return !withFont.some((v) => v > 0) || withFont.join() === fallback.join();
            })
            .map((el) => el.className);
          const faces = [...document.fonts].filter((face) => face.family.replace(/"/g, "") === "codicon").map((face) => face.status);
          return { count: shown.length, notDrawn, faces };
        });
        assert.ok(icons.count >= 8, `icons on screen: ${icons.count}`);
        assert.deepEqual(icons.faces, ["loaded"]);
        assert.deepEqual(icons.notDrawn, []);
        await reply.locator('vscode-button[aria-label^="Save "]').first().click();
        await reply.locator("figure.media vscode-link").first().waitFor({ timeout: 30_000 });
        await until(() => outputFiles(ui, ".png").length + outputFiles(ui, ".jpg").length > 0, 10_000, "the saved image on disk");
      },
    },
    {
      name: "credits shows the three numbers",
      async run(ui) {
        const f = await openChat(ui);
        await sendAndWait(f, "credits");
        const card = f.locator(".card-credits").last();
        await card.waitFor({ timeout: 30_000 });
        for (const field of ["available", "reserved", "total"]) {
          const text = await card.locator(`dd[data-field="${field}"]`).innerText();
          assert.match(text.trim(), /^-?\d+(\.\d+)?$/, `${field}: ${text}`);
        }
      },
    },
    {
      name: "export typed in the chat saves an MP4 into the workspace",
      timeoutMs: 240_000,
      async run(ui) {
        const f = await openChat(ui);
        const before = outputFiles(ui, ".mp4").length;
        await send(f, "export");
        const card = f.locator(".card-export").last();
        await card.waitFor({ timeout: 30_000 });
        await card.locator("vscode-link").waitFor({ timeout: 200_000 });
        await until(() => outputFiles(ui, ".mp4").length > before, 10_000, "the MP4 on disk");
        await idle(f);
      },
    },
    {
      name: "Stop aborts a stalled request at the simulator",
      async run(ui) {
        assert.ok(ui.sim, "needs the simulator");
        const f = await openChat(ui);
        await ui.sim.inject({ route: "run_sse", fault: { type: "stall", ms: 600_000 } });
        await send(f, "make the city brighter");
        await f.locator('vscode-button[aria-label^="Stop"]').waitFor({ state: "visible", timeout: 20_000 });
        // Stop once the request is at the simulator (the event itself, not a pause).
        const sim = ui.sim;
        await until(async () => (await sim.requests()).some((r) => r.path.startsWith("/run_sse")), 20_000, "/run_sse at the simulator");
        await f.locator('vscode-button[aria-label^="Stop"]').click();
        await idle(f, 20_000);
        await f.locator("article.msg-agent.status-cancelled").last().waitFor({ timeout: 10_000 });
        await until(async () => (await sim.requests()).some((r) => r.path.startsWith("/run_sse") && r.aborted === true), 10_000, "an aborted /run_sse at the simulator");
      },
    },
    {
      name: "a silent close shows what changed",
      async run(ui) {
        assert.ok(ui.sim, "needs the simulator");
        const f = await openChat(ui);
        await ui.sim.inject({ route: "run_sse", fault: { type: "silent-close" } });
        await sendAndWait(f, "add a title that says Paradise Found");
        const reply = f.locator("article.msg-agent").last();
        const notes = await reply.locator("ul.notes li").allInnerTexts();
        assert.ok(notes.length > 0, "no change sentences shown");
        const body = (await reply.locator(".msg-body").count()) ? await reply.locator(".msg-body").innerText() : "";
        for (const note of notes) assert.ok(!body.includes(note.trim()), `"${note}" shown twice (reply text and notes)`);
        assert.equal(await reply.locator(".error").count(), 0);
      },
    },
    {
      name: "a dropped stream is recovered by reading the session, never re-sent; Retry sends it once more",
      async run(ui) {
        const sim = ui.sim;
        assert.ok(sim, "needs the simulator");
        const f = await openChat(ui);
        const question = "what mood does the city have at night";
        const sent = async (): Promise<number> => (await sim.requests()).filter((r) => r.path.startsWith("/run_sse")).length;
        const before = await sent();
        await sim.inject({ route: "run_sse", fault: { type: "drop", afterEvents: 1 } });
        await send(f, question);
        const failed = f.locator("article.msg-agent").last();
        const retry = failed.locator('vscode-button[aria-label^="Retry"]');
        await retry.waitFor({ timeout: 60_000 });
        assert.match(await failed.locator(".error").innerText(), /connection dropped/i);
        assert.equal(await sent(), before + 1, "the message was re-sent during recovery");
        await idle(f);
        await retry.click();
        await until(async () => (await sent()) === before + 2, 20_000, "the retried message at the simulator");
        await idle(f, 60_000);
        const reply = f.locator("article.msg-agent").last();
        await reply.locator(".msg-body").waitFor({ timeout: 30_000 });
        assert.equal(await reply.locator(".error").count(), 0);
        assert.equal(await sent(), before + 2, "Retry sent the message exactly once");
      },
    },
    {
      name: "XSS in agent text is shown as text and never runs",
      async run(ui) {
        assert.ok(ui.sim, "needs the simulator");
        const dialogs: string[] = [];
        ui.page.on("dialog", (d) => {
          dialogs.push(d.message());
          void d.dismiss();
        });
        const f = await openChat(ui);
        await ui.sim.inject({ route: "run_sse", fault: { type: "xss" } });
        await sendAndWait(f, "describe the scene");
        const body = f.locator("article.msg-agent").last().locator(".msg-body");
        await body.waitFor({ timeout: 30_000 });
        assert.equal(await body.locator("script, iframe, object, embed, svg, img[onerror], [onload], [onerror]").count(), 0);
        const hrefs = await body.locator("a[href]").evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
        assert.ok(hrefs.every((h) => /^(https?:|mailto:)/i.test(h)), `unsafe href: ${hrefs.join(" ")}`);
        // A script would have run when the message was rendered (awaited above): no dialog came.
        assert.deepEqual(dialogs, []);
      },
    },
    {
      name: "attachments: a dropped file and a pasted link go out as one upload; a wrong type is refused first",
      async run(ui) {
        const sim = ui.sim;
        assert.ok(sim, "needs the simulator");
        const f = await openChat(ui);
        const before = (await sim.uploads()).length;
        const png = join(ui.workspace, "sample.png");
        await dropFiles(f, [png, join(ui.workspace, "README.md")]);
        const link = "https://example.com/clips/beach-sunset.mp4";
        await pasteText(f, link);
        const chips = f.locator(".chips .chip");
        await until(async () => (await chips.count()) === 3, 15_000, "three attachment chips");
        const refused = f.locator(".chip.chip-invalid");
        assert.equal(await refused.count(), 1);
        assert.match(await refused.locator(".chip-reason").innerText(), /not a supported file type/);
        assert.equal(await f.locator(".chip.chip-ready").count(), 2);
        assert.equal(await f.locator("vscode-text-area textarea").inputValue(), "", "the pasted link became a chip, not text");
        const sentBefore = (await sim.requests()).filter((r) => r.path.includes("upload")).length;
        await refused.locator('vscode-button[aria-label="Remove README.md"]').click();
        await until(async () => (await chips.count()) === 2, 10_000, "the refused chip removed");
        assert.equal((await sim.requests()).filter((r) => r.path.includes("upload")).length, sentBefore, "nothing was sent before Send");

        await f.locator('vscode-button[aria-label="Send message (Enter)"]').click();
        const card = f.locator(".card-upload").last();
        await card.waitFor({ timeout: 60_000 });
        await until(async () => (await chips.count()) === 0, 15_000, "the chips cleared after the upload");
        const uploads = (await sim.uploads()).slice(before);
        const sha = createHash("sha256").update(readFileSync(png)).digest("hex");
        assert.ok(uploads.some((u) => u.fileName === "sample.png" && u.sha256 === sha), `sample.png not uploaded whole: ${JSON.stringify(uploads)}`);
        assert.ok(uploads.some((u) => u.url === link), `the link was not uploaded: ${JSON.stringify(uploads)}`);
        assert.ok(!uploads.some((u) => u.fileName === "README.md"), "the refused file was sent");
        await idle(f);
      },
    },
    {
      name: "history survives a window reload; light theme screenshot",
      timeoutMs: 180_000,
      async run(ui) {
        let f = await openChat(ui);
        const count = await f.locator("article.msg").count();
        assert.ok(count >= 4, `only ${count} messages before the reload`);
        // The old workbench is gone once the page has loaded again: wait for that load, not a pause.
        await Promise.all([ui.page.waitForEvent("load", { timeout: 60_000 }), runCommand(ui.page, "Developer: Reload Window")]);
        await waitForWorkbench(ui.page, { activityBarEntry: "Image Generation", timeoutMs: 90_000 });
        f = await openChat(ui);
        await f.locator("article.msg-user", { hasText: PROMPT }).first().waitFor({ timeout: 30_000 });
        // The focus command puts the caret in the input (run here: the reloaded window may show the
        // chat without it, and a focus left over from before is nothing to wait for): Up recalls the last prompt.
        await runCommand(ui.page, "Image Generation: Focus Chat Input");
        const input = f.locator("vscode-text-area textarea");
        await until(async () => (await input.evaluate((el) => document.hasFocus() && el === (el.getRootNode() as ShadowRoot).activeElement)), 30_000, "focus in the chat input after Focus Chat Input");
        await input.press("ArrowUp");
        // The toolkit's text area copies its value into the inner textarea on its next update.
        await until(async () => (await input.inputValue()) !== "", 5_000, "the recalled prompt in the input");
        assert.equal(await input.inputValue(), "describe the scene");
        await input.fill("");
        assert.ok((await f.locator("article.msg").count()) >= count);
        await setTheme(ui, "light");
        await ui.screenshot("chat-history-light");
        await setTheme(ui, "dark");
        await ui.screenshot("chat-history-dark");
        await setTheme(ui, "high-contrast");
        await ui.screenshot("chat-history-high-contrast");
        await setTheme(ui, "light");
      },
    },
  ],
};
