// The chat history belongs to the person, not to the backend session: when the service loses the
// session (1002 after a restart) the history stays, marked where the new session begins, and a
// request that was running gets one sentence and Retry. History store marking + ChatController.
import { strict as assert } from "node:assert";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { ChatOptions, NemoClientApi } from "../../src/core/api";
import { SERVICE_RESTARTED, sessionLostError } from "../../src/core/chat";
import { silentLogger } from "../../src/core/support";
import { route } from "../../src/core/prompt";
import { SESSION_REPLACED } from "../../src/core/session";
import type { ChatResult } from "../../src/core/types";
import { JobLedger, JobRunner, MemoryLedgerStorage } from "../../src/core/jobs";
import { ChatController } from "../../src/extension/chat/controller";
import { ChatHistoryStore, INTERRUPTED_NOTE } from "../../src/extension/chat/history-store";
import { historyToMarkdown, newMessage } from "../../src/shared/chat-model";
import { parseHostMessage, parseRequest, type AnyNotify, type AnyRequest, type ChatMessage } from "../../src/shared/protocol";
import { english } from "../../src/shared/strings";
import { waitFor } from "../integration/client-helpers";
import { fakeChatPorts, fakeClient } from "./chat-ports-fake";

const DIVIDER_TEXT = "Earlier messages belong to a previous session that the service no longer has.";
const RESTARTED = "The service restarted while this request was running; it may not have finished. Nothing was sent twice.";

function divider(id: string, at = 100): ChatMessage {
  return { ...newMessage(id, "system", DIVIDER_TEXT, at), divider: "session-lost" };
}

function req(raw: unknown): AnyRequest {
  const r = parseRequest(raw);
  if (!r.ok) throw new Error(r.reason);
  return r.value;
}

describe("chat history: marking a session the service lost", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "chat-lost-"));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it("adds the divider at the end, keeps every earlier message and drops their export offers; it survives a reload", async () => {
    const file = path.join(dir, "chat.json");
    const store = new ChatHistoryStore(file, { logger: silentLogger, schedule: () => () => undefined });
    await store.load();
    store.append(newMessage("u1", "user", "generate a lighthouse", 1));
    store.append({ ...newMessage("a1", "agent", "Here it is.", 2), replyTo: "u1", offers: ["export", "retry"], media: [{ media: { url: "http://x/a.png", kind: "image", key: "k" }, savedPath: "/ws/a.png" }] });
    assert.ok(store.markSessionLost(divider("d1")));
    assert.deepEqual(store.messages().map((m) => m.id), ["u1", "a1", "d1"]);
    assert.deepEqual(store.get("a1")?.offers, ["retry"], "Export would now export the new session's timeline");
    assert.equal(store.get("a1")?.media[0].savedPath, "/ws/a.png", "saved files stay");
    await store.flush();

    const again = new ChatHistoryStore(file, { logger: silentLogger });
    const loaded = await again.load();
    assert.deepEqual(loaded.map((m) => [m.id, m.divider ?? null]), [["u1", null], ["a1", null], ["d1", "session-lost"]]);
    assert.match(historyToMarkdown(loaded, "Chat", new Date(0)), /---\n\n_Earlier messages belong to a previous session that the service no longer has\._/);
  });

  it("goes before the message that starts the new session; never twice in a row, never on an empty chat", async () => {
    const store = new ChatHistoryStore(path.join(dir, "c.json"), { logger: silentLogger, schedule: () => () => undefined });
    await store.load();
    assert.equal(store.markSessionLost(divider("d0")), undefined, "nothing above it: nothing to mark");
    store.append(newMessage("u1", "user", "a", 1));
    store.append(newMessage("a1", "agent", "b", 2));
    store.append(newMessage("u2", "user", "c", 3));
    assert.ok(store.markSessionLost(divider("d1"), "u2"));
    assert.deepEqual(store.messages().map((m) => m.id), ["u1", "a1", "d1", "u2"]);
    assert.equal(store.markSessionLost(divider("d2"), "u2"), undefined, "a second 1002 at the same place adds nothing");
    assert.equal(store.markSessionLost(divider("d3"), "u1"), undefined, "nothing above the first message");
    assert.ok(store.markSessionLost(divider("d4"), "missing-id"), "an unknown id: at the end");
    assert.deepEqual(store.messages().map((m) => m.id), ["u1", "a1", "d1", "u2", "d4"]);
  });
});

