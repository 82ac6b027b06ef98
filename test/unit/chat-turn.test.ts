import assert from "node:assert/strict";
import { NOTHING_CHANGED, runChatTurn } from "../../src/core/chat";
import { parseState } from "../../src/core/state";
import { EMPTY, final, harness, partial, rejects, sse, start, stateWithTitle, texts, tick, toolCall } from "./chat-fakes";

describe("chat turn", () => {
  it("shows partial pieces word by word as they arrive and never prints the repeat twice", async () => {
    const h = harness([EMPTY]);
    const done = start(h);
    const s = await h.stream();
    s.push(partial("Here is a neon "));
    await tick();
    assert.equal(texts(h.events), "Here is a neon "); // whole words at once, no wait for the sentence
    s.push(partial("city. It glows"));
    await tick();
    assert.equal(texts(h.events), "Here is a neon city. It glows");
    s.push(final("Here is a neon city. It glows at night."));
    s.end();
    const r = await done;
    assert.equal(r.outcome, "completed");
    assert.equal(r.text, "Here is a neon city. It glows at night.");
    assert.equal(texts(h.events), r.text);
    assert.deepEqual(h.opened, ["make a neon city"]);
    assert.equal(h.clock.pending, 0, "no timer left behind");
  });

  it("shows a non-partial text without partials once, and keeps what was shown when the repeat differs", async () => {
    const h = harness([EMPTY]);
    const done = start(h);
    const s = await h.stream();
    s.push(final("First answer."));
    s.push(partial("Second "));
    s.push(final("Something else entirely."));
    s.end();
    const r = await done;
    assert.equal(r.text, "First answer.\n\nSecond ");
  });

  it("does not print a whole-turn repeat at the end either", async () => {
    const h = harness([EMPTY]);
    const done = start(h);
    const s = await h.stream();
    s.push(partial("Making it. "));
    s.push(final("Making it. "));
    s.push(toolCall("generate_image"));
    s.push(partial("Done now."));
    s.push(final("Done now."));
    s.push(final("Making it. Done now."));
    s.end();
    const r = await done;
    assert.equal(r.text, "Making it. \n\nDone now.");
    assert.equal(texts(h.events), r.text);
  });

  it("in sentence mode holds each sentence to its end (the CLI's piped output)", async () => {
    const h = harness([EMPTY]);
    const done = start(h, undefined, "sentence");
    const s = await h.stream();
    s.push(partial("Here is a neon "));
    await tick();
    assert.equal(texts(h.events), "");
    s.push(partial("city. To save it, click"));
    await tick();
    assert.equal(texts(h.events), "Here is a neon city.");
    s.push(partial(" Export. Enjoy"));
    s.end();
    const r = await done;
    assert.equal(r.text, "Here is a neon city. Enjoy");
    assert.ok(!h.events.some((e) => e.type === "retract"), "nothing is ever taken back");
    assert.deepEqual(r.actions, ["export"]);
  });

  it("takes back the shown start of a sentence that turns out to be GUI talk", async () => {
    const h = harness([EMPTY]);
    const done = start(h);
    const s = await h.stream();
    s.push(partial("Here is your city. To save it, "));
    await tick();
    assert.equal(texts(h.events), "Here is your city. To save it, ");
    s.push(partial("click the Export"));
    await tick();
    assert.equal(texts(h.events), "Here is your city. To save it, ", "held from the trigger word on");
    s.push(partial(" button. It glows."));
    await tick();
    assert.equal(texts(h.events), "Here is your city. It glows.");
    const i = h.events.findIndex((e) => e.type === "retract");
    assert.deepEqual(h.events[i], { type: "retract", chars: " To save it, ".length });
    assert.ok(h.events.some((e) => e.type === "action" && e.action === "export"));
    s.end();
    const r = await done;
    assert.equal(r.text, "Here is your city. It glows.");
  });

  it("puts a paragraph break between the texts of separate model responses", async () => {
    const h = harness([EMPTY]);
    const done = start(h);
    const s = await h.stream();
    s.push(sse({ content: { parts: [{ text: "I will generate it now." }] } }));
    s.push(sse({ content: { parts: [{ functionCall: { name: "generate_image" } }] } }));
    s.push(sse({ content: { parts: [{ text: "Done." }] } }));
    s.end();
    const r = await done;
    assert.equal(r.text, "I will generate it now.\n\nDone.");
    assert.equal(texts(h.events), r.text);
  });

  it("reports tool activity by name and hides arguments", async () => {
    const h = harness([EMPTY]);
    const done = start(h);
    const s = await h.stream();
    s.push(toolCall("generate_image"));
    s.push(sse({ content: { role: "user", parts: [{ functionResponse: { name: "generate_image", response: { url: "x" } } }] } }));
    s.push(final("Done."));
    s.end();
    await done;
    const tools = h.events.filter((e) => e.type === "tool");
    assert.deepEqual(tools, [
      { type: "tool", name: "generate_image", phase: "call" },
      { type: "tool", name: "generate_image", phase: "result" },
    ]);
  });

  it("ignores a trailing 'I encountered a temporary issue' after a normal answer", async () => {
    const h = harness([EMPTY]);
    const done = start(h);
    const s = await h.stream();
    s.push(final("Your image is ready."));
    s.push(partial("I encountered a temporary "));
    s.push(partial("issue. Please try again."));
    s.push(final("I encountered a temporary issue. Please try again."));
    s.end();
    const r = await done;
    assert.equal(r.text, "Your image is ready.");
  });

  it("translates GUI talk into actions, once each", async () => {
    const h = harness([EMPTY]);
    const done = start(h);
    const s = await h.stream();
    s.push(final("Your video is ready. Click the Export button to download it. Then click Export again."));
    s.end();
    const r = await done;
    assert.equal(r.text, "Your video is ready.");
    assert.deepEqual(r.actions, ["export"]);
    assert.deepEqual(h.events.filter((e) => e.type === "action"), [{ type: "action", action: "export" }]);
  });

  it("emits still-working while only heartbeats arrive, then times out", async () => {
    const h = harness([EMPTY]);
    const done = start(h);
    const s = await h.stream();
    for (let i = 0; i < 20; i++) {
      s.push(": ping\n\n");
      await h.clock.advance(30_000);
    }
    const still = h.events.filter((e) => e.type === "still-working");
    assert.equal(still.length, 4);
    assert.deepEqual(still.map((e) => (e as { elapsedMs: number }).elapsedMs), [120_000, 240_000, 360_000, 480_000]);
    assert.ok(h.events.some((e) => e.type === "heartbeat"));
    await h.clock.advance(30_000);
    await rejects(done, "TIMEOUT");
    assert.ok(s.returned, "the stream was closed");
    assert.equal(h.clock.pending, 0);
  });

  it("text resets the heartbeat-only timer; the hard cap still applies", async () => {
    const h = harness([EMPTY], { streamCapMs: 900_000 });
    const done = start(h);
    const s = await h.stream();
    for (let i = 0; i < 16; i++) {
      s.push(partial(`step ${i}. `));
      await h.clock.advance(60_000);
    }
    assert.equal(h.events.filter((e) => e.type === "still-working").length, 0);
    const err = await rejects(done, "TIMEOUT");
    assert.match(err.userMessage, /15 minutes/);
  });

  it("silent close: the state changes are the answer", async () => {
    const h = harness([EMPTY, stateWithTitle("Paradise Found")]);
    const done = start(h);
    const s = await h.stream();
    s.push(": ping\n\n");
    s.end();
    const r = await done;
    assert.equal(r.outcome, "silent-close");
    assert.deepEqual(r.changes, ["Title added: 'Paradise Found' (0-3s)"]);
    assert.equal(r.text, "Title added: 'Paradise Found' (0-3s)");
    assert.deepEqual(h.events.filter((e) => e.type === "changes"), [{ type: "changes", sentences: r.changes }]);
  });

  it("silent close with nothing changed still says something", async () => {
    const h = harness([EMPTY]);
    const done = start(h);
    (await h.stream()).end();
    const r = await done;
    assert.equal(r.outcome, "silent-close");
    assert.equal(r.text, "The agent finished without a reply and nothing changed in the timeline.");
    assert.ok(h.events.some((e) => e.type === "notice" && e.message === r.text && e.phrase === NOTHING_CHANGED));
  });

  it("reports new media at the end of a normal turn", async () => {
    const after = parseState({ generated_media: [{ id: "m1", url: "https://cdn.example/neon.png" }] });
    const h = harness([EMPTY, after]);
    const done = start(h);
    const s = await h.stream();
    s.push(final("Here it is."));
    s.end();
    const r = await done;
    assert.deepEqual(r.newMedia.map((m) => m.key), ["m1"]);
    assert.deepEqual(r.changes, ["Image generated"]); // the URL's file name is no name for people
    assert.ok(h.events.some((e) => e.type === "media"));
  });

  it("reports the first stage of a generation as soon as a tool result lands, once", async () => {
    const img = { id: "m1", url: "https://cdn.example/castle.png" };
    const stage1 = parseState({ generated_media: [img] });
    const stage2 = parseState({ generated_media: [img], draft: { t: [{ tt: 7, sg: [{ d: 3000, m: { text: "Castle" } }] }] } });
    const h = harness([EMPTY, stage1, stage2]);
    const done = start(h);
    const s = await h.stream();
    s.push(toolCall("generate_image"));
    s.push(sse({ content: { role: "user", parts: [{ functionResponse: { name: "generate_image", response: {} } }] } }));
    // Wait for the event itself (a few turns of the loop; no timer involved).
    for (let i = 0; i < 1000 && !h.events.some((e) => e.type === "media"); i++) await tick();
    assert.deepEqual(h.events.filter((e) => e.type === "media"), [{ type: "media", media: stage1.generatedMedia }], "seen mid-stream");
    s.push(final("Done."));
    s.end();
    const r = await done;
    assert.deepEqual(r.newMedia.map((m) => m.key), ["m1"]);
    assert.equal(h.events.filter((e) => e.type === "media").length, 1, "not reported twice");
    assert.deepEqual(r.changes, ["Image generated", "Title added: 'Castle' (0-3s)"]);
  });

  it("continues with an empty 'before' when the first state read fails", async () => {
    const h = harness([new Error("boom"), stateWithTitle("X")]);
    const done = start(h);
    (await h.stream()).end();
    const r = await done;
    assert.deepEqual(r.changes, ["Title added: 'X' (0-3s)"]);
    assert.ok(h.warnings.some((w) => w.includes("before the message")));
  });

  it("in-stream error → STREAM_ERROR with the message", async () => {
    const h = harness([EMPTY]);
    const done = start(h);
    const s = await h.stream();
    s.push(partial("Working"));
    s.push(sse({ error: "Model overloaded" }));
    const err = await rejects(done, "STREAM_ERROR");
    assert.match(err.userMessage, /Model overloaded/);
    assert.ok(s.returned);
  });

  it("a listener that throws does not break the turn", async () => {
    const h = harness([EMPTY]);
    const done = runChatTurn(h.deps, "hi", {
      onEvent: () => {
        throw new Error("ui bug");
      },
    });
    const s = await h.stream();
    s.push(final("Hello."));
    s.end();
    assert.equal((await done).text, "Hello.");
  });
});
