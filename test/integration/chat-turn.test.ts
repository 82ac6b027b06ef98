/** runChatTurn against the simulator over real HTTP, with scaled timing and the real clock. */
import assert from "node:assert/strict";
import { runChatTurn } from "../../src/core/chat";
import { NemoError } from "../../src/core/errors";
import type { ChatEvent, ChatResult } from "../../src/core/types";
import { startSimulator, type Simulator } from "../sim/index";
import { XSS_PAYLOADS } from "../sim/turn";
import { waitFor } from "./client-helpers";
import { chatDeps, type ChatDepsHandle } from "./helpers/chat-deps";
import { FakeClock } from "../unit/chat-fakes";

const FAST = {
  stillWorkingEveryMs: 100,
  heartbeatOnlyTimeoutMs: 5_000,
  streamCapMs: 20_000,
  recoveryFirstWaitMs: 50,
  recoveryNextWaitMs: 100,
  recoveryMaxReads: 20,
};

interface Run {
  result: ChatResult;
  events: ChatEvent[];
}

async function chat(h: ChatDepsHandle, message: string, signal?: AbortSignal): Promise<Run> {
  const events: ChatEvent[] = [];
  const result = await runChatTurn(h.deps, message, { signal, onEvent: (e) => events.push(e) });
  return { result, events };
}

const shown = (events: ChatEvent[]): string => events.map((e) => (e.type === "text" ? e.delta : "")).join("");
const sseCount = (sim: Simulator): number => sim.requests.filter((r) => r.route === "run_sse").length;

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof NemoError, String(err));
    return err.code;
  }
  return "resolved";
}

describe("chat turn over HTTP (simulator)", function () {
  this.timeout(30_000);
  let sim: Simulator;
  before(async () => (sim = await startSimulator({ timeScale: 0.01, seed: 7, silentCloseRate: 0, trailingIssueRate: 1 })));
  after(() => sim.close());
  beforeEach(() => sim.reset());

  it("streams partials, does not repeat the final text, drops the trailing issue, turns GUI talk into actions", async () => {
    const h = await chatDeps(sim.url, FAST);
    const { result, events } = await chat(h, "an image of a castle at dawn");
    assert.equal(result.outcome, "completed");
    assert.equal(shown(events), result.text);
    assert.match(result.text, /castle/);
    const first = result.text.slice(0, 30);
    assert.equal(result.text.indexOf(first, 1), -1, "the non-partial repeat was not printed again");
    assert.ok(!/temporary issue/i.test(result.text));
    assert.ok(!/click/i.test(result.text), result.text);
    assert.deepEqual(result.actions, ["export"]);
    assert.ok(events.some((e) => e.type === "tool" && e.name === "generate_image"));
    assert.equal(result.newMedia.length, 1);
    assert.equal(result.newMedia[0].kind, "image");
    const mediaEvents = events.filter((e) => e.type === "media");
    assert.equal(mediaEvents.length, 1, "the image is reported once (mid-stream or at the end)");
    assert.ok(result.changes.some((c) => c.startsWith("Image generated:")), result.changes.join(" | "));
    assert.ok(result.changes.some((c) => c.startsWith("Title added:")), result.changes.join(" | "));
    assert.equal(sseCount(sim), 1);
  });

  it("silent close: reports what changed instead of silence", async () => {
    const h = await chatDeps(sim.url, FAST);
    sim.inject({ route: "run_sse", fault: { type: "silent-close" } });
    const { result, events } = await chat(h, "add a title 'Paradise Found'");
    assert.equal(result.outcome, "silent-close");
    assert.ok(result.changes.length > 0);
    assert.ok(result.changes.some((c) => c.startsWith("Title added:")), result.changes.join(" | "));
    assert.equal(result.text, result.changes.join("\n"));
    assert.ok(events.some((e) => e.type === "changes"));
  });

  it("dropped stream: recovers from the state and never sends the message twice", async () => {
    const h = await chatDeps(sim.url, FAST);
    sim.inject({ route: "run_sse", fault: { type: "drop", afterEvents: 2 } });
    const { result, events } = await chat(h, "an image of a lighthouse");
    assert.equal(result.outcome, "recovered");
    assert.ok(result.changes.some((c) => c.startsWith("Image generated:")), result.changes.join(" | "));
    assert.ok(events.some((e) => e.type === "recovering"));
    assert.equal(sseCount(sim), 1, "exactly one POST /run_sse");
  });

  it("stall: still-working ticks, then a timeout, and the stream is closed", async () => {
    // The turn's clock is driven by the test: the heartbeat arrives first (waited for), then time
    // moves past a still-working tick and the heartbeat-only timeout. No race with real timers.
    const h = await chatDeps(sim.url, { ...FAST, heartbeatOnlyTimeoutMs: 1_000 });
    const clock = new FakeClock();
    sim.inject({ route: "run_sse", fault: { type: "stall", ms: 1_000_000 } });
    const events: ChatEvent[] = [];
    const turn = code(runChatTurn({ ...h.deps, clock }, "an image of a fox", { onEvent: (e) => events.push(e) }));
    await waitFor(() => events.some((e) => e.type === "heartbeat"), "a heartbeat reached the client");
    await clock.advance(100);
    await waitFor(() => events.some((e) => e.type === "still-working"), "a still-working tick");
    await clock.advance(1_000);
    const err = await turn;
    assert.equal(err, "TIMEOUT");
    assert.ok(events.some((e) => e.type === "heartbeat"));
    assert.ok(events.some((e) => e.type === "still-working"));
    assert.equal(sseCount(sim), 1);
    await waitFor(() => sim.requests.find((r) => r.route === "run_sse")?.aborted === true, "the simulator saw the abort");
    assert.equal(sim.requests.find((r) => r.route === "run_sse")?.aborted, true, "the client closed the request");
  });

  it("skips a malformed event and finishes normally", async () => {
    const h = await chatDeps(sim.url, FAST);
    sim.inject({ route: "run_sse", fault: { type: "malformed" } });
    const { result } = await chat(h, "hello, what can you do?");
    assert.equal(result.outcome, "completed");
    assert.ok(result.text.length > 0);
    assert.ok(h.warnings.some((w) => w.includes("malformed")));
  });

  it("in-stream error → STREAM_ERROR", async () => {
    const h = await chatDeps(sim.url, FAST);
    sim.inject({ route: "run_sse", fault: { type: "stream-error", message: "agent crashed" } });
    const err = await runChatTurn(h.deps, "hello", {}).catch((e: unknown) => e);
    assert.ok(err instanceof NemoError);
    assert.equal(err.code, "STREAM_ERROR");
    assert.match(err.userMessage, /agent crashed/);
  });

  it("XSS payloads pass through as text (sanitising is the webview's job)", async () => {
    const h = await chatDeps(sim.url, FAST);
    sim.inject({ route: "run_sse", fault: { type: "xss" } });
    const { result } = await chat(h, "hello");
    assert.ok(XSS_PAYLOADS.some((p) => result.text.includes(p)), result.text);
  });

  it("abort mid-stream → CancelledError, and the request is closed", async () => {
    const h = await chatDeps(sim.url, FAST);
    const ctrl = new AbortController();
    const p = runChatTurn(h.deps, "a video of waves", {
      signal: ctrl.signal,
      onEvent: (e) => {
        if (e.type === "tool") ctrl.abort();
      },
    });
    assert.equal(await code(p), "CANCELLED");
    await waitFor(() => sim.requests.find((r) => r.route === "run_sse")?.aborted === true, "the simulator saw the abort");
    assert.equal(sim.requests.find((r) => r.route === "run_sse")?.aborted, true);
  });
});

