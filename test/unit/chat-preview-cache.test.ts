// The chat's preview cache (global storage "chat-media") is keyed by where the bytes came from —
// session, message and full URL — never by the backend's media id or file name: the simulator
// reuses seeded ids across runs, and a real backend may reuse names across sessions or accounts.
import { strict as assert } from "node:assert";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { DownloadOptions, NemoClientApi } from "../../src/core/api";
import { silentLogger } from "../../src/core/support";
import type { GeneratedMedia, SessionIds } from "../../src/core/types";
import { cacheMedia, previewCacheName, type FlowHost } from "../../src/extension/chat/flows";
import type { ChatDeps } from "../../src/extension/chat/ports";
import { newMessage } from "../../src/shared/chat-model";
import type { ChatMessage } from "../../src/shared/protocol";
import { english } from "../../src/shared/strings";
import { fakeChatPorts } from "./chat-ports-fake";

const NAME = "img_2flmqa5nkq.png";
const whale: GeneratedMedia = { url: `http://127.0.0.1:41001/media/${NAME}`, kind: "image", key: "med_4kq2", name: NAME, title: "a blue whale" };
const robot: GeneratedMedia = { url: `http://127.0.0.1:41002/media/${NAME}`, kind: "image", key: "med_4kq2", name: NAME, title: "a tiny robot watering plants" };

/** A host whose client "downloads" the bytes its URL serves; `session` is the current session. */
function host(dir: string, served: Map<string, string>, session: () => SessionIds | undefined) {
  const messages = new Map<string, ChatMessage>();
  const downloads: string[] = [];
  const client = {
    currentSession: async () => session(),
    downloadMedia: async (m: GeneratedMedia, o: DownloadOptions) => {
      const file = path.join(o.outDir, o.fileName ?? "x.png");
      await fs.writeFile(file, served.get(m.url) ?? "");
      downloads.push(m.url);
      return file;
    },
  } as unknown as NemoClientApi;
  const deps = { client, logger: silentLogger, ports: fakeChatPorts(dir) } as unknown as ChatDeps;
  const h: FlowHost = {
    deps,
    t: english,
    addCard: () => {
      throw new Error("no cards here");
    },
    update: (id, change) => {
      const m = messages.get(id);
      if (m) change(m);
    },
    setCredits: () => undefined,
    attachmentProgress: () => undefined,
  };
  const show = async (id: string, media: GeneratedMedia[]): Promise<ChatMessage> => {
    const m = { ...newMessage(id, "agent", "", 1), media: media.map((x) => ({ media: x })) };
    messages.set(id, m);
    await cacheMedia(h, id, media);
    return m;
  };
  return { show, downloads };
}

async function bytesOf(m: ChatMessage, i = 0): Promise<string> {
  const file = m.media[i].cachedPath;
  assert.ok(file, "a preview was cached");
  return fs.readFile(file, "utf8");
}

describe("chat preview cache: keyed by the bytes' source, never the bare name", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "chat-cache-"));
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  it("two media with the same name and id but different URLs get different files; the second shows its own bytes", async () => {
    const served = new Map([
      [whale.url, "whale bytes"],
      [robot.url, "robot bytes"],
    ]);
    const { show, downloads } = host(dir, served, () => undefined);
    const first = await show("m-run1", [whale]);
    const second = await show("m-run2", [robot]);
    assert.equal(await bytesOf(first), "whale bytes");
    assert.equal(await bytesOf(second), "robot bytes", "never the earlier run's cached image");
    assert.notEqual(first.media[0].cachedPath, second.media[0].cachedPath);
    assert.deepEqual(downloads, [whale.url, robot.url]);
  });

  it("the same name in one reply from two URLs: two files", async () => {
    const served = new Map([
      [whale.url, "whale bytes"],
      [robot.url, "robot bytes"],
    ]);
    const { show } = host(dir, served, () => ({ sessionId: "ses_1", taskId: "t" }));
    const m = await show("m1", [whale, { ...robot, key: "med_other" }]);
    assert.equal(await bytesOf(m, 0), "whale bytes");
    assert.equal(await bytesOf(m, 1), "robot bytes");
  });

  it("a rerun that repeats the same URL (a seeded simulator on a fixed port) still gets its own bytes", async () => {
    const served = new Map([[whale.url, "whale bytes"]]);
    const { show, downloads } = host(dir, served, () => ({ sessionId: "ses_seeded", taskId: "t" }));
    const first = await show("m-run1", [whale]);
    served.set(whale.url, "robot bytes"); // the next run serves other bytes under the same URL
    const second = await show("m-run2", [{ ...whale, title: robot.title }]);
    assert.equal(await bytesOf(first), "whale bytes");
    assert.equal(await bytesOf(second), "robot bytes");
    assert.equal(downloads.length, 2);
  });

  it("the file name hashes session, message and URL; an old name-keyed file is never picked up", async () => {
    const a = previewCacheName(whale, { sessionId: "s1", messageId: "m" });
    assert.match(a, /^[0-9a-f]{32}\.png$/);
    assert.ok(!a.includes("img_"), "no backend name in the cache file name");
    assert.notEqual(a, previewCacheName(robot, { sessionId: "s1", messageId: "m" }), "other URL");
    assert.notEqual(a, previewCacheName(whale, { sessionId: "s2", messageId: "m" }), "other session");
    assert.notEqual(a, previewCacheName(whale, { sessionId: "s1", messageId: "n" }), "other message");
    assert.equal(a, previewCacheName({ ...whale, key: "other", name: "other.png" }, { sessionId: "s1", messageId: "m" }), "id and name play no part");
    assert.equal(previewCacheName({ ...whale, url: "http://h/media/clip", kind: "video" }, { messageId: "m" }).slice(-4), ".mp4");
  });

  it("a preview cached for this message is reused (Download again, re-posts) without downloading twice", async () => {
    const served = new Map([[whale.url, "whale bytes"]]);
    const { show, downloads } = host(dir, served, () => ({ sessionId: "s", taskId: "t" }));
    await show("m1", [whale]);
    const again = await show("m1", [whale]);
    assert.equal(await bytesOf(again), "whale bytes");
    assert.equal(downloads.length, 1);
  });
});
