// The chat panel against the simulator speaking the vendor's API reference (issue 21: flat stream
// events `{"type":"text","content":…}`, `tool_call`, `tool_result`, `{"type":"heartbeat"}`): the
// agent's words appear once each, tool calls stay hidden, and a silent close still says what changed.
import * as assert from "node:assert/strict";
import type { FrameLocator } from "playwright-core";
import { simCall } from "../harness/sim";
import type { UiContext, UiSuite } from "../harness/ui";
import { runCommand, waitForWorkbench, webviewFrame } from "../harness/workbench";

async function until(cond: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function openChat(ui: UiContext): Promise<FrameLocator> {
  const f = webviewFrame(ui.page);
  if (!(await f.locator(".composer").isVisible().catch(() => false))) {
    // Wait for the command to be listed (the event), not for a number of attempts.
    await until(async () => {
      try {
        await runCommand(ui.page, "Image Generation: Focus Chat Input");
        return true;
      } catch {
        await ui.page.keyboard.press("Escape");
        return false;
      }
    }, 60_000, "the Focus Chat Input command in the palette");
  }
  await f.locator(".composer").waitFor({ state: "visible", timeout: 60_000 });
  return f;
}

/** Send, then wait for the reply (one more message after ours) to finish. */
async function sendAndWait(f: FrameLocator, text: string, timeout = 90_000): Promise<void> {
  const before = await f.locator("article.msg").count();
  const input = f.locator("vscode-text-area textarea");
  await input.fill(text);
  await input.press("Enter");
  await f.locator("article.msg").nth(before + 1).waitFor({ timeout });
  await f.locator("article.status-streaming").first().waitFor({ state: "detached", timeout });
  await f.locator('vscode-button[aria-label="Send message (Enter)"]').waitFor({ state: "visible", timeout });
}

async function setShape(ui: UiContext, shape: "adk" | "reference"): Promise<void> {
  assert.ok(ui.sim, "needs the simulator");
  await simCall(ui.sim.url, "POST", "/__sim/shape", { shape });
}

export const suite: UiSuite = {
  title: "Chat panel, API-reference stream shape",
  tests: [
    {
      name: "shows the agent's words once each and hides tool calls (flat events)",
      timeoutMs: 180_000,
      async run(ui) {
        await setShape(ui, "reference");
        try {
          await waitForWorkbench(ui.page, { activityBarEntry: "Image Generation" });
          const f = await openChat(ui);
          const runs = async (): Promise<number> => (await ui.sim!.requests()).filter((r) => r.path.startsWith("/run_sse")).length;
          const before = await runs();
          await sendAndWait(f, "generate an image of a paper boat on a pond");
          const reply = f.locator("article.msg-agent").last();
          const body = await reply.locator(".msg-body").innerText();
          assert.match(body, /boat/i, `the agent's words: ${body}`);
          const said = body.split(/(?<=[.!?])\s+/).map((s) => s.trim()).filter((s) => s.length > 3);
          assert.equal(new Set(said).size, said.length, `a sentence shown twice: ${body}`);
          assert.doesNotMatch(body, /tool_call|tool_result|"type"/);
          assert.equal(await runs(), before + 1, "the message was sent once");
        } finally {
          await setShape(ui, "adk");
        }
      },
    },
    {
      name: "a silent close of a flat stream shows what changed",
      async run(ui) {
        await setShape(ui, "reference");
        try {
          await simCall(ui.sim!.url, "POST", "/__sim/credits", { available: 1000 }); // an edit costs 50: the first test spent the starter credits
          const f = await openChat(ui);
          await ui.sim!.inject({ route: "run_sse", fault: { type: "silent-close" } });
          await sendAndWait(f, "add a title that says Paradise Found");
          const reply = f.locator("article.msg-agent").last();
          const notes = await reply.locator("ul.notes li").allInnerTexts();
          assert.ok(notes.some((n) => /Title/.test(n)), `change sentences: ${JSON.stringify(notes)}`);
        } finally {
          await setShape(ui, "adk");
        }
      },
    },
  ],
};