/** Each sentence of a text, trimmed (for "shown once each"). */
const sentences = (text: string): string[] => text.split(/(?<=[.!?。！？])\s+/).map((x) => x.trim()).filter(Boolean);

describe("chat turn over HTTP: the simulator in the vendor's API-reference shape (flat events)", function () {
  this.timeout(30_000);
  let sim: Simulator;
  before(async () => (sim = await startSimulator({ timeScale: 0.01, seed: 7, silentCloseRate: 0, trailingIssueRate: 1, shape: "reference" })));
  after(() => sim.close());
  beforeEach(() => sim.reset());

  it("shows the agent's words once each, hides tool calls, counts heartbeats, drops the trailing issue", async () => {
    const h = await chatDeps(sim.url, FAST);
    const { result, events } = await chat(h, "an image of a castle at dawn");
    assert.equal(result.outcome, "completed");
    assert.match(result.text, /castle/);
    assert.equal(shown(events), result.text);
    const said = sentences(result.text);
    assert.equal(new Set(said).size, said.length, `a sentence shown twice: ${result.text}`);
    assert.ok(!/temporary issue/i.test(result.text));
    assert.ok(!/generate_image|tool_call|"type"/.test(result.text), result.text);
    assert.ok(events.some((e) => e.type === "tool" && e.name === "generate_image" && e.phase === "call"));
    assert.ok(events.filter((e) => e.type === "heartbeat").length > 0, "the flat heartbeats reached the turn");
    assert.equal(result.newMedia.length, 1);
    assert.equal(sseCount(sim), 1);
  });

  it("silent close in the flat shape: what changed is the answer", async () => {
    const h = await chatDeps(sim.url, FAST);
    sim.inject({ route: "run_sse", fault: { type: "silent-close" } });
    const { result } = await chat(h, "add a title 'Paradise Found'");
    assert.equal(result.outcome, "silent-close");
    assert.ok(result.changes.some((c) => c.startsWith("Title added:")), result.changes.join(" | "));
    assert.equal(result.text, result.changes.join("\n"));
  });

  it("a flat error event → STREAM_ERROR", async () => {
    const h = await chatDeps(sim.url, FAST);
    sim.inject({ route: "run_sse", fault: { type: "stream-error", message: "agent crashed" } });
    const err = await runChatTurn(h.deps, "hello", {}).catch((e: unknown) => e);
    assert.ok(err instanceof NemoError);
    assert.equal(err.code, "STREAM_ERROR");
    assert.match(err.userMessage, /agent crashed/);
  });
});
