// The service restarts and forgets the session while a chat turn runs on it (simulator
// `forgetSessions`: the stream is cut, the session answers 1002): the turn ends with SESSION_LOST
// and the one sentence, never re-sends the message, never reports the new empty session as "what
// changed"; the next message goes to a new session.
import { strict as assert } from "node:assert";
import type { ChatEvent } from "../../src/core/types";
import { startSimulator, type Simulator } from "../sim/index";
import { makeClient, rejection } from "./client-helpers";

describe("client: the service lost the session mid-turn", function () {
  this.timeout(30_000);
  let sim: Simulator;

  beforeEach(async () => {
    sim = await startSimulator({ timeScale: 0.001, initialCredits: 1000, seed: 3 });
  });
  afterEach(async () => {
    await sim.close();
  });

  it("ends with SESSION_LOST after one send; the next message starts a new session", async () => {
    const t = makeClient(sim.url);
    const first = await t.client.ensureSession();
    const events: ChatEvent[] = [];
    const err = await rejection(() =>
      t.client.chat("generate an image of a blue whale", {
        onEvent: (e) => {
          events.push(e);
          if (e.type === "tool" && e.phase === "call") sim.forgetSessions(); // the service restarts mid-generation
        },
      }),
    );
    assert.equal((err as { code?: string }).code, "SESSION_LOST", String(err));
    assert.equal(
      (err as Error & { userMessage: string }).userMessage,
      "The service restarted while this request was running; it may not have finished. Nothing was sent twice.",
    );
    assert.equal(sim.requests.filter((r) => r.route === "run_sse").length, 1, "nothing was sent twice");
    assert.ok(!events.some((e) => e.type === "changes"), "the new, empty session is not reported as what changed");
    assert.equal(t.notices.filter((n) => n.kind === "session-replaced").length, 1);
    const now = await t.client.currentSession();
    assert.ok(now && now.sessionId !== first.sessionId, "a new session for what comes next");

    const next = await t.client.chat("what can you do?");
    assert.equal(next.outcome, "completed");
    const sse = sim.requests.filter((r) => r.route === "run_sse");
    assert.equal(sse.length, 2);
  });
});
