// The chat's shape picker on the host side: the options it offers (built-in and the person's own
// styles), one cost question for N variations, the shape reaching the core's framing only for a
// message that generates, and the estimate following the picker.
import { strict as assert } from "node:assert";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { ChatOptions } from "../../src/core/api";
import { silentLogger } from "../../src/core/support";
import type { PaidAction } from "../../src/core/prompt";
import { route } from "../../src/core/prompt";
import { ChatController } from "../../src/extension/chat/controller";
import { ChatHistoryStore } from "../../src/extension/chat/history-store";
import { parseRequest, type AnyRequest } from "../../src/shared/protocol";
import { waitFor } from "../integration/client-helpers";
import { fakeChatPorts, fakeClient } from "./chat-ports-fake";

function req(raw: unknown): AnyRequest {
  const r = parseRequest(raw);
  if (!r.ok) throw new Error(r.reason);
  return r.value;
}

describe("chat shape picker (host)", () => {
  let dir: string;
  beforeEach(async () => (dir = await fs.mkdtemp(path.join(os.tmpdir(), "chat-shape-"))));
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  function make(sent: { text: string; opts?: ChatOptions }[], asked: PaidAction[]): ChatController {
    return new ChatController({
      client: fakeClient({
        chat: async (text: string, opts?: ChatOptions) => {
          sent.push({ text, opts });
          return { outcome: "completed", text: "ok", changes: [], newMedia: [], actions: [] };
        },
      }),
      logger: silentLogger,
      store: new ChatHistoryStore(path.join(dir, "chat.json"), { logger: silentLogger, schedule: () => () => undefined }),
      route: (text) => route(text),
      ports: fakeChatPorts(dir, {
        confirmPaid: async (a) => {
          asked.push(a);
          return true;
        },
        customStyles: () => [{ name: "Risograph", prompt: "risograph print, two inks" }],
      }),
    });
  }

  it("offers the eight ratios and the built-in styles plus the person's own", async () => {
    const c = make([], []);
    const o = (await c.handle(req({ type: "request", id: 1, method: "shapeOptions", params: {} }))) as { ratios: string[]; styles: { id: string; label: string }[] };
    assert.deepEqual(o.ratios, ["1:1", "16:9", "9:16", "4:3", "3:4", "3:2", "2:3", "21:9"]);
    assert.equal(o.styles.length, 8);
    assert.deepEqual(o.styles.at(-1), { id: "risograph", label: "Risograph" });
  });

  it("3 variations in 9:16 watercolor: one question for three images, the shape handed to the core", async () => {
    const sent: { text: string; opts?: ChatOptions }[] = [];
    const asked: PaidAction[] = [];
    const c = make(sent, asked);
    const estimate = (await c.handle(req({ type: "request", id: 1, method: "estimate", params: { text: "a harbour at dawn", shape: { ratio: "9:16", style: "watercolor", variations: 3 } } }))) as { cost?: number };
    assert.equal(estimate.cost, 300);
    const r = await c.handle(req({ type: "request", id: 2, method: "send", params: { text: "a harbour at dawn", shape: { ratio: "9:16", style: "watercolor", variations: 3 } } }));
    assert.deepEqual(r, { accepted: true });
    await waitFor(() => sent.length === 1 && !c.busy, "the turn ran", 15_000);
    assert.deepEqual(asked, [{ kind: "image", count: 3 }]);
    assert.equal(sent[0].text, "a harbour at dawn", "the text as typed: the core frames it");
    assert.equal(sent[0].opts?.shape?.ratio, "9:16");
    assert.equal(sent[0].opts?.shape?.style?.id, "watercolor");
    assert.equal(sent[0].opts?.shape?.variations, 3);
  });

  it("an edit or a question goes without the shape; a custom style is honoured", async () => {
    const sent: { text: string; opts?: ChatOptions }[] = [];
    const c = make(sent, []);
    await c.handle(req({ type: "request", id: 1, method: "send", params: { text: "add the title 'Summer'", shape: { ratio: "9:16" } } }));
    await waitFor(() => sent.length === 1 && !c.busy, "the edit ran", 15_000);
    assert.equal(sent[0].opts?.shape, undefined);
    await c.handle(req({ type: "request", id: 2, method: "send", params: { text: "a fox", shape: { style: "risograph" } } }));
    await waitFor(() => sent.length === 2 && !c.busy, "the image ran", 15_000);
    assert.equal(sent[1].opts?.shape?.style?.words, "risograph print, two inks");
  });

  it("the protocol refuses more than 4 variations before the host sees them", () => {
    assert.equal(parseRequest({ type: "request", id: 1, method: "send", params: { text: "a fox", shape: { variations: 9 } } }).ok, false);
  });
});
