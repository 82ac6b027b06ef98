import { strict as assert } from "node:assert";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { TurnText } from "../../src/core/chat";
import { silentLogger } from "../../src/core/support";
import { ChatHistoryStore } from "../../src/extension/chat/history-store";
import { applyChatEvent, historyToMarkdown, newMessage, recoveryLine } from "../../src/shared/chat-model";

/** A manual timer: saves run only when the test says so. */
function manualSchedule() {
  const pending: Array<{ fn: () => void; cancelled: boolean }> = [];
  return {
    schedule: (fn: () => void) => {
      const entry = { fn, cancelled: false };
      pending.push(entry);
      return () => {
        entry.cancelled = true;
      };
    },
    live: () => pending.filter((p) => !p.cancelled).length,
    runAll: () => {
      for (const p of pending.splice(0)) if (!p.cancelled) p.fn();
    },
  };
}

describe("chat history store", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "chat-history-"));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it("starts empty without a file and round-trips messages", async () => {
    const file = path.join(dir, "sub", "chat.json");
    const store = new ChatHistoryStore(file, { logger: silentLogger });
    assert.deepEqual(await store.load(), []);
    store.append(newMessage("u1", "user", "generate a city", 10));
    const agent = store.append({ ...newMessage("a1", "agent", "", 11), status: "streaming", replyTo: "u1" });
    applyChatEvent(agent, { type: "text", delta: "Rendering " });
    applyChatEvent(agent, { type: "text", delta: "a neon city." });
    applyChatEvent(agent, { type: "media", media: [{ url: "http://127.0.0.1/a.png", kind: "image", key: "k1" }] });
    store.update("a1", (m) => {
      m.status = "done";
      m.media[0].previewUri = "https://file+.vscode-resource/x.png";
      m.media[0].cachedPath = "/cache/x.png";
    });
    await store.flush();

    const again = new ChatHistoryStore(file, { logger: silentLogger });
    const loaded = await again.load();
    assert.equal(loaded.length, 2);
    assert.equal(loaded[1].text, "Rendering a neon city.");
    assert.equal(loaded[1].replyTo, "u1");
    assert.equal(loaded[1].media[0].cachedPath, "/cache/x.png");
    assert.equal(loaded[1].media[0].previewUri, undefined, "webview URIs are not persisted");
    assert.equal(again.get("u1")?.text, "generate a city");
  });

  it("appends streamed text to a journal instead of rewriting the file, and replays it on load", async () => {
    const timer = manualSchedule();
    const file = path.join(dir, "chat.json");
    const store = new ChatHistoryStore(file, { logger: silentLogger, schedule: timer.schedule });
    await store.load();
    const agent = store.append({ ...newMessage("a1", "agent", "", 1), status: "streaming" });
    timer.runAll();
    await store.flush();
    for (const e of [
      { type: "text" as const, delta: "Here it is. To save it, " },
      { type: "retract" as const, chars: " To save it, ".length },
      { type: "text" as const, delta: " Enjoy." },
    ]) {
      applyChatEvent(agent, e);
      store.streamed("a1", e);
    }
    timer.runAll();
    await store.flush();
    const again = new ChatHistoryStore(file, { logger: silentLogger });
    assert.equal((await again.load())[0].text, "Here it is. Enjoy.");

    // Now without a whole save: the file is unchanged, the journal holds the text.
    const t2 = manualSchedule();
    const s2 = new ChatHistoryStore(file, { logger: silentLogger, schedule: t2.schedule });
    const [m] = await s2.load();
    t2.runAll();
    await s2.flush();
    const e = { type: "text" as const, delta: " More." };
    applyChatEvent(m, e);
    s2.streamed("a1", e);
    const snapshot = await fs.readFile(file, "utf8");
    t2.runAll(); // the journal append only
    await s2["writing"];
    assert.equal(await fs.readFile(file, "utf8"), snapshot, "the whole file is not rewritten for streamed text");
    assert.match(await fs.readFile(s2.journalFile, "utf8"), /More/);
    const s3 = new ChatHistoryStore(file, { logger: silentLogger });
    assert.equal((await s3.load())[0].text, "Here it is. Enjoy. More.");
  });

  it("debounces saves: many changes, one write when the timer fires", async () => {
    const timer = manualSchedule();
    const file = path.join(dir, "chat.json");
    const store = new ChatHistoryStore(file, { logger: silentLogger, schedule: timer.schedule });
    await store.load();
    for (let i = 0; i < 20; i++) store.append(newMessage(`m${i}`, "user", `p${i}`, i));
    assert.equal(timer.live(), 1);
    await assert.rejects(fs.stat(file));
    timer.runAll();
    await store.flush();
    const raw = JSON.parse(await fs.readFile(file, "utf8")) as { messages: unknown[] };
    assert.equal(raw.messages.length, 20);
  });

  it("marks a reply that was running at shutdown as interrupted", async () => {
    const file = path.join(dir, "chat.json");
    const store = new ChatHistoryStore(file, { logger: silentLogger });
    await store.load();
    store.append({ ...newMessage("a1", "agent", "half", 1), status: "streaming", activity: "working: x" });
    await store.flush();
    const loaded = await new ChatHistoryStore(file, { logger: silentLogger }).load();
    assert.equal(loaded[0].status, "cancelled");
    assert.equal(loaded[0].activity, undefined);
    assert.match(loaded[0].notes.join(" "), /Interrupted/);
  });

  it("drops invalid entries, and sets an unreadable file aside", async () => {
    const file = path.join(dir, "chat.json");
    const good = newMessage("ok", "user", "hello", 1);
    await fs.writeFile(file, JSON.stringify({ version: 1, messages: [good, { id: 3 }, { ...good, id: "x", role: "admin" }] }));
    const store = new ChatHistoryStore(file, { logger: silentLogger });
    const loaded = await store.load();
    assert.deepEqual(loaded.map((m) => m.id), ["ok"]);

    await fs.writeFile(file, "{ not json");
    assert.deepEqual(await new ChatHistoryStore(file, { logger: silentLogger }).load(), []);
    await fs.stat(`${file}.bad`);
  });

  it("keeps only the newest maxMessages and clears", async () => {
    const file = path.join(dir, "chat.json");
    const store = new ChatHistoryStore(file, { logger: silentLogger, maxMessages: 3 });
    await store.load();
    for (let i = 0; i < 5; i++) store.append(newMessage(`m${i}`, "user", `p${i}`, i));
    await store.flush();
    assert.deepEqual((await new ChatHistoryStore(file, { logger: silentLogger }).load()).map((m) => m.id), ["m2", "m3", "m4"]);
    store.clear();
    await store.flush();
    assert.deepEqual(await new ChatHistoryStore(file, { logger: silentLogger }).load(), []);
  });

  it("restores 2,000 messages", async () => {
    const file = path.join(dir, "chat.json");
    const store = new ChatHistoryStore(file, { logger: silentLogger });
    await store.load();
    for (let i = 0; i < 2_000; i++) store.append(newMessage(`m${i}`, i % 2 ? "agent" : "user", `message **${i}**`, i));
    await store.flush();
    const loaded = await new ChatHistoryStore(file, { logger: silentLogger }).load();
    assert.equal(loaded.length, 2_000);
    assert.equal(loaded[1999].text, "message **1999**");
  });
});

