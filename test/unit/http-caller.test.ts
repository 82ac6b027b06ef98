import * as assert from "node:assert/strict";
import { defaultTiming } from "../../src/core/api";
import { AuthManager } from "../../src/core/session";
import { CancelledError, NemoError } from "../../src/core/errors";
import { ApiCaller } from "../../src/core/http";
import { redactingLogger } from "../../src/core/support";
import { SessionManager } from "../../src/core/session";
import { MemoryStore } from "../../src/core/support";
import type { Notice } from "../../src/core/types";
import { CapturingLogger, RecordingClock, rejection, scriptedServer, waitFor } from "../integration/client-helpers";

function build(url: string, env: Record<string, string | undefined> = {}) {
  const clock = new RecordingClock();
  const capture = new CapturingLogger();
  const logger = redactingLogger(capture);
  const notices: Notice[] = [];
  const secrets = new MemoryStore();
  const globalStore = new MemoryStore();
  const workspace = new MemoryStore();
  const timing = { ...defaultTiming, rateLimitWaitMs: 10 };
  const notify = (n: Notice): void => void notices.push(n);
  // eslint-disable-next-line prefer-const
  let caller: ApiCaller;
  const auth = new AuthManager({
    env,
    secrets,
    globalStore,
    webUrl: "https://web.example",
    logger,
    notify,
    requestAnonymous: (signal) => caller.json({ route: "anonymous-token", anonymous: true, signal, build: () => ({ method: "POST", path: "/api/auth/anonymous-token" }) }),
  });
  const sessions = new SessionManager({
    store: workspace,
    logger,
    notify,
    requestCreate: (signal) => caller.json({ route: "create-session", signal, build: () => ({ method: "POST", path: "/api/tasks/me/with-session/nemo_agent", json: { task_name: "project", language: "en" } }) }),
  });
  caller = new ApiCaller({ apiUrl: url, platform: "test", version: "9.9.9", skillSource: "image-generation-generator", clock, logger, timing, auth, sessions: () => sessions, notify });
  return { caller, clock, capture, notices, secrets, globalStore, sessions };
}