describe("chat controller: the service lost the session", () => {
  let dir: string;
  let posted: AnyNotify[];

  function make(client: NemoClientApi, store?: ChatHistoryStore, jobs?: JobRunner) {
    const history = store ?? new ChatHistoryStore(path.join(dir, "chat.json"), { logger: silentLogger, schedule: () => () => undefined });
    const controller = new ChatController({
      client,
      logger: silentLogger,
      store: history,
      route: (text) => route(text),
      jobs,
      ports: fakeChatPorts(dir, {
        post: (m) => {
          const parsed = parseHostMessage(JSON.parse(JSON.stringify(m)));
          assert.ok(parsed.ok, parsed.ok ? "" : parsed.reason);
          if (parsed.value.kind === "notify") posted.push(parsed.value.notify);
        },
      }),
    });
    return { store: history, controller };
  }

  const named = <N extends AnyNotify["name"]>(name: N) => posted.filter((n): n is Extract<AnyNotify, { name: N }> => n.name === name);
  const send = (c: ChatController, text: string, id = 1) => c.handle(req({ type: "request", id, method: "send", params: { text } }));

  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "chat-lost-ctl-"));
    posted = [];
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it("a request running when the service went away: the history stays, the reply gets the one sentence and Retry, which sends again", async () => {
    let calls = 0;
    const ref: { controller?: ChatController } = {};
    const client = fakeClient({
      chat: async (text: string, opts?: ChatOptions): Promise<ChatResult> => {
        calls++;
        if (calls === 2) return { outcome: "completed", text: `again: ${text}`, changes: [], newMedia: [], actions: [] };
        opts?.onEvent?.({ type: "text", delta: "Creating a whale… " });
        opts?.onEvent?.({ type: "recovering", attempt: 1, maxAttempts: 5, nextCheckMs: 30_000 });
        // The recovery read hit 1002: the host hears of the new session, then the turn ends with SESSION_LOST.
        ref.controller?.onSessionChanged("lost");
        opts?.onEvent?.({ type: "notice", message: SESSION_REPLACED.template, phrase: SESSION_REPLACED });
        throw sessionLostError();
      },
    });
    const made = make(client);
    const controller = (ref.controller = made.controller);
    const { store } = made;
    store.append(newMessage("old-u", "user", "hello", 1));
    store.append({ ...newMessage("old-a", "agent", "Hi!", 2), replyTo: "old-u", offers: ["export"] });
    await send(controller, "generate an image of a blue whale");
    await waitFor(() => named("done").length === 1, "the reply ended");
    const msgs = store.messages();
    assert.deepEqual(msgs.map((m) => m.role + (m.divider ? ":divider" : "")), ["user", "agent", "user", "agent", "system:divider"]);
    const reply = msgs[3];
    assert.equal(reply.status, "failed");
    assert.equal(reply.error?.message, RESTARTED);
    assert.equal(reply.error?.code, "SESSION_LOST");
    assert.deepEqual(reply.offers, ["retry"]);
    assert.equal(reply.text, "Creating a whale… ");
    assert.ok(!reply.notes.some((n) => n.includes("expired")), "the divider says it; not again as a note");
    assert.equal(msgs[4].text, DIVIDER_TEXT);
    assert.deepEqual(store.get("old-a")?.offers, []);
    assert.equal(named("history").at(-1)?.payload.messages.length, 5, "the panel got the history with the divider");

    assert.deepEqual(await controller.handle(req({ type: "request", id: 2, method: "retry", params: { messageId: reply.id } })), { accepted: true });
    await waitFor(() => named("done").length === 2, "the retry ended");
    assert.equal(calls, 2);
    const last = store.messages().at(-1);
    assert.equal(last?.text, "again: generate an image of a blue whale");
    assert.equal(store.messages().at(-2)?.role, "user", "the retry's message comes after the divider");
  });

  it("a message sent as the service answered 1002 goes to the new session: the divider goes before it", async () => {
    const ref: { controller?: ChatController } = {};
    const client = fakeClient({
      chat: async (_text: string, opts?: ChatOptions): Promise<ChatResult> => {
        ref.controller?.onSessionChanged("lost"); // 1002 on run_sse itself: replaced before anything was sent
        opts?.onEvent?.({ type: "notice", message: SESSION_REPLACED.template, phrase: SESSION_REPLACED });
        opts?.onEvent?.({ type: "text", delta: "Done." });
        return { outcome: "completed", text: "Done.", changes: [], newMedia: [], actions: [] };
      },
    });
    const made = make(client);
    const controller = (ref.controller = made.controller);
    made.store.append(newMessage("old-u", "user", "hello", 1));
    made.store.append(newMessage("old-a", "agent", "Hi!", 2));
    await send(controller, "add a title that says Hello");
    await waitFor(() => named("done").length === 1, "the reply ended");
    const msgs = made.store.messages();
    assert.deepEqual(msgs.map((m) => (m.divider ? "divider" : m.role)), ["user", "agent", "divider", "user", "agent"]);
    assert.equal(msgs[4].status, "done");
    assert.deepEqual(msgs[4].notes, []);
  });

  it("a reply cut off by a reload whose session is gone: the sentence and Retry, and its job's later end changes nothing", async () => {
    const file = path.join(dir, "chat.json");
    const ledger = new JobLedger(new MemoryLedgerStorage(), { logger: silentLogger });
    const job = await ledger.create({ kind: "generate", surface: "chat", prompt: "generate a fox", state: "working" });
    const first = new ChatHistoryStore(file, { logger: silentLogger });
    await first.load();
    first.append(newMessage("u1", "user", "generate a fox", 1));
    first.append({ ...newMessage("a1", "agent", "Working", 2), status: "streaming", replyTo: "u1", jobId: job.id });
    await first.flush();
    const store = new ChatHistoryStore(file, { logger: silentLogger, schedule: () => () => undefined });
    await store.load(); // the reply is "interrupted" now
    const client = fakeClient({});
    const jobs = new JobRunner({ client, ledger, logger: silentLogger });
    const { controller } = make(client, store, jobs);
    controller.handle(req({ type: "request", id: 1, method: "ready" }));
    await waitFor(() => store.get("a1")?.interrupted === true && named("history").length === 1, "the panel is up");
    // The resumed watch's read hit 1002: the host hears of the new session.
    controller.onSessionChanged("lost");
    const reply = store.get("a1");
    assert.equal(reply?.status, "failed");
    assert.equal(reply?.error?.message, RESTARTED);
    assert.deepEqual(reply?.offers, ["retry"]);
    assert.equal(reply?.interrupted, undefined);
    assert.ok(!reply?.notes.includes(INTERRUPTED_NOTE));
    assert.deepEqual(store.messages().map((m) => m.id).slice(0, 2), ["u1", "a1"]);
    assert.equal(store.messages()[2].divider, "session-lost");
    await ledger.update(job.id, { state: "interrupted" });
    assert.equal(store.get("a1")?.status, "failed", "no longer follows the job");
    assert.equal(store.get("a1")?.error?.message, RESTARTED);
  });

  it("the person's own New Session still starts the chat over", async () => {
    const { store, controller } = make(fakeClient({}));
    store.append(newMessage("u1", "user", "hello", 1));
    controller.onSessionChanged("new");
    assert.equal(store.messages().length, 0);
  });

  it("says it in one sentence, translatable", () => {
    assert.equal(SERVICE_RESTARTED.template, RESTARTED);
    assert.equal(sessionLostError().nextStep, undefined, "Retry is the next step");
    assert.equal(english("sessionLostDivider"), DIVIDER_TEXT);
  });
});