describe("chat model", () => {
  it("applies stream events to a reply", () => {
    const m = { ...newMessage("a", "agent", "", 0), status: "streaming" as const };
    applyChatEvent(m, { type: "tool", name: "generate_image", phase: "call", label: "Generating an image…" });
    assert.equal(m.activity, "Generating an image…", "the host's words for the tool");
    applyChatEvent(m, { type: "tool", name: "mix_audio", phase: "call" });
    assert.equal(m.activity, "Working: mix audio…", "no words from the host: the readable name");
    applyChatEvent(m, { type: "still-working", elapsedMs: 120_000 });
    assert.equal(m.activity, "Still working… (2 min)");
    applyChatEvent(m, { type: "recovering", attempt: 1, maxAttempts: 5, nextCheckMs: 30_000 });
    assert.equal(m.activity, "Connection dropped — checking the timeline in 30 s (1/5)");
    applyChatEvent(m, { type: "text", delta: "Done." });
    assert.equal(m.activity, undefined);
    applyChatEvent(m, { type: "changes", sentences: ["Title added: 'Paradise Found' (0-3s)"] });
    applyChatEvent(m, { type: "action", action: "export" });
    applyChatEvent(m, { type: "action", action: "export" });
    const media = { url: "u", kind: "image" as const, key: "k" };
    applyChatEvent(m, { type: "media", media: [media] });
    applyChatEvent(m, { type: "media", media: [media] });
    assert.deepEqual(m.notes, ["Title added: 'Paradise Found' (0-3s)"]);
    assert.deepEqual(m.offers, ["export"]);
    assert.equal(m.media.length, 1);
    assert.equal(recoveryLine(2, 5, 60_000), "Connection dropped — checking the timeline in 60 s (2/5)");
  });

  it("exports the history as Markdown", () => {
    const user = { ...newMessage("u", "user", "make a city\nat night", Date.UTC(2026, 0, 1)), attachments: ["a.png"] };
    const agent = { ...newMessage("a", "agent", "Here is **your** city.", Date.UTC(2026, 0, 1, 0, 1)), replyTo: "u" };
    agent.media.push({ media: { url: "http://x/a.png", kind: "image", key: "k", name: "city.png" }, savedPath: "/ws/out/city.png" });
    const card = { ...newMessage("c", "system", "", Date.UTC(2026, 0, 1, 0, 2)), card: { type: "credits" as const, credits: { available: 1, frozen: 2, total: 3 } } };
    const md = historyToMarkdown([user, agent, card], "Chat", new Date(Date.UTC(2026, 0, 2)));
    assert.match(md, /^# Chat/);
    assert.match(md, /## You — 2026-01-01T00:00:00.000Z\n\n> make a city\n> at night/);
    assert.match(md, /Attachments: a\.png/);
    assert.match(md, /Here is \*\*your\*\* city\./);
    assert.match(md, /- city at night: \/ws\/out\/city\.png/, "named by the subject of the prompt answered, not the file id");
    assert.match(md, /available 1, frozen 2, total 3/);
  });

  it("keeps the paragraph break between two model responses in the saved text and the Markdown export", () => {
    const agent = newMessage("a", "agent", "", 1);
    const t = new TurnText((e) => {
      if (e.type === "text" || e.type === "retract") applyChatEvent(agent, e);
    }, "word");
    t.final("I will generate it now.");
    t.boundary(); // the tool call
    t.final("Done.");
    assert.equal(agent.text, "I will generate it now.\n\nDone.");
    assert.match(historyToMarkdown([agent], "Chat", new Date(0)), /I will generate it now\.\n\nDone\./);
  });
});