describe("http caller", () => {
  let srv: Awaited<ReturnType<typeof scriptedServer>>;
  afterEach(async () => srv?.close());

  it("sends the attribution headers, and no Authorization on the anonymous-token call", async () => {
    srv = await scriptedServer([]);
    const { caller } = build(srv.url, { NEMO_CLIENT_ID: "cid-1" });
    await caller.json({ route: "credits", build: () => ({ method: "GET", path: "/api/credits/balance/simple" }) });
    assert.equal(srv.seen.length, 2);
    const [anon, credits] = srv.seen;
    assert.equal(anon.url, "/api/auth/anonymous-token");
    assert.equal(anon.headers.authorization, undefined);
    assert.equal(anon.headers["x-client-id"], "cid-1");
    assert.equal(credits.headers.authorization, "Bearer nmv_usr_secret1");
    for (const s of srv.seen) {
      assert.equal(s.headers["x-skill-source"], "image-generation-generator");
      assert.equal(s.headers["x-skill-version"], "9.9.9");
      assert.equal(s.headers["x-skill-platform"], "test");
      assert.equal(s.headers["x-client-id"], "cid-1");
    }
  });

  it("turns a non-JSON body into BAD_RESPONSE with a clear sentence", async () => {
    srv = await scriptedServer([() => ({ type: "text/html", body: "<html>proxy login</html>" })]);
    const { caller } = build(srv.url, { NEMO_TOKEN: "nmv_usr_envtoken" });
    const err = await rejection(() => caller.json({ route: "credits", build: () => ({ method: "GET", path: "/x" }) }));
    assert.ok(err instanceof NemoError);
    assert.equal(err.code, "BAD_RESPONSE");
    assert.match(err.userMessage, /could not read \(expected JSON, got text\/html\)/);
  });

  it("maps a 502 with an HTML body to a ServerError", async () => {
    srv = await scriptedServer([() => ({ status: 502, type: "text/html", body: "<h1>Bad gateway</h1>" })]);
    const { caller } = build(srv.url, { NEMO_TOKEN: "nmv_usr_envtoken" });
    const err = await rejection(() => caller.json({ route: "x", build: () => ({ method: "GET", path: "/x" }) }));
    assert.ok(err instanceof NemoError && err.code === "SERVER" && /HTTP 502/.test(err.userMessage));
  });

  it("aborts during the 429 wait with CancelledError and sends nothing more", async () => {
    srv = await scriptedServer([() => ({ status: 429, body: "{}" })]);
    const { caller, clock, notices } = build(srv.url, { NEMO_TOKEN: "nmv_usr_envtoken" });
    let waiting: () => void = () => undefined;
    const asleep = new Promise<void>((resolve) => (waiting = resolve));
    clock.sleep = (ms, signal) => {
      clock.sleeps.push(ms);
      waiting();
      return new Promise((_, reject) => signal?.addEventListener("abort", () => reject(new CancelledError()), { once: true }));
    };
    const ac = new AbortController();
    const p = caller.json({ route: "x", signal: ac.signal, build: () => ({ method: "GET", path: "/x" }) });
    await asleep; // the 429 came back and the wait began
    ac.abort();
    assert.ok((await rejection(() => p)) instanceof CancelledError);
    assert.deepEqual(clock.sleeps, [10]);
    assert.equal(notices.filter((n) => n.kind === "rate-limited").length, 1);
    assert.equal(srv.seen.length, 1);
  });

  /** The clock records each wait and returns at once (the waits are what is checked, not real time). */
  const instant = (clock: { sleeps: number[]; sleep: (ms: number, signal?: AbortSignal) => Promise<void> }): void => {
    clock.sleep = async (ms) => void clock.sleeps.push(ms);
  };

  it("Retry-After: 2 means one retry after 2 s (not the 30 s default)", async () => {
    srv = await scriptedServer([(s) => (s.url === "/x" ? { status: 429, body: "{}", headers: { "retry-after": "2" } } : undefined)]);
    const { caller, clock } = build(srv.url, { NEMO_TOKEN: "nmv_usr_envtoken" });
    instant(clock);
    assert.deepEqual(await caller.json({ route: "x", build: () => ({ method: "GET", path: "/x" }) }), { ok: true });
    assert.deepEqual(clock.sleeps, [2000]);
    assert.equal(srv.seen.filter((q) => q.url === "/x").length, 2);
  });

  it("Retry-After as an HTTP date waits until then", async () => {
    const at = new Date(Date.now() + 5_000).toUTCString();
    srv = await scriptedServer([(s) => (s.url === "/x" ? { status: 429, body: "{}", headers: { "retry-after": at } } : undefined)]);
    const { caller, clock } = build(srv.url, { NEMO_TOKEN: "nmv_usr_envtoken" });
    instant(clock);
    await caller.json({ route: "x", build: () => ({ method: "GET", path: "/x" }) });
    assert.equal(clock.sleeps.length, 1);
    assert.ok(clock.sleeps[0] >= 3_000 && clock.sleeps[0] <= 6_000, String(clock.sleeps[0]));
  });

  it("Retry-After: 600 fails at once with RATE_LIMITED saying when to try again; no wait inside the window", async () => {
    srv = await scriptedServer([], (s) => (s.url === "/x" ? { status: 429, body: "{}", headers: { "retry-after": "600" } } : undefined));
    const { caller, clock } = build(srv.url, { NEMO_TOKEN: "nmv_usr_envtoken" });
    instant(clock);
    const err = await rejection(() => caller.json({ route: "x", build: () => ({ method: "GET", path: "/x" }) }));
    assert.ok(err instanceof NemoError && err.code === "RATE_LIMITED", String(err));
    assert.match(err.toDisplayString(), /^The NemoVideo service is rate-limiting requests and asked to wait 600 s\. Try again after \d\d:\d\d:\d\d \(in about 600 s\)\.$/);
    assert.deepEqual(clock.sleeps, []);
    assert.equal(srv.seen.filter((q) => q.url === "/x").length, 1);
  });

  it("all the waits of one request stay within its budget (3 min): 100 s, then a second 100 s is refused", async () => {
    srv = await scriptedServer([], (s) => (s.url === "/x" ? { status: 429, body: "{}", headers: { "retry-after": "100" } } : undefined));
    const { caller, clock } = build(srv.url, { NEMO_TOKEN: "nmv_usr_envtoken" });
    instant(clock);
    const err = await rejection(() => caller.json({ route: "x", build: () => ({ method: "GET", path: "/x" }) }));
    assert.ok(err instanceof NemoError && err.code === "RATE_LIMITED");
    assert.deepEqual(clock.sleeps, [100_000]);
  });

  it("really aborts a request in flight", async () => {
    srv = await scriptedServer([() => ({ body: '{"code":0,"data":{}}', delayMs: 5_000 })]);
    const { caller } = build(srv.url, { NEMO_TOKEN: "nmv_usr_envtoken" });
    const ac = new AbortController();
    const p = caller.json({ route: "x", signal: ac.signal, build: () => ({ method: "GET", path: "/slow" }) });
    await waitFor(() => srv.seen.length === 1, "the request reached the server");
    ac.abort();
    assert.ok((await rejection(() => p)) instanceof CancelledError);
    await waitFor(() => srv.closedEarly() === 1, "the server saw the connection close before answering");
    assert.equal(srv.closedEarly(), 1);
  });

  it("renews a stored anonymous token once on 1001, with the same client id, and never logs it", async () => {
    srv = await scriptedServer([
      (s) => (s.url === "/x" ? { body: '{"code":1001,"message":"token nmv_usr_secret1 expired"}' } : undefined),
    ]);
    const { caller, capture, notices, secrets } = build(srv.url, { NEMO_CLIENT_ID: "cid-9" });
    const data = await caller.json({ route: "x", build: () => ({ method: "GET", path: "/x" }) });
    assert.deepEqual(data, { ok: true });
    const anon = srv.seen.filter((s) => s.url === "/api/auth/anonymous-token");
    assert.equal(anon.length, 2);
    assert.ok(anon.every((s) => s.headers["x-client-id"] === "cid-9"));
    assert.equal(srv.seen.at(-1)?.headers.authorization, "Bearer nmv_usr_secret3");
    assert.equal(await secrets.get("nemo.token"), "nmv_usr_secret3");
    assert.ok(notices.some((n) => n.kind === "token-renewed"));
    assert.ok(capture.lines.length > 0);
    assert.ok(capture.lines.every((l) => !/nmv_usr_secret/.test(l)), capture.lines.join("\n"));
  });

  it("retries once after a 400", async () => {
    srv = await scriptedServer([(s) => (s.url === "/a" ? { status: 400, body: '{"code":400}' } : undefined)]);
    const { caller } = build(srv.url, { NEMO_TOKEN: "nmv_usr_env" });
    assert.deepEqual(await caller.json({ route: "a", build: () => ({ method: "GET", path: "/a" }) }), { ok: true });
    assert.deepEqual(srv.seen.map((s) => s.url), ["/a", "/a"]);
  });

  it("replaces a missing session on 1002 and retries against the new id, once", async () => {
    srv = await scriptedServer([
      (s) => (s.url === "/state/s1" ? { body: '{"code":1002}' } : undefined),
      (s) => (s.url === "/state/s3" && srv.seen.length > 4 ? { body: '{"code":1002}' } : undefined),
      (s) => (s.url === "/state/s6" ? { body: '{"code":1002}' } : undefined),
    ]);
    const { caller, notices, sessions } = build(srv.url, { NEMO_TOKEN: "nmv_usr_env" });
    const spec = { route: "state", session: true, build: (s?: { sessionId: string }) => ({ method: "GET" as const, path: `/state/${s?.sessionId}` }) };
    assert.deepEqual(await caller.json(spec), { ok: true });
    assert.deepEqual(srv.seen.map((s) => s.url), ["/api/tasks/me/with-session/nemo_agent", "/state/s1", "/api/tasks/me/with-session/nemo_agent", "/state/s3"]);
    assert.equal((await sessions.peek())?.sessionId, "s3");
    assert.deepEqual(notices.map((n) => n.message), ["Your previous session expired; the old timeline is gone. Started a new session."]);
    // A second 1002 within one call is final.
    const err = await rejection(() => caller.json(spec));
    assert.ok(err instanceof NemoError && err.code === "SESSION_NOT_FOUND", String(err));
  });
});
