/**
 * Attribution of a turn's media from its own function responses (core/chat/named-media.ts,
 * turn.ts `turnMedia`), with interleaved turns: two turns on one session whose state reads each
 * hold the other's image too (another process that did not wait, the web app) each keep only the
 * media their own function responses named; a turn whose responses name nothing falls back to the
 * state diff; both event shapes (ADK `functionResponse.response`, flat `tool_result.result`) and
 * both field-name variants of a media entry are read.
 */
import assert from "node:assert/strict";
import { mediaNamedIn } from "../../src/core/chat";
import { turnMedia } from "../../src/core/chat";
import { flatEventToItems } from "../../src/core/chat";
import type { SseItem } from "../../src/core/chat";
import { parseState } from "../../src/core/state";
import { EMPTY, harness, sse, tick } from "./chat-fakes";
import { runChatTurn } from "../../src/core/chat";

const whale = { id: "med_whale", url: "https://cdn.example/img_whale.png", kind: "image", prompt: "a blue whale" };
const cactus = { media_id: "med_cactus", file_url: "https://cdn.example/img_cactus.png", media_type: "image/png", prompt: "a green cactus" };
const both = parseState({ generated_media: [whale, cactus] });

const call = (name: string, id: string): string => sse({ content: { role: "model", parts: [{ functionCall: { id, name, args: {} } }] } });
const response = (name: string, id: string, body: unknown): string => sse({ content: { role: "user", parts: [{ functionResponse: { id, name, response: body } }] } });

describe("chat turn: attribution from the turn's own function responses", () => {
  it("reads the media a response names, in both field-name variants; nothing else counts", () => {
    assert.deepEqual(mediaNamedIn({ status: "success", media: whale }), ["med_whale", "https://cdn.example/img_whale.png"]);
    assert.deepEqual(mediaNamedIn({ status: "success", media: [cactus] }), ["med_cactus", "https://cdn.example/img_cactus.png"]);
    assert.deepEqual(mediaNamedIn({ status: "success", text: "Title added" }), []);
    assert.deepEqual(mediaNamedIn("done"), []);
    assert.deepEqual(mediaNamedIn(null), []);
    const items: SseItem[] = [];
    flatEventToItems({ type: "tool_result", name: "generate_image", result: { media: whale } }, (i) => items.push(i));
    assert.deepEqual(items, [{ kind: "tool", name: "generate_image", phase: "result", media: ["med_whale", "https://cdn.example/img_whale.png"] }]);
  });

  it("interleaved turns: each keeps only the media its own function responses named, though both state reads hold both images", async () => {
    // Turn 1 (the whale) and turn 2 (the cactus) overlap: each reads the state before (empty) and after (both images).
    const h1 = harness([EMPTY, both]);
    const h2 = harness([EMPTY, both]);
    const t1 = runChatTurn(h1.deps, "a photo of a blue whale", { onEvent: (e) => h1.events.push(e) });
    const t2 = runChatTurn(h2.deps, "a photo of a green cactus", { onEvent: (e) => h2.events.push(e) });
    const s1 = await h1.stream();
    const s2 = await h2.stream();
    s1.push(call("generate_image", "c1"));
    s2.push(call("generate_image", "c2"));
    await tick();
    s2.push(response("generate_image", "c2", { status: "success", media: cactus }));
    s1.push(response("generate_image", "c1", { status: "success", media: whale }));
    s2.end();
    s1.end();
    const [r1, r2] = await Promise.all([t1, t2]);
    assert.deepEqual(r1.newMedia.map((m) => m.key), ["med_whale"]);
    assert.deepEqual(r2.newMedia.map((m) => m.key), ["med_cactus"]);
  });

  it("a turn whose responses name no media falls back to the state diff (right while it holds the session)", async () => {
    const h = harness([EMPTY, both]);
    const t = runChatTurn(h.deps, "make two pictures", { onEvent: (e) => h.events.push(e) });
    const s = await h.stream();
    s.push(call("generate_image", "c1"));
    s.push(response("generate_image", "c1", { status: "success" }));
    s.end();
    const r = await t;
    assert.deepEqual(r.newMedia.map((m) => m.key).sort(), ["med_cactus", "med_whale"]);
  });

  it("turnMedia: named media already in the state before are not new; named media missing from the state leave the diff", () => {
    const before = parseState({ generated_media: [whale] });
    assert.deepEqual(turnMedia(before, both, new Set(["med_whale"])).map((m) => m.key), ["med_cactus"], "nothing named is new: the diff");
    assert.deepEqual(turnMedia(EMPTY, both, new Set(["https://cdn.example/img_cactus.png"])).map((m) => m.key), ["med_cactus"], "by URL");
    assert.deepEqual(turnMedia(EMPTY, both, new Set()).length, 2);
  });
});
