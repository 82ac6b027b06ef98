// The chat's `export` asks the one export question (core/render/export-question.ts through the
// port the extension backs with rules/confirm.ts): the state is read only to ask, a "no" renders
// nothing, and the keyboard goes back to the chat input either way.
import { strict as assert } from "node:assert";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { silentLogger } from "../../src/core/support";
import { exportQuestion } from "../../src/core/render";
import { route } from "../../src/core/prompt";
import type { SessionState } from "../../src/core/types";
import { ChatController } from "../../src/extension/chat/controller";
import { ChatHistoryStore } from "../../src/extension/chat/history-store";
import { parseRequest, type AnyRequest } from "../../src/shared/protocol";
import { makeTranslator } from "../../src/shared/strings";
import { waitFor } from "../integration/client-helpers";
import { fakeChatPorts, fakeClient } from "./chat-ports-fake";

const STATE: SessionState = {
  draft: { tracks: [{ index: 0, kind: "video", typeCode: 0, segments: [{ index: 0, startMs: 0, endMs: 5000, durationMs: 5000, sourceUrl: "https://cdn.example/a.png", meta: {} }] }], raw: {} },
  generatedMedia: [],
  raw: {},
};

function req(raw: unknown): AnyRequest {
  const r = parseRequest(raw);
  if (!r.ok) throw new Error(r.reason);
  return r.value;
}

describe("chat export: the export question", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "chat-export-q-"));
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  for (const answer of [false, true]) {
    it(answer ? "yes: the question names the timeline, then the export runs" : "no: nothing is rendered, the input gets the keyboard back", async () => {
      const asked: string[] = [];
      let exports = 0;
      let focused = 0;
      const client = fakeClient({
        state: async () => STATE,
        exportVideo: async () => {
          exports++;
          return { filePath: path.join(dir, "out", "x.mp4"), renderId: "r1", bytes: 10 } as never;
        },
      });
      const store = new ChatHistoryStore(path.join(dir, "chat.json"), { logger: silentLogger, schedule: () => () => undefined });
      const ports = fakeChatPorts(dir, {
        confirmExport: async (loadState) => {
          asked.push(exportQuestion(await loadState()).title);
          return answer;
        },
        focusInput: () => void focused++,
      });
      const controller = new ChatController({ client, logger: silentLogger, store, route: (x) => route(x), ports, t: makeTranslator() });
      const r = await controller.handle(req({ type: "request", id: 1, method: "send", params: { text: "export" } }));
      assert.ok(r);
      await waitFor(() => asked.length === 1 && focused > 0, "the question asked and the input focused");
      assert.deepEqual(asked, ["Export the timeline (1 image, 0:05) as a 1080p MP4?"]);
      if (answer) await waitFor(() => exports === 1, "the export ran");
      else {
        await waitFor(() => store.messages().length > 0, "the person's message kept");
        assert.equal(exports, 0, "nothing rendered");
        assert.ok(!store.messages().some((m) => m.card?.type === "export"), "no export card");
      }
    });
  }
});
