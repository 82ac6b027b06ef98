// The chat history belongs to the person: the simulator forgets its sessions (a service restart,
// `POST /__sim/forget-sessions`) while a chat request runs and while the chat is idle. The history
// stays (the earlier part marked by a divider), the running request gets one sentence and Retry,
// the next message starts a new session, and a reload reads the same history.
import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { inject, requests, seam, sim, simSuite, waitFor } from "./ext-helpers";

interface Msg {
  id: string;
  role: string;
  text: string;
  status: string;
  divider?: string;
  offers: string[];
  replyTo?: string;
  activity?: string;
  error?: { code: string; message: string };
  media: unknown[];
}

const RESTARTED = "The service restarted while this request was running; it may not have finished. Nothing was sent twice.";

const chat = <T>(op: string, extra: Record<string, unknown> = {}): Promise<T> => seam<T>("chat", { op, ...extra });
const messages = (): Promise<Msg[]> => chat<Msg[]>("messages");

/** Until the running request and its follow-ups (a status card the agent's words asked for) are over. */
const idle = (): Promise<void> => waitFor(async () => !(await chat<boolean>("busy")), "the chat is idle");

/** Send like the panel does and wait until the reply to it, and its follow-ups, have ended; returns the reply. */
async function sendAndWait(text: string): Promise<Msg> {
  const before = (await messages()).length;
  const answer = await chat<{ accepted: boolean; reason?: string }>("send", { text });
  assert.ok(answer.accepted, answer.reason);
  let reply: Msg | undefined;
  await waitFor(async () => {
    const all = await messages();
    const user = all.slice(before).find((m) => m.role === "user" && m.text === text);
    reply = all.find((m) => m.role === "agent" && m.replyTo === user?.id);
    return reply !== undefined && reply.status !== "streaming";
  }, `the reply to "${text}"`);
  await idle();
  return reply as Msg;
}

const count = async (route: string): Promise<number> => (await requests()).filter((r) => r.route === route).length;

describe("chat when the service loses the session (simulator)", function () {
  simSuite(this);
  // Paid messages go out without the modal credit question (an earlier suite may have left it on).
  const cfg = () => vscode.workspace.getConfiguration("imageGeneration");
  let confirmBefore: boolean | undefined;
  before(async () => {
    confirmBefore = cfg().inspect<boolean>("confirmPaidActions")?.globalValue;
    await cfg().update("confirmPaidActions", false, vscode.ConfigurationTarget.Global);
  });
  after(async () => {
    await cfg().update("confirmPaidActions", confirmBefore, vscode.ConfigurationTarget.Global);
  });

  it("a running request gets the sentence and Retry; the history stays through the next message and a reload", async () => {
    const first = await sendAndWait("generate an image of a lighthouse at dusk");
    assert.equal(first.status, "done");
    assert.ok(first.media.length >= 1, "the image is in the chat");
    const kept = (await messages()).map((m) => m.id);

    // The next generation: the stream answers once, then only heartbeats (held open), and the service restarts.
    await inject("run_sse", { type: "mute", afterEvents: 1, holdMs: 600_000 });
    const sentBefore = await count("run_sse");
    const createdBefore = await count("create-session");
    const answer = await chat<{ accepted: boolean }>("send", { text: "generate an image of a blue whale" });
    assert.ok(answer.accepted);
    let running: Msg | undefined;
    await waitFor(async () => {
      running = (await messages()).find((m) => m.role === "agent" && m.status === "streaming" && m.text.length > 0);
      return running !== undefined;
    }, "the agent's first words reached the chat");
    const forgot = await sim<{ forgotten: number }>("POST", "forget-sessions");
    assert.ok(forgot.forgotten >= 1);
    await waitFor(async () => (await messages()).find((m) => m.id === running?.id)?.status !== "streaming", "the running reply ended");
    await idle();

    const afterLoss = await messages();
    const lost = afterLoss.find((m) => m.id === running?.id) as Msg;
    assert.equal(lost.status, "failed");
    assert.equal(lost.error?.code, "SESSION_LOST");
    assert.equal(lost.error?.message, RESTARTED);
    assert.ok(lost.offers.includes("retry"), JSON.stringify(lost.offers));
    const divider = afterLoss.findIndex((m) => m.divider === "session-lost");
    assert.ok(divider > afterLoss.indexOf(lost), "the divider comes after the request that ran on the old session");
    assert.ok(afterLoss[divider].text.includes("previous session"), afterLoss[divider].text);
    for (const id of kept) assert.ok(afterLoss.some((m) => m.id === id), `message ${id} is still there`);
    assert.equal(await count("run_sse"), sentBefore + 1, "nothing was sent twice");

    // The next message starts a new session; nothing before it is lost.
    const next = await sendAndWait("what can you do?");
    assert.equal(next.status, "done");
    assert.equal(await count("create-session"), createdBefore + 1, "one new session");
    const afterNext = await messages();
    for (const m of afterLoss) assert.ok(afterNext.some((x) => x.id === m.id), `message ${m.id} is still there after the next message`);

    // Retry sends the lost request again, in the new session.
    const retried = await chat<{ accepted: boolean; reason?: string }>("retry", { messageId: lost.id });
    assert.ok(retried.accepted, retried.reason);
    await waitFor(async () => {
      const all = await messages();
      const last = all.at(-1);
      return last?.role === "agent" && last.status === "done" && last.media.length > 0;
    }, "the retried generation finished with its image");

    // A window reload reads the same history: the divider, the failed reply with its sentence, everything before.
    const reloaded = await chat<Msg[]>("reloadHistory");
    const now = await messages();
    assert.deepEqual(reloaded.map((m) => m.id), now.map((m) => m.id));
    const lostAgain = reloaded.find((m) => m.id === lost.id);
    assert.equal(lostAgain?.error?.message, RESTARTED);
    assert.ok(reloaded.some((m) => m.divider === "session-lost"));
  });

  it("the service restarted while the chat was idle: the next message goes to a new session below a divider", async () => {
    await sendAndWait("hello there");
    const before = await messages();
    await sim("POST", "forget-sessions");
    const reply = await sendAndWait("what can you do?");
    assert.equal(reply.status, "done");
    assert.ok(!reply.error, JSON.stringify(reply.error));
    const all = await messages();
    const user = all.find((m) => m.id === reply.replyTo) as Msg;
    const at = all.indexOf(user);
    assert.equal(all[at - 1]?.divider, "session-lost", "the divider right before the message that started the new session");
    for (const m of before) assert.ok(all.some((x) => x.id === m.id), `message ${m.id} is still there`);
    const notices = await seam<Array<{ kind: string }>>("notices");
    assert.ok(notices.some((n) => n.kind === "session-replaced"));
  });
});
