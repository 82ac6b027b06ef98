import * as assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startSimulator, type Simulator } from "../sim/index";
import { AuthKeys } from "../../src/core/session";
import { AuthError, CancelledError, CreditsError, InputError, NemoError, ServerError } from "../../src/core/errors";
import { userPathRule } from "../../src/core/http";
import { StoreKeys } from "../../src/core/support";
import { assertNoTokens, makeClient, rejection, waitFor } from "./client-helpers";

describe("client (sim): the error table", function () {
  this.timeout(30_000);
  let sim: Simulator;
  const errors: NemoError[] = [];
  const tokens: string[] = [];
  before(async () => {
    sim = await startSimulator({ timeScale: 0.002, seed: 11, maxUploadBytes: 1024 });
  });
  after(async () => {
    // No error of this suite may carry a token, in any of its texts.
    assertNoTokens(errors.flatMap((e) => [e.message, e.userMessage, e.nextStep ?? "", e.link ?? "", e.toDisplayString()]), tokens);
    await sim.close();
  });
  beforeEach(() => sim.reset());

  async function failure(fn: () => Promise<unknown>): Promise<NemoError> {
    const err = await rejection(fn);
    assert.ok(err instanceof NemoError, `not a NemoError: ${String(err)}`);
    errors.push(err);
    return err;
  }
  const count = (route: string): number => sim.requests.filter((r) => r.route === route).length;

  it("1001: renews the anonymous token with the same client id and retries once", async () => {
    const t = makeClient(sim.url);
    await t.client.credits();
    const first = (await t.secrets.get(StoreKeys.token)) ?? "";
    tokens.push(first);
    sim.expireTokens();
    const credits = await t.client.credits();
    assert.equal(credits.available, 100);
    const second = (await t.secrets.get(StoreKeys.token)) ?? "";
    tokens.push(second);
    assert.notEqual(second, first);
    const anon = sim.requests.filter((r) => r.route === "anonymous-token");
    assert.equal(anon.length, 2);
    assert.equal(anon[0].headers["x-client-id"], anon[1].headers["x-client-id"]);
    assert.deepEqual(sim.requests.filter((r) => r.route === "credits").map((r) => r.headers.authorization), [
      `Bearer ${first}`,
      `Bearer ${first}`,
      `Bearer ${second}`,
    ]);
    assert.ok(t.notices.some((n) => n.kind === "token-renewed"));
    assertNoTokens(t.logger.lines, tokens);
  });

  it("1001 twice: TOKEN_INVALID after one renewal", async () => {
    const t = makeClient(sim.url);
    await t.client.ensureToken();
    tokens.push((await t.secrets.get(StoreKeys.token)) ?? "");
    sim.inject({ route: "credits", times: 2, fault: { type: "code", code: 1001 } });
    const err = await failure(() => t.client.credits());
    assert.ok(err instanceof AuthError);
    assert.equal(err.code, "TOKEN_INVALID");
    assert.equal(count("credits"), 2);
    assert.equal(count("anonymous-token"), 2);
  });

  it("1001 with an env token: no anonymous renewal, 'Set a new token'", async () => {
    const seed = makeClient(sim.url);
    await seed.client.ensureToken();
    const token = (await seed.secrets.get(StoreKeys.token)) ?? "";
    tokens.push(token);
    sim.expireTokens();
    const t = makeClient(sim.url, { env: { NEMO_TOKEN: token } });
    const err = await failure(() => t.client.credits());
    assert.equal(err.code, "TOKEN_INVALID");
    assert.match(err.nextStep ?? "", /Set a new token/);
    assert.equal(count("anonymous-token"), 1);
    assertNoTokens(t.logger.lines, [token]);
  });

  it("1002: creates a new session, tells the user, retries against the new id", async () => {
    userPathRule.forget(); // no user-path form known to work yet: the other form is tried first
    const t = makeClient(sim.url);
    const old = await t.client.ensureSession();
    // Both user forms (the id, then `me`) are refused for the old session: it is really gone.
    sim.inject({ route: "state", times: 2, fault: { type: "code", code: 1002 } });
    await t.client.state();
    const now = await t.client.currentSession();
    assert.ok(now && now.sessionId !== old.sessionId);
    const statePaths = sim.requests.filter((r) => r.route === "state").map((r) => r.path);
    assert.equal(statePaths.length, 3);
    assert.ok(statePaths[0].includes(old.sessionId) && statePaths[1].includes(old.sessionId) && statePaths[2].includes(now.sessionId));
    assert.ok(!statePaths[0].includes("/me/") && statePaths[1].includes("/me/"), statePaths.join(" "));
    assert.deepEqual(t.notices.filter((n) => n.kind === "session-replaced").map((n) => n.message), [
      "Your previous session expired; the old timeline is gone. Started a new session.",
    ]);
  });

  it("1002 on two calls at once: one new session and one notice", async () => {
    const t = makeClient(sim.url);
    const old = await t.client.ensureSession();
    sim.inject({ route: "state", times: 2, fault: { type: "code", code: 1002 } });
    // Keep the replacement in flight while the second 1002 arrives.
    sim.inject({ route: "create-session", fault: { type: "slow", ms: 300 } });
    const [a, b] = await Promise.all([t.client.state(), t.client.state()]);
    assert.ok(a && b);
    const now = await t.client.currentSession();
    assert.ok(now && now.sessionId !== old.sessionId);
    assert.equal(count("create-session"), 2, "one session at start, one replacement");
    const statePaths = sim.requests.filter((r) => r.route === "state").map((r) => r.path);
    assert.equal(statePaths.length, 4);
    assert.ok(statePaths.slice(2).every((p) => p.includes(now.sessionId)));
    assert.equal(t.notices.filter((n) => n.kind === "session-replaced").length, 1);
  });

  it("2001: a registration link with bind=<user id> for anonymous users, top-up for registered ones", async () => {
    const t = makeClient(sim.url);
    await t.client.ensureToken();
    const userId = await t.globalStore.get(AuthKeys.userId);
    assert.match(userId ?? "", /^anon_/);
    sim.inject({ route: "credits", fault: { type: "code", code: 2001 } });
    const err = await failure(() => t.client.credits());
    assert.ok(err instanceof CreditsError && err.code === "OUT_OF_CREDITS");
    assert.equal(err.link, `https://web.example/register?bind=${userId}`);
    assert.equal(await t.client.creditsLink(), err.link);

    const token = (await t.secrets.get(StoreKeys.token)) ?? "";
    tokens.push(token);
    const registered = makeClient(sim.url);
    await registered.client.setToken(token);
    sim.inject({ route: "credits", fault: { type: "code", code: 2001 } });
    const err2 = await failure(() => registered.client.credits());
    assert.equal(err2.link, "https://web.example/pricing");
    assert.match(err2.nextStep ?? "", /Top up/);
  });

  it("400: loads the client id and retries once; twice is MISSING_CLIENT_ID", async () => {
    const t = makeClient(sim.url);
    await t.client.ensureToken();
    sim.inject({ route: "credits", fault: { type: "status", status: 400 } });
    assert.equal((await t.client.credits()).available, 100);
    assert.equal(count("credits"), 2);
    sim.inject({ route: "credits", times: 2, fault: { type: "status", status: 400 } });
    const err = await failure(() => t.client.credits());
    assert.equal(err.code, "MISSING_CLIENT_ID");
  });

  it("429: waits as the service asks (Retry-After) and retries, at most three times, then RATE_LIMITED saying when", async () => {
    const t = makeClient(sim.url);
    await t.client.ensureToken();
    sim.inject({ route: "credits", fault: { type: "status", status: 429 } }); // Retry-After: 30 (s), 10 ms at the test scale
    await t.client.credits();
    assert.deepEqual(t.clock.sleeps, [10]);
    assert.ok(t.notices.some((n) => n.kind === "rate-limited"));
    sim.inject({ route: "credits", times: 4, fault: { type: "status", status: 429 } });
    const err = await failure(() => t.client.credits());
    assert.equal(err.code, "RATE_LIMITED");
    assert.match(err.toDisplayString(), /asked to wait 30 s\. Try again after \d\d:\d\d:\d\d \(in about 30 s\)\.$/);
    assert.deepEqual(t.clock.sleeps, [10, 10, 10, 10]);
    assert.equal(count("credits"), 6);
  });

  it("429 as the envelope's code (a 200 answer) is treated like HTTP 429: the default wait, at most three retries", async () => {
    const t = makeClient(sim.url);
    await t.client.ensureToken();
    sim.inject({ route: "credits", fault: { type: "code", code: 429 } });
    await t.client.credits();
    assert.deepEqual(t.clock.sleeps, [10]);
    sim.inject({ route: "state", times: 4, fault: { type: "code", code: 429 } });
    const err = await failure(() => t.client.state());
    assert.equal(err.code, "RATE_LIMITED");
    assert.deepEqual(t.clock.sleeps, [10, 10, 10, 10]);
  });

  it("429 on the anonymous-token call (status or code): its own sentence, no 30-s wait, asked once", async () => {
    for (const fault of [{ type: "status", status: 429 } as const, { type: "code", code: 429 } as const]) {
      sim.reset();
      const t = makeClient(sim.url);
      sim.inject({ route: "anonymous-token", fault });
      const err = await failure(() => t.client.credits());
      assert.equal(err.userMessage, "Too many free tokens were requested from this network in the last hour; set a token or try again later.");
      assert.match(err.nextStep ?? "", /NEMO_TOKEN/);
      assert.deepEqual(t.clock.sleeps, []);
      assert.equal(count("anonymous-token"), 1);
    }
  });

  it("5xx: a ServerError, not retried", async () => {
    const t = makeClient(sim.url);
    await t.client.ensureToken();
    sim.inject({ route: "credits", fault: { type: "status", status: 503 } });
    const err = await failure(() => t.client.credits());
    assert.ok(err instanceof ServerError && err.code === "SERVER");
    assert.match(err.userMessage, /HTTP 503/);
    assert.equal(count("credits"), 1);
  });

  it("4001 / 4002 from the server become clear input errors", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "nemo-err-"));
    try {
      const file = path.join(dir, "a.png");
      await fs.writeFile(file, Buffer.alloc(10));
      const t = makeClient(sim.url);
      sim.inject({ route: "upload", fault: { type: "code", code: 4001 } });
      const e1 = await failure(() => t.client.uploadFiles([file]));
      assert.ok(e1 instanceof InputError && e1.code === "UNSUPPORTED_FILE");
      assert.match(e1.nextStep ?? "", /mp4, mov, avi, webm, mkv, jpg, png, gif, webp, mp3, wav, m4a, aac/);
      const big = path.join(dir, "b.png");
      await fs.writeFile(big, Buffer.alloc(4096)); // over the sim's 1 KiB limit
      const e2 = await failure(() => t.client.uploadFiles([big]));
      assert.equal(e2.code, "FILE_TOO_LARGE");
      assert.match(e2.toDisplayString(), /200 MB.*Compress or trim/);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it("abort: the request is really aborted and a CancelledError comes back", async () => {
    const t = makeClient(sim.url);
    await t.client.ensureToken();
    sim.inject({ route: "credits", fault: { type: "slow", ms: 10_000 } });
    const ac = new AbortController();
    const p = t.client.credits({ signal: ac.signal });
    await waitFor(() => count("credits") === 1, "the request reached the simulator");
    ac.abort();
    const err = await failure(() => p);
    assert.ok(err instanceof CancelledError);
    await waitFor(() => sim.requests.some((r) => r.route === "credits" && r.aborted), "the simulator saw the abort");
    const rec = sim.requests.filter((r) => r.route === "credits");
    assert.equal(rec.length, 1);
    assert.equal(rec[0].aborted, true);
  });
});
