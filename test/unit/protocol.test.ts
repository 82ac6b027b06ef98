import { strict as assert } from "node:assert";
import {
  makeNotify,
  makeRequest,
  makeResponse,
  parseHostMessage,
  parseRequest,
  parseResult,
} from "../../src/shared/protocol";
import { chatHtml, makeNonce } from "../../src/extension/chat/html";

function message(over: Record<string, unknown> = {}): Record<string, unknown> {
  return { id: "m1", role: "agent", createdAt: 1, text: "hi", status: "done", ...over };
}

describe("chat protocol: webview → host requests", () => {
  it("accepts valid requests and fills defaults", () => {
    const r = parseRequest(makeRequest(1, "send", { text: "generate a city" }));
    assert.ok(r.ok);
    assert.equal(r.value.method, "send");
    if (r.value.method === "send") assert.deepEqual(r.value.params, { text: "generate a city", attachmentIds: [] });
    const ready = parseRequest({ type: "request", id: 0, method: "ready" });
    assert.ok(ready.ok && ready.value.method === "ready");
  });

  it("strips unknown fields", () => {
    const r = parseRequest({ type: "request", id: 2, method: "openLink", params: { url: "https://a.example", evil: true }, extra: 1 });
    assert.ok(r.ok);
    assert.deepEqual(r.value.params, { url: "https://a.example" });
  });

  it("refuses unknown methods, wrong types and broken envelopes", () => {
    const bad: unknown[] = [
      null,
      "send",
      42,
      { type: "request", id: 1, method: "rmrf", params: {} },
      { type: "request", id: 1, method: "__proto__", params: {} },
      { type: "request", id: 1, method: "toString", params: {} },
      { type: "request", id: "1", method: "send", params: { text: "x" } },
      { type: "request", id: -1, method: "send", params: { text: "x" } },
      { type: "request", id: 1.5, method: "send", params: { text: "x" } },
      { type: "notify", id: 1, method: "send", params: { text: "x" } },
      { type: "request", id: 1, method: "send", params: { text: 5 } },
      { type: "request", id: 1, method: "send", params: { text: "x", attachmentIds: "a" } },
      { type: "request", id: 1, method: "send", params: { text: "x".repeat(100_001) } },
      { type: "request", id: 1, method: "saveMedia", params: { messageId: "m" } },
      { type: "request", id: 1, method: "retry", params: { messageId: "" } },
      { type: "request", id: 1, method: "uploadDropped", params: { uris: [1, 2] } },
      { type: "request", id: 1, method: "runAction", params: { action: "format-disk" } },
    ];
    for (const raw of bad) {
      const r = parseRequest(raw);
      assert.equal(r.ok, false, JSON.stringify(raw)?.slice(0, 80));
      if (!r.ok) assert.ok(r.reason.length > 0);
    }
  });
});

