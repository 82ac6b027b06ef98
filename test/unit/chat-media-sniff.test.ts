// The chat labels and shows media by what the bytes are (core/media/media-type.ts, the one sniffing
// rule), not by the declared type or the URL's extension: the host sniffs the cached preview and
// posts the true kind and mime; the webview's media block follows them.
import { strict as assert } from "node:assert";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { JSDOM } from "jsdom";
import type { ChatOptions, DownloadOptions, NemoClientApi } from "../../src/core/api";
import { silentLogger } from "../../src/core/support";
import { route } from "../../src/core/prompt";
import type { GeneratedMedia } from "../../src/core/types";
import { ChatController } from "../../src/extension/chat/controller";
import { ChatHistoryStore } from "../../src/extension/chat/history-store";
import { parseHostMessage, parseRequest, type AnyRequest, type ChatMessage } from "../../src/shared/protocol";
import { makeTranslator } from "../../src/shared/strings";
import { waitFor } from "../integration/client-helpers";
import { WEBP_1X1 } from "../integration/helpers/media-bytes";
import type * as MediaView from "../../webview/view/media";
import { fakeChatPorts } from "./chat-ports-fake";

const MP4_HEAD = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from("ftypisom"), Buffer.alloc(16)]);

function req(raw: unknown): AnyRequest {
  const r = parseRequest(raw);
  if (!r.ok) throw new Error(r.reason);
  return r.value;
}

/** One agent reply carrying `media` whose download holds `bytes`; the last post of that reply with its preview cached. */
async function reply(dir: string, media: GeneratedMedia, bytes: Buffer): Promise<ChatMessage> {
  const posted: ChatMessage[] = [];
  const client = {
    credits: async () => ({ available: 500, frozen: 0, total: 500 }),
    chat: async (_text: string, opts?: ChatOptions) => {
      opts?.onEvent?.({ type: "media", media: [media] });
      return { outcome: "completed" as const, text: "Here it is.", changes: [], newMedia: [media], actions: [] };
    },
    downloadMedia: async (_m: GeneratedMedia, o: DownloadOptions) => {
      const file = path.join(o.outDir, o.fileName ?? "x.bin");
      await fs.mkdir(o.outDir, { recursive: true });
      await fs.writeFile(file, bytes);
      return file;
    },
  } as unknown as NemoClientApi;
  const store = new ChatHistoryStore(path.join(dir, "chat.json"), { logger: silentLogger, schedule: () => () => undefined });
  const post = (raw: object): void => {
    const parsed = parseHostMessage(raw);
    assert.ok(parsed.ok, "every post matches the protocol");
    const n = parsed.value;
    if (n.kind === "notify" && n.notify.name === "message") posted.push(n.notify.payload.message);
  };
  const controller = new ChatController({ client, logger: silentLogger, store, route: (x) => route(x), ports: fakeChatPorts(dir, { post }), t: makeTranslator() });
  await controller.handle(req({ type: "request", id: 1, method: "send", params: { text: "a lantern over the river" } }));
  await waitFor(() => posted.some((m) => m.media[0]?.cachedPath), "the cached preview posted");
  const last = posted.filter((m) => m.media[0]?.cachedPath).at(-1);
  assert.ok(last);
  // Kept with the message, so a reload shows the same.
  assert.deepEqual(store.get(last.id)?.media[0].media.mime, last.media[0].media.mime);
  return last;
}

describe("chat media: labelled by the bytes", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "chat-sniff-"));
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  it("WebP bytes declared as image/png at a .png URL are posted as image/webp", async () => {
    const m = await reply(dir, { url: "https://cdn.example/m/img_1.png", kind: "image", key: "k1", mime: "image/png" }, WEBP_1X1);
    assert.equal(m.media[0].media.mime, "image/webp");
    assert.equal(m.media[0].media.kind, "image");
  });

  it("MP4 bytes at an extensionless URL the backend called an image are a clip: kind video, video/mp4", async () => {
    const m = await reply(dir, { url: "https://cdn.example/m/abc123", kind: "image", key: "k2", mime: "image/png" }, MP4_HEAD);
    assert.equal(m.media[0].media.kind, "video");
    assert.equal(m.media[0].media.mime, "video/mp4");
  });

  it("a URL that names no type (kind unknown) is previewed and labelled from its bytes", async () => {
    const m = await reply(dir, { url: "https://cdn.example/m/abc124", kind: "unknown", key: "k3" }, WEBP_1X1);
    assert.equal(m.media[0].media.kind, "image");
    assert.equal(m.media[0].media.mime, "image/webp");
  });

  it("the webview's media block follows the posted kind: an image gets <img> and Insert, a clip the player", () => {
    const dom = new JSDOM("<!doctype html><html><body></body></html>");
    const g = globalThis as Record<string, unknown>;
    const saved = { document: g.document, HTMLElement: g.HTMLElement };
    g.document = dom.window.document;
    g.HTMLElement = dom.window.HTMLElement;
    try {
      // Loaded once the DOM globals exist (its custom elements extend HTMLElement when defined).
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { mediaBlock } = require("../../webview/view/media") as typeof MediaView;
      const act = { editorOpen: () => true } as unknown as Parameters<typeof mediaBlock>[2];
      const msg = { id: "m1" } as ChatMessage;
      const image = mediaBlock(msg, { media: { url: "https://cdn.example/m/abc124", kind: "image", key: "a", mime: "image/webp" }, previewUri: "https://x.example/p.webp", label: "lantern" }, act);
      assert.equal(image.className, "media media-image");
      assert.ok(image.querySelector("img"));
      assert.ok(image.querySelector(".insert-media"), "Insert into Editor for an image");
      const clip = mediaBlock(msg, { media: { url: "https://cdn.example/m/img_1.png", kind: "video", key: "b", mime: "video/mp4" }, previewUri: "https://x.example/p.mp4", label: "lantern" }, act);
      assert.equal(clip.className, "media media-video");
      assert.equal(clip.querySelector("img"), null, "no <img> for a clip");
      assert.equal(clip.querySelector(".insert-media"), null);
    } finally {
      g.document = saved.document;
      g.HTMLElement = saved.HTMLElement;
      // The webview modules defined their elements against this window: the next test that loads
      // them (webview-elements.test.ts, with its own window) must evaluate them afresh.
      for (const key of Object.keys(require.cache)) if (key.includes(`${path.sep}webview${path.sep}`)) delete require.cache[key];
    }
  });
});
