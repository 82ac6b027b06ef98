import * as assert from "node:assert/strict";
import { CreditsError, NemoError } from "../../src/core/errors";
import { makeClient, rejection, scriptedServer, type Seen } from "../integration/client-helpers";

const SSE_BODY =
  'data: {"author":"nemo_agent","partial":true,"content":{"role":"model","parts":[{"text":"Hello "}]}}\n\n' +
  ": ping\n\n" +
  'data: {"author":"nemo_agent","content":{"role":"model","parts":[{"text":"Hello there."}]},"turnComplete":true}\n\n';

describe("http SSE call (scripted server)", () => {
  let srv: Awaited<ReturnType<typeof scriptedServer>>;
  afterEach(async () => srv?.close());

  const fallback = (req: Seen) => {
    if (req.url.startsWith("/api/state/")) return { body: JSON.stringify({ code: 0, data: { state: {} } }) };
    if (req.url === "/run_sse") return { type: "text/event-stream", body: SSE_BODY };
    return undefined;
  };

  it("posts the snake_case body with the SSE headers and hands the stream to the chat runner", async () => {
    srv = await scriptedServer([], fallback);
    const t = makeClient(srv.url, { env: { NEMO_TOKEN: "nmv_usr_t", NEMO_CLIENT_ID: "cid" } });
    const ids = await t.client.ensureSession();
    const result = await t.client.chat("make it blue");
    assert.equal(result.text, "Hello there.");
    const sse = srv.seen.filter((s) => s.url === "/run_sse");
    assert.equal(sse.length, 1);
    assert.deepEqual(JSON.parse(sse[0].body), {
      app_name: "nemo_agent",
      user_id: "me",
      session_id: ids.sessionId,
      new_message: { parts: [{ text: "make it blue" }] },
    });
    assert.equal(sse[0].headers.accept, "text/event-stream");
    assert.equal(sse[0].headers["content-type"], "application/json");
    assert.equal(sse[0].headers.authorization, "Bearer nmv_usr_t");
    const create = srv.seen.find((s) => s.url === "/api/tasks/me/with-session/nemo_agent");
    assert.deepEqual(JSON.parse(create?.body ?? "{}"), { task_name: "project", language: "en" });
  });

  it("maps an error envelope that arrives instead of a stream, without re-sending", async () => {
    srv = await scriptedServer([(req) => (req.url === "/run_sse" ? { body: '{"code":2001,"message":"no credits"}' } : undefined)], fallback);
    const t = makeClient(srv.url, { env: { NEMO_TOKEN: "nmv_usr_t" } });
    const err = await rejection(() => t.client.chat("generate a video"));
    assert.ok(err instanceof CreditsError && err.code === "OUT_OF_CREDITS");
    assert.equal(err.link, "https://web.example/pricing", "an env token counts as registered");
    assert.equal(srv.seen.filter((s) => s.url === "/run_sse").length, 1);
  });

  it("rejects an unexpected JSON success instead of a stream as BAD_RESPONSE", async () => {
    srv = await scriptedServer([(req) => (req.url === "/run_sse" ? { body: '{"code":0,"data":{}}' } : undefined)], fallback);
    const t = makeClient(srv.url, { env: { NEMO_TOKEN: "nmv_usr_t" } });
    const err = await rejection(() => t.client.chat("hi"));
    assert.ok(err instanceof NemoError && err.code === "BAD_RESPONSE");
  });
});
