// The chat panel against the simulator speaking the vendor's API reference (issue 21: flat stream
// events `{"type":"text","content":…}`, `tool_call`, `tool_result`, `{"type":"heartbeat"}`): the
// agent's words appear once each, tool calls stay hidden, and a silent close still says what changed.
import * as assert from "node:assert/strict";
import { simCall } from "../harness/sim";
import type { UiContext, UiSuite } from "../harness/ui";
import { waitForWorkbench } from "../harness/workbench";
import { openChat, sendAndWait } from "./support/chat-support";

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
