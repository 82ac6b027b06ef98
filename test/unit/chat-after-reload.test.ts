// A reload in the middle of a generation: the agent kept working and the credits were spent, so the
// reply cut off by the reload gets what the agent made (read from the session, never re-sent).
import { strict as assert } from "node:assert";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { NemoClientApi } from "../../src/core/api";
import { silentLogger } from "../../src/core/logger";
import { route } from "../../src/core/router";
import { mediaMadeSince } from "../../src/core/state";
import type { GeneratedMedia, SessionState } from "../../src/core/types";
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

const media = (key: string, createdAtMs?: number): GeneratedMedia => ({ url: `http://127.0.0.1/media/${key}.png`, kind: "image", key, createdAtMs });

function stateWith(items: GeneratedMedia[]): SessionState {
  return { generatedMedia: items, raw: {} };
}

describe("chat: a reply cut off by a window reload", () => {
  let dir: string;
  beforeEach(async () => (dir = await fs.mkdtemp(path.join(os.tmpdir(), "chat-reload-"))));
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  /** A history whose last reply was still streaming when the window closed, loaded again. */
  async function reloadedStore(): Promise<ChatHistoryStore> {
    const file = path.join(dir, "chat.json");
    const before = new ChatHistoryStore(file, { logger: silentLogger });
    await before.load();
    before.append({ ...newMessage("u1", "user", "a tiny robot watering plants", STARTED - 1_000), media: [] });
    before.append({ ...newMessage("a1", "agent", "Great idea! ", STARTED), status: "streaming", replyTo: "u1" });
    await before.flush();
    const after = new ChatHistoryStore(file, { logger: silentLogger, schedule: () => () => undefined });
    await after.load();
    return after;
  }

  function controller(store: ChatHistoryStore, client: Partial<NemoClientApi>, sent: string[]): ChatController {
    return new ChatController({
      client: fakeClient({
        chat: async (m: string) => {
          sent.push(m);
          throw new Error("never sent again");
        },
        ...client,
      }),
      logger: silentLogger,
      store,
      route: (text) => route(text),
      ports: fakeChatPorts(dir),
      afterReloadWaitsMs: [0, 0],
    });
  }

  it("adds the media the agent made after the reply started, and nothing older or undated; never re-sends", async () => {
    const store = await reloadedStore();
    assert.equal(store.get("a1")?.interrupted, true, "marked as cut off by the closing window");
    const sent: string[] = [];
    const ctl = controller(store, { state: async () => stateWith([media("older", STARTED - 120_000), media("undated"), media("robot", STARTED + 40_000)]) }, sent);
    await ctl.handle(ready());
    await waitFor(() => store.get("a1")?.status === "done", "the reply completed from the session", 10_000);
    const reply = store.get("a1");
    assert.deepEqual(reply?.media.map((m) => m.media.key), ["robot"]);
    assert.ok(reply?.notes.includes(english("finishedAfterReload")));
    assert.ok(!reply?.notes.includes(INTERRUPTED_NOTE));
    assert.equal(reply?.interrupted, undefined);
    assert.deepEqual(sent, [], "nothing sent again");
  });

  it("says where to look when nothing new shows up", async () => {
    const store = await reloadedStore();
    const sent: string[] = [];
    let reads = 0;
    const ctl = controller(store, { state: async () => (reads++, stateWith([media("older", STARTED - 120_000)])) }, sent);
    await ctl.handle(ready());
    await waitFor(() => store.get("a1")?.interrupted === undefined, "the search to end", 10_000);
    assert.equal(reads, 2, "one read per wait");
    assert.equal(store.get("a1")?.status, "cancelled");
    assert.ok(store.get("a1")?.notes.includes(english("interruptedNothingFound")));
    assert.deepEqual(sent, []);
  });

  it("claims only dated media made since the reply started (less a clock skew), not shown already", () => {
    const state = stateWith([media("a", STARTED - 60_000), media("b", STARTED - 10_000), media("c"), media("d", STARTED + 1)]);
    assert.deepEqual(mediaMadeSince(state, STARTED, new Set(["http://127.0.0.1/media/d.png"])).map((m) => m.key), ["b"]);
  });
});
