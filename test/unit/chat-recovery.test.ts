/** Chat turns that end badly: dropped streams (recovery, never a re-send), errors, aborts, timers. */
import assert from "node:assert/strict";
import { defaultTiming } from "../../src/core/api";
import { runChatTurn } from "../../src/core/chat";
import { systemClock } from "../../src/core/support";
import { CancelledError, NemoError } from "../../src/core/errors";
import { EMPTY, final, harness, partial, rejects, socketError, start, stateWithTitle, tick } from "./chat-fakes";

describe("chat turn: drops, errors, aborts", () => {
  it("dropped stream: recovers from the state without sending again", async () => {
    const h = harness([EMPTY, EMPTY, stateWithTitle("Paradise Found")]);
    const done = start(h);
    const s = await h.stream();
    s.push(partial("Adding a title"));
    s.fail(socketError());
    await tick();
    await h.clock.advance(30_000);
    await h.clock.advance(60_000);
    const r = await done;
    assert.equal(r.outcome, "recovered");
    assert.deepEqual(r.changes, ["Title added: 'Paradise Found' (0-3s)"]);
    assert.equal(h.opened.length, 1, "openStream called exactly once");
    assert.deepEqual(
      h.events.filter((e) => e.type === "recovering"),
      [
        { type: "recovering", attempt: 1, maxAttempts: 5, nextCheckMs: 30_000 },
        { type: "recovering", attempt: 2, maxAttempts: 5, nextCheckMs: 60_000 },
      ],
    );
    assert.equal(r.text, "Adding a title");
  });

  it("dropped stream: gives up after recoveryMaxReads unchanged reads", async () => {
    const h = harness([EMPTY], { recoveryMaxReads: 3 });
    const done = start(h);
    (await h.stream()).fail(socketError());
    await h.clock.advance(30_000 + 60_000 * 2);
    const err = await rejects(done, "STREAM_DROPPED");
    assert.equal(err.userMessage, "The connection dropped and the agent's work did not show up.");
    assert.equal(err.nextStep, "Retry sends the message again.");
    assert.equal(h.stateReads, 4); // before + 3 recovery reads
    assert.equal(h.opened.length, 1);
  });

  it("an HTTP error before the stream starts is thrown as is (no recovery)", async () => {
    const h = harness([EMPTY]);
    const credits = new NemoError("OUT_OF_CREDITS", { userMessage: "Out of credits." });
    const deps = { ...h.deps, openStream: async () => Promise.reject(credits) };
    await assert.rejects(runChatTurn(deps, "hi", {}), (e) => e === credits);
    assert.equal(h.stateReads, 1);
  });

  it("a socket error while sending counts as a drop: recovery, not a re-send", async () => {
    const h = harness([EMPTY, stateWithTitle("T")]);
    let sends = 0;
    const deps = {
      ...h.deps,
      openStream: async () => {
        sends++;
        throw socketError();
      },
    };
    const done = runChatTurn(deps, "hi", { onEvent: (e) => h.events.push(e) });
    await tick();
    await h.clock.advance(30_000);
    const r = await done;
    assert.equal(r.outcome, "recovered");
    assert.equal(sends, 1);
  });

  it("abort during the stream → CancelledError and the stream is closed", async () => {
    const h = harness([EMPTY]);
    const ctrl = new AbortController();
    const done = start(h, ctrl.signal);
    const s = await h.stream();
    s.push(partial("Rendering"));
    await tick();
    ctrl.abort();
    await assert.rejects(done, CancelledError);
    assert.ok(s.returned);
    assert.equal(h.clock.pending, 0);
  });

  it("abort during recovery waits → CancelledError", async () => {
    const h = harness([EMPTY]);
    const ctrl = new AbortController();
    const done = start(h, ctrl.signal);
    (await h.stream()).fail(socketError());
    await h.clock.advance(10_000);
    ctrl.abort();
    await assert.rejects(done, CancelledError);
    assert.equal(h.clock.pending, 0);
    assert.equal(h.stateReads, 1);
  });

  it("with the real clock, leaves no timer behind (default 15-minute timings)", async () => {
    const timers = (): number => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
    await tick(); // mocha arms its own test timer once the test function has returned its promise
    const baseline = timers();
    const h = harness([EMPTY]);
    const deps = { ...h.deps, clock: systemClock, timing: defaultTiming };
    const done = runChatTurn(deps, "hi", {});
    const s = await h.stream();
    assert.ok(timers() > baseline, "the watchdog is armed while streaming");
    s.push(final("Hello."));
    s.end();
    assert.equal((await done).text, "Hello.");
    await tick();
    assert.equal(timers(), baseline);
  });
});
