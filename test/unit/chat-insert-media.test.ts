// "Insert into editor" on a chat image: the controller saves the image once (reusing a saved
// copy) and hands the path and the prompt the reply answers to the editor port.
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
import { parseRequest, parseResult, type AnyRequest } from "../../src/shared/protocol";
import { waitFor } from "../integration/client-helpers";
import { fakeChatPorts } from "./chat-ports-fake";

const IMAGE: GeneratedMedia = { url: "https://cdn.example/img_1.png", kind: "image", key: "img_1", name: "fox.png" };

function req(raw: unknown): AnyRequest {
  const r = parseRequest(raw);
  if (!r.ok) throw new Error(r.reason);
  return r.value;
}

describe("chat controller: insert media into the editor", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "chat-insert-"));
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  it("saves the image once, then inserts it with the prompt as alt text", async () => {
    const downloads: string[] = [];
    const inserted: Array<[string, string]> = [];
    const client = {
      credits: async () => ({ available: 500, frozen: 0, total: 500 }),
      chat: async (_text: string, opts?: ChatOptions) => {
        opts?.onEvent?.({ type: "media", media: [IMAGE] });
        return { outcome: "completed" as const, text: "Here it is.", changes: [], newMedia: [IMAGE], actions: [] };
      },
      downloadMedia: async (_m: GeneratedMedia, o: DownloadOptions) => {
        const file = path.join(o.outDir, o.fileName ?? `${o.title ?? "x"}.png`);
        await fs.mkdir(o.outDir, { recursive: true });
        await fs.writeFile(file, "png");
        downloads.push(o.outDir);
        return file;
      },
    } as unknown as NemoClientApi;
    const store = new ChatHistoryStore(path.join(dir, "chat.json"), { logger: silentLogger, schedule: () => () => undefined });
    const out = path.join(dir, "out");
    const controller = new ChatController({
      client,
      logger: silentLogger,
      store,
      route: (text) => route(text),
      ports: fakeChatPorts(dir, {
        insertIntoEditor: async (file, alt) => {
          inserted.push([file, alt]);
          return `![${alt}](${path.basename(file)})`;
        },
      }),
    });
    await controller.handle(req({ type: "request", id: 1, method: "send", params: { text: "generate a red fox in snow" } }));
    await waitFor(() => store.messages().some((m) => m.role === "agent" && m.status !== "streaming"), "the finished reply");
    const agent = store.messages().find((m) => m.role === "agent");
    assert.ok(agent && agent.media.length === 1, "the reply holds the image");

    const ask = { type: "request", method: "insertMedia", params: { messageId: agent.id, key: "img_1" } };
    const first = (await controller.handle(req({ ...ask, id: 2 }))) as { path: string; text: string };
    assert.ok(parseResult("insertMedia", first).ok, "the result matches the protocol");
    assert.equal(path.dirname(first.path), out, "saved in the output folder");
    assert.equal(first.text, `![generate a red fox in snow](${path.basename(first.path)})`);
    await controller.handle(req({ ...ask, id: 3 }));
    assert.deepEqual(inserted, [
      [first.path, "generate a red fox in snow"],
      [first.path, "generate a red fox in snow"],
    ]);
    assert.equal(downloads.filter((d) => d === out).length, 1, "saved into the output folder once");
  });
});
