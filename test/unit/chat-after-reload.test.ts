// A reload in the middle of a generation: the agent kept working and the credits were spent, so the
// reply cut off by the reload is settled from its job's ledger record (never re-sent, never guessed
// from the session by time). A reply from before jobs (no job id) gets one sentence instead.
import { strict as assert } from "node:assert";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { JobLedger, JobRunner, MemoryLedgerStorage } from "../../src/core/jobs";
import { silentLogger } from "../../src/core/support";
import { route } from "../../src/core/prompt";
import { ChatController } from "../../src/extension/chat/controller";
import { ChatHistoryStore, INTERRUPTED_NOTE } from "../../src/extension/chat/history-store";
import { newMessage } from "../../src/shared/chat-model";
import { english } from "../../src/shared/strings";
import { waitFor } from "../integration/client-helpers";
import { parseRequest } from "../../src/shared/protocol";
import { fakeChatPorts, fakeClient } from "./chat-ports-fake";

function ready() {
  const r = parseRequest({ type: "request", id: 1, method: "ready", params: {} });
  if (!r.ok) throw new Error(r.reason);
  return r.value;
}

const STARTED = Date.parse("2026-11-30T04:00:00Z");

describe("chat: a reply cut off by a window reload", () => {
  let dir: string;
  beforeEach(async () => (dir = await fs.mkdtemp(path.join(os.tmpdir(), "chat-reload-"))));
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  /** A history whose last reply was still streaming when the window closed, loaded again. */
  async function reloadedStore(jobId?: string): Promise<ChatHistoryStore> {
    const file = path.join(dir, "chat.json");
    const before = new ChatHistoryStore(file, { logger: silentLogger });
    await before.load();
    before.append({ ...newMessage("u1", "user", "a tiny robot watering plants", STARTED - 1_000), media: [] });
    before.append({ ...newMessage("a1", "agent", "Great idea! ", STARTED), status: "streaming", replyTo: "u1", ...(jobId ? { jobId } : {}) });
    await before.flush();
    const after = new ChatHistoryStore(file, { logger: silentLogger, schedule: () => () => undefined });
    await after.load();
    return after;
  }

  function controller(store: ChatHistoryStore, ledger: JobLedger, sent: string[], reads: { n: number }): ChatController {
    const client = fakeClient({
      chat: async (m: string) => {
        sent.push(m);
        throw new Error("never sent again");
      },
      state: async () => {
        reads.n++;
        throw new Error("the session is not read to find what the reply made");
      },
      downloadMedia: async () => {
        throw new Error("no preview in this test");
      },
    });
    return new ChatController({ client, logger: silentLogger, store, route: (text) => route(text), ports: fakeChatPorts(dir), jobs: new JobRunner({ client, ledger, logger: silentLogger }) });
  }

  it("shows exactly the media its job's record ends with, with the note; never re-sends, never reads the session", async () => {
    const ledger = new JobLedger(new MemoryLedgerStorage(), { logger: silentLogger });
    const job = await ledger.create({ kind: "generate", surface: "chat", prompt: "a tiny robot watering plants", state: "working" });
    const other = await ledger.create({ kind: "generate", surface: "mcp", prompt: "a cactus", state: "working" });
    const store = await reloadedStore(job.id);
    assert.equal(store.get("a1")?.interrupted, true, "marked as cut off by the closing window");
    assert.equal(store.get("a1")?.jobId, job.id, "the job id survives the reload");
    const sent: string[] = [];
    const reads = { n: 0 };
    const ctl = controller(store, ledger, sent, reads);
    await ctl.handle(ready());
    // Another caller's job ends first on the same session: its media are not this reply's.
    await ledger.addMedia(other.id, [{ url: "http://127.0.0.1/media/cactus.png", key: "cactus", kind: "image" }]);
    await ledger.update(other.id, { state: "done" });
    assert.equal(store.get("a1")?.interrupted, true, "still waiting for its own job");
    // The resumed watch records the job's media and ends it.
    await ledger.addMedia(job.id, [{ url: "http://127.0.0.1/media/robot.png", key: "robot", kind: "image", mimeType: "image/png" }]);
    await ledger.update(job.id, { state: "done", detached: true, sentAt: STARTED + 10 });
    await waitFor(() => store.get("a1")?.status === "done", "the reply completed from its job", 10_000);
    const reply = store.get("a1");
    assert.deepEqual(reply?.media.map((m) => m.media.key), ["robot"]);
    assert.ok(reply?.notes.includes(english("finishedAfterReload")));
    assert.ok(!reply?.notes.includes(INTERRUPTED_NOTE));
    assert.equal(reply?.interrupted, undefined);
    assert.deepEqual(sent, [], "nothing sent again");
    assert.equal(reads.n, 0, "the session is not read by time");
    ctl.dispose();
  });

  it("a job that already ended (the watch finished before the panel opened) settles at once; one that ran out says nothing arrived", async () => {
    const ledger = new JobLedger(new MemoryLedgerStorage(), { logger: silentLogger });
    const job = await ledger.create({ kind: "generate", surface: "chat", prompt: "x", state: "interrupted" });
    await ledger.update(job.id, { sentAt: STARTED });
    const store = await reloadedStore(job.id);
    const ctl = controller(store, ledger, [], { n: 0 });
    await ctl.handle(ready());
    await waitFor(() => store.get("a1")?.interrupted === undefined, "the reply settled");
    assert.equal(store.get("a1")?.status, "cancelled");
    assert.ok(store.get("a1")?.notes.includes(english("interruptedNothingFound")));
    ctl.dispose();
  });

  it("a history from before jobs (no job id): one clear sentence, no guess from the session", async () => {
    const ledger = new JobLedger(new MemoryLedgerStorage(), { logger: silentLogger });
    const store = await reloadedStore();
    const sent: string[] = [];
    const reads = { n: 0 };
    const ctl = controller(store, ledger, sent, reads);
    await ctl.handle(ready());
    await waitFor(() => store.get("a1")?.interrupted === undefined, "the reply settled");
    assert.equal(store.get("a1")?.status, "cancelled");
    assert.ok(store.get("a1")?.notes.includes(english("interruptedUntracked")));
    assert.equal(reads.n, 0);
    assert.deepEqual(sent, []);
    ctl.dispose();
  });
});
