// The chat's Stop on a paid turn (a job on the ledger): before the message reached the agent it
// cancels the job and nothing is charged; after that it ends only the chat's wait, and the reply
// shows what the job's record ends with.
import { strict as assert } from "node:assert";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { ChatOptions } from "../../src/core/api";
import { CancelledError } from "../../src/core/errors";
import { JobLedger, JobRunner, MemoryLedgerStorage } from "../../src/core/jobs";
import { silentLogger } from "../../src/core/support";
import { route } from "../../src/core/prompt";
import type { ChatResult, GeneratedMedia } from "../../src/core/types";
import { ChatController } from "../../src/extension/chat/controller";
import { ChatHistoryStore } from "../../src/extension/chat/history-store";
import { parseRequest, type ChatMessage } from "../../src/shared/protocol";
import { english } from "../../src/shared/strings";
import { waitFor } from "../integration/client-helpers";
import { fakeChatPorts, fakeClient } from "./chat-ports-fake";

function request(method: string, params: Record<string, unknown> = {}) {
  const r = parseRequest({ type: "request", id: 1, method, params });
  if (!r.ok) throw new Error(r.reason);
  return r.value;
}

const boat: GeneratedMedia = { url: "http://127.0.0.1/media/boat.png", key: "boat", kind: "image" };

describe("chat: Stop on a paid turn (a job)", () => {
  let dir: string;
  beforeEach(async () => (dir = await fs.mkdtemp(path.join(os.tmpdir(), "chat-jobs-unit-"))));
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  function setup(chat: (text: string, opts?: ChatOptions) => Promise<ChatResult>) {
    const client = fakeClient({
      chat,
      downloadMedia: async () => {
        throw new Error("no preview here");
      },
    });
    const ledger = new JobLedger(new MemoryLedgerStorage(), { logger: silentLogger });
    const store = new ChatHistoryStore(path.join(dir, "chat.json"), { logger: silentLogger, schedule: () => () => undefined });
    const ctl = new ChatController({ client, logger: silentLogger, store, route: (text) => route(text), ports: fakeChatPorts(dir), jobs: new JobRunner({ client, ledger, logger: silentLogger }) });
    const reply = (): ChatMessage | undefined => [...store.messages()].reverse().find((m) => m.role === "agent");
    return { ledger, store, ctl, reply };
  }

  it("Stop after the message reached the agent ends the wait only: the reply later shows the job's image", async () => {
    let finishTurn: (() => void) | undefined;
    const { ledger, ctl, reply, store } = setup(async (_text, opts) => {
      opts?.onSent?.();
      opts?.onEvent?.({ type: "text", delta: "Making a paper boat… " });
      await new Promise<void>((r) => (finishTurn = r)); // the agent goes on after Stop
      return { outcome: "completed", text: "Here it is.", changes: [], newMedia: [boat], actions: [] };
    });
    await ctl.handle(request("send", { text: "generate an image of a paper boat", attachmentIds: [] }));
    await waitFor(() => finishTurn !== undefined && reply()?.text !== "", "the message reached the agent");
    assert.deepEqual(await ctl.handle(request("cancel")), { cancelled: true });
    await waitFor(() => reply()?.notes.includes(english("stoppedWaiting")) === true, "the reply says the session is watched");
    assert.equal(reply()?.status, "cancelled");
    const jobId = reply()?.jobId as string;
    assert.equal((await ledger.get(jobId))?.detached, true, "the job goes on by itself");
    finishTurn?.();
    await waitFor(() => reply()?.status === "done", "the reply shows the job's end");
    assert.deepEqual(reply()?.media.map((m) => m.media.key), ["boat"]);
    assert.ok(reply()?.notes.includes(english("finishedAfterStop")));
    assert.ok(!reply()?.notes.includes(english("stoppedWaiting")));
    const job = await ledger.get(jobId);
    assert.equal(job?.state, "done");
    assert.equal(job?.surface, "chat");
    assert.deepEqual(job?.media.map((m) => m.key), ["boat"]);
    ctl.dispose();
    await store.flush();
  });

  it("Stop before the message reached the agent cancels the job; nothing was sent", async () => {
    let sent = false;
    let started!: () => void;
    const begun = new Promise<void>((r) => (started = r));
    const { ledger, ctl, reply, store } = setup(async (_text, opts) => {
      started();
      // Waiting for the session (another turn holds it): never sent.
      await new Promise<void>((_, reject) => opts?.signal?.addEventListener("abort", () => reject(new CancelledError()), { once: true }));
      sent = true;
      throw new Error("unreachable");
    });
    await ctl.handle(request("send", { text: "generate an image of a paper boat", attachmentIds: [] }));
    await begun;
    await ctl.handle(request("cancel"));
    await waitFor(() => reply()?.status === "cancelled", "the reply is stopped");
    const jobId = reply()?.jobId as string;
    await waitFor(async () => (await ledger.get(jobId))?.state === "cancelled", "the job is cancelled");
    assert.equal((await ledger.get(jobId))?.sentAt, undefined);
    assert.equal(sent, false);
    assert.ok(!reply()?.notes.includes(english("stoppedWaiting")));
    ctl.dispose();
    await store.flush();
  });
});
