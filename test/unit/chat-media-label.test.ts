// The chat caption of a generated item comes from the host (core/media/media-name.ts through the
// posted message's `label`): the title, the prompt the reply answers, or "Generated clip · 14:05";
// never the backend's file name (`clip_iwajix205n.mp4`).
import { strict as assert } from "node:assert";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { ChatOptions, DownloadOptions, NemoClientApi } from "../../src/core/api";
import { silentLogger } from "../../src/core/support";
import { route } from "../../src/core/prompt";
import type { GeneratedMedia } from "../../src/core/types";
import { ChatController } from "../../src/extension/chat/controller";
import { ChatHistoryStore } from "../../src/extension/chat/history-store";
import { parseHostMessage, parseRequest, type AnyRequest, type ChatMessage } from "../../src/shared/protocol";
import { makeTranslator } from "../../src/shared/strings";
import { waitFor } from "../integration/client-helpers";
import { fakeChatPorts } from "./chat-ports-fake";

const CLIP: GeneratedMedia = { url: "https://cdn.example/media/clip_iwajix205n.mp4", kind: "video", key: "med_q3n5v7b2m4", name: "clip_iwajix205n.mp4" };

function req(raw: unknown): AnyRequest {
  const r = parseRequest(raw);
  if (!r.ok) throw new Error(r.reason);
  return r.value;
}

async function run(dir: string, text: string, media: GeneratedMedia, t = makeTranslator()): Promise<ChatMessage[]> {
  const posted: ChatMessage[] = [];
  const client = {
    credits: async () => ({ available: 500, frozen: 0, total: 500 }),
    chat: async (_text: string, opts?: ChatOptions) => {
      opts?.onEvent?.({ type: "media", media: [media] });
      return { outcome: "completed" as const, text: "Here it is.", changes: [], newMedia: [media], actions: [] };
    },
    downloadMedia: async (_m: GeneratedMedia, o: DownloadOptions) => {
      const file = path.join(o.outDir, o.fileName ?? "x.mp4");
      await fs.mkdir(o.outDir, { recursive: true });
      await fs.writeFile(file, "mp4");
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
  const controller = new ChatController({ client, logger: silentLogger, store, route: (x) => route(x), ports: fakeChatPorts(dir, { post }), t });
  await controller.handle(req({ type: "request", id: 1, method: "send", params: { text } }));
  await waitFor(() => store.messages().some((m) => m.role === "agent" && m.status !== "streaming"), "the finished reply");
  await waitFor(() => posted.some((m) => m.media[0]?.cachedPath), "the cached preview posted");
  return posted.filter((m) => m.role === "agent" && m.media.length > 0);
}

describe("chat controller: the caption of generated media", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "chat-label-"));
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  it("a clip without a title is named by the prompt the reply answers, not clip_….mp4", async () => {
    const posts = await run(dir, "a paper boat on a rainy street", CLIP);
    assert.ok(posts.length > 0);
    for (const m of posts) assert.equal(m.media[0].label, "a paper boat on a rainy street");
  });

  it("the backend's title wins over the prompt", async () => {
    const posts = await run(dir, "a video of a paper boat", { ...CLIP, title: "Paper boat in the rain" });
    assert.equal(posts.at(-1)?.media[0].label, "Paper boat in the rain");
  });

  it("nothing but ids: the host's word for a clip, with the time, in its language", async () => {
    const t = makeTranslator({ generatedClip: "生成的视频片段" });
    const posts = await run(dir, "clip_abc12345.mp4", CLIP, t);
    const label = posts.at(-1)?.media[0].label ?? "";
    assert.match(label, /^生成的视频片段 · \d\d:\d\d$/);
    assert.ok(!label.includes("clip_"));
  });
});