describe("chat protocol: host → webview messages", () => {
  it("accepts every notification kind", () => {
    const samples = [
      makeNotify("history", { messages: [message() as never], busy: false }),
      makeNotify("chunk", { messageId: "m1", event: { type: "text", delta: "Rendering " } }),
      makeNotify("chunk", { messageId: "m1", event: { type: "tool", name: "generate_image", phase: "call" } }),
      makeNotify("chunk", { messageId: "m1", event: { type: "recovering", attempt: 1, maxAttempts: 5, nextCheckMs: 30_000 } }),
      makeNotify("chunk", { messageId: "m1", event: { type: "media", media: [{ url: "http://127.0.0.1/a.png", kind: "image", key: "a" }] } }),
      makeNotify("done", { messageId: "m1", status: "cancelled" }),
      makeNotify("error", { error: { code: "STREAM_DROPPED", message: "The connection dropped.", retryable: true } }),
      makeNotify("credits", { credits: { available: 80, frozen: 20, total: 100 } }),
      makeNotify("credits", { credits: null }),
      makeNotify("attachmentProgress", { id: "a1", state: "uploading", sentBytes: 5, totalBytes: 10 }),
      makeNotify("busy", { busy: true }),
      makeNotify("focus", {}),
    ];
    for (const s of samples) {
      const r = parseHostMessage(s);
      assert.ok(r.ok, `${s.name}: ${r.ok ? "" : r.reason}`);
      assert.equal(r.value.kind, "notify");
    }
  });

  it("fills message defaults and strips unknown fields", () => {
    const r = parseHostMessage({ type: "notify", name: "message", payload: { message: { ...message(), extra: "x" } }, more: 1 });
    assert.ok(r.ok && r.value.kind === "notify" && r.value.notify.name === "message");
    const m = r.value.notify.payload.message;
    assert.deepEqual([m.notes, m.media, m.offers, m.attachments], [[], [], [], []]);
    assert.equal("extra" in m, false);
  });

  it("refuses bad notifications", () => {
    const bad: unknown[] = [
      undefined,
      { type: "notify", name: "nope", payload: {} },
      { type: "notify", name: "hasOwnProperty", payload: {} },
      { type: "notify", name: "chunk", payload: { messageId: "m1", event: { type: "text", delta: 3 } } },
      { type: "notify", name: "chunk", payload: { messageId: "m1", event: { type: "explode" } } },
      { type: "notify", name: "chunk", payload: { event: { type: "heartbeat" } } },
      { type: "notify", name: "message", payload: { message: message({ role: "root" }) } },
      { type: "notify", name: "message", payload: { message: message({ status: "weird" }) } },
      { type: "notify", name: "message", payload: { message: message({ card: { type: "credits", credits: { available: "9" } } }) } },
      { type: "notify", name: "credits", payload: { credits: { available: 1 } } },
      { type: "notify", name: "busy", payload: { busy: "yes" } },
      { type: "notify", name: "done", payload: { messageId: "m1", status: "exploded" } },
      { type: "notify", name: "error", payload: { error: { message: "no code" } } },
    ];
    for (const raw of bad) {
      const r = parseHostMessage(raw);
      assert.equal(r.ok, false, JSON.stringify(raw)?.slice(0, 100));
    }
  });

  it("validates responses and their results per method", () => {
    const ok = parseHostMessage(makeResponse(3, { ok: true, result: { opened: true } }));
    assert.ok(ok.ok && ok.value.kind === "response" && ok.value.response.ok);
    const res = parseResult("openLink", ok.value.kind === "response" && ok.value.response.ok ? ok.value.response.result : undefined);
    assert.deepEqual(res, { ok: true, value: { opened: true } });
    assert.equal(parseResult("openLink", { opened: "yes" }).ok, false);
    assert.equal(parseResult("saveMedia", {}).ok, false);
    const failed = parseHostMessage(makeResponse(4, { ok: false, error: { code: "BAD_INPUT", message: "No." } }));
    assert.ok(failed.ok && failed.value.kind === "response" && !failed.value.response.ok);
    assert.equal(parseHostMessage({ type: "response", id: 5, ok: false }).ok, false);
    assert.equal(parseHostMessage({ type: "response", id: "5", ok: true, result: {} }).ok, false);
  });
});

describe("chat webview HTML (CSP)", () => {
  it("has a strict CSP with a fresh nonce on the one script", () => {
    const input = { cspSource: "https://x.vscode-cdn.net", scriptUri: "https://x/main.js", styleUri: "https://x/style.css", codiconUri: "https://x/codicon.css", title: "Chat", lang: "en" };
    const a = chatHtml(input);
    const b = chatHtml(input);
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(a)?.[1] ?? "";
    assert.match(csp, /^default-src 'none'; script-src 'nonce-[A-Za-z0-9+/=]{24}'; style-src https:\/\/x\.vscode-cdn\.net; img-src https:\/\/x\.vscode-cdn\.net data: https:; media-src https:\/\/x\.vscode-cdn\.net https:; font-src https:\/\/x\.vscode-cdn\.net$/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    const nonceA = /nonce-([^']+)'/.exec(a)?.[1];
    const nonceB = /nonce-([^']+)'/.exec(b)?.[1];
    assert.notEqual(nonceA, nonceB);
    assert.equal((a.match(/<script/g) ?? []).length, 1);
    assert.ok(a.includes(`<script nonce="${nonceA}" src="https://x/main.js">`));
    assert.notEqual(makeNonce(), makeNonce());
  });
});
