/**
 * A chat export with a window reload mid-render (issue 16): the chat's card and the export record
 * are one record. Window 1 starts the export from the chat and is frozen mid-render (the window is
 * gone: nothing more is written); window 2 loads the same chat history and workspace state, resumes
 * the render as activation does (ExportRunner.resume: the record's render id and folder), and the
 * chat's card ends at "done" with the file, named after the timeline (not export-<timestamp>.mp4).
 */
import { strict as assert } from "node:assert";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ExportRecords } from "../../src/core/render";
import { silentLogger } from "../../src/core/support";
import { route } from "../../src/core/prompt";
import { MemoryStore } from "../../src/core/support";
import { ChatController } from "../../src/extension/chat/controller";
import { ChatHistoryStore } from "../../src/extension/chat/history-store";
import { parseRequest } from "../../src/shared/protocol";
import { startSimulator, type Simulator } from "../sim/index";
import { fakeChatPorts } from "../unit/chat-ports-fake";
import { makeClient, waitFor } from "./client-helpers";

function request(method: string, params: Record<string, unknown>) {
  const r = parseRequest({ type: "request", id: 1, method, params });
  if (!r.ok) throw new Error(r.reason);
  return r.value;
}

/** A copy of a memory store (the workspace state as the reloaded window reads it). */
async function snapshot(store: MemoryStore, keys: string[]): Promise<MemoryStore> {
  const copy = new MemoryStore();
  for (const k of keys) {
    const v = await store.get(k);
    if (v !== undefined) await copy.set(k, v);
  }
  return copy;
}

describe("chat export with a window reload mid-render", function () {
  this.timeout(60_000);
  let sim: Simulator;
  let dir: string;
  before(async () => {
    sim = await startSimulator({ timeScale: 0.01, seed: 5, silentCloseRate: 0, trailingIssueRate: 0, initialCredits: 1000 });
  });
  after(async () => sim?.close());
  beforeEach(async () => (dir = await fs.mkdtemp(path.join(os.tmpdir(), "chat-export-reload-"))));
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  it("the chat card ends at done with the file and the timeline's name", async () => {
    // Window 1: an image with a title on the timeline, then "export" in the chat. Its polls are
    // 10 minutes apart after the first, so it stays mid-render: it stands for the window that closed.
    const ws1 = new MemoryStore();
    const t1 = makeClient(sim.url, { workspaceStore: ws1, timing: { renderFirstPollMs: 20, renderPollMs: 600_000 } });
    const records1 = new ExportRecords(ws1);
    const w1 = makeClient(sim.url, { workspaceStore: ws1, globalStore: t1.globalStore, secrets: t1.secrets, exportRecords: records1, timing: { renderFirstPollMs: 20, renderPollMs: 600_000 } });
    await w1.client.chat("generate an image of a night market with lanterns, title 'Night Market'");
    const historyFile = path.join(dir, "chat.json");
    const store1 = new ChatHistoryStore(historyFile, { logger: silentLogger });
    await store1.load();
    const ctl1 = new ChatController({ client: w1.client, logger: silentLogger, store: store1, route: (text) => route(text), ports: fakeChatPorts(dir), exports: records1 });
    await ctl1.handle(request("ready", {}));
    await ctl1.handle(request("send", { text: "export", attachmentIds: [] }));
    const exportCard = (store: ChatHistoryStore) => {
      const card = store.messages().find((m) => m.card?.type === "export")?.card;
      return card?.type === "export" ? card : undefined;
    };
    const card1 = () => exportCard(store1);
    await waitFor(() => card1()?.stage === "rendering", "window 1 rendering", 30_000);
    await waitFor(async () => (await records1.list())[0]?.fileName !== undefined && (await records1.list())[0]?.state === "rendering", "the record has the name and the stage", 30_000);
    await store1.flush();
    const decided = (await records1.list())[0].fileName as string;
    assert.doesNotMatch(decided, /^export-/, "named after the timeline's title");

    // The window reloads: window 2 reads what window 1 left (history file, workspace state).
    const ws2 = await snapshot(ws1, ["nemo.session", "nemo.jobs"]);
    const records2 = new ExportRecords(ws2);
    const w2 = makeClient(sim.url, { workspaceStore: ws2, globalStore: t1.globalStore, secrets: t1.secrets, exportRecords: records2 });
    const store2 = new ChatHistoryStore(historyFile, { logger: silentLogger });
    await store2.load();
    const ctl2 = new ChatController({ client: w2.client, logger: silentLogger, store: store2, route: (text) => route(text), ports: fakeChatPorts(dir), exports: records2 });
    await ctl2.handle(request("ready", {}));
    const card2 = () => exportCard(store2);
    assert.equal(card2()?.stage, "rendering", "the card as the window left it");

    // Activation resumes the pending export (ExportRunner.resume: the record's render id and folder).
    const pending = await records2.pending();
    assert.ok(pending?.renderId);
    const result = await w2.client.resumeExport(pending.renderId, { outDir: pending.outDir, source: "resume" });
    assert.equal(path.basename(result.filePath), decided, "the resumed file keeps its name");
    await waitFor(() => card2()?.stage === "done", "the chat card follows the record to done", 10_000);
    const done = card2();
    assert.equal(done?.filePath, result.filePath);
    assert.equal((await fs.stat(result.filePath)).size > 0, true);

    ctl1.dispose();
    ctl2.dispose();
    ctl1.cancel(); // window 1 is gone; end its sleeping poll
  });
});
