import * as assert from "node:assert/strict";
import { startSimulator, type Simulator } from "../sim/index";
import { InputError } from "../../src/core/errors";
import { StoreKeys } from "../../src/core/support";
import { assertNoTokens, makeClient, rejection } from "./client-helpers";

describe("client (sim): basics", function () {
  this.timeout(30_000);
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ timeScale: 0.002, seed: 7 });
  });
  after(async () => sim.close());
  beforeEach(() => sim.reset());

  it("connects anonymously, creates a session and sends the headers on every request", async () => {
    const t = makeClient(sim.url, { env: { NEMO_CLIENT_ID: "cid-basics" } });
    const ids = await t.client.ensureSession();
    const credits = await t.client.credits();
    const state = await t.client.state();
    assert.equal(credits.available, 100);
    assert.equal(credits.total, credits.available + credits.frozen);
    assert.deepEqual(state.generatedMedia, []);
    assert.deepEqual(await t.client.currentSession(), ids);
    assert.deepEqual(JSON.parse((await t.workspaceStore.get(StoreKeys.session)) ?? "{}"), ids);
    assert.equal(await t.client.tokenSource(), "stored");
    assert.ok(t.notices.some((n) => n.kind === "connecting"));

    const api = sim.requests.filter((r) => r.route !== "control");
    assert.deepEqual(api.map((r) => r.route), ["anonymous-token", "create-session", "credits", "state"]);
    for (const r of api) {
      assert.deepEqual(r.missingSkillHeaders, [], `${r.path}`);
      assert.equal(r.headers["x-skill-source"], "image-generation-generator");
      assert.equal(r.headers["x-skill-version"], "0.1.0-test");
      assert.equal(r.headers["x-skill-platform"], "test");
      assert.equal(r.headers["x-client-id"], "cid-basics");
      if (r.route === "anonymous-token") assert.equal(r.headers.authorization, undefined);
      else assert.match(r.headers.authorization ?? "", /^Bearer nmv_usr_/);
    }
  });

  it("keeps the session and client id across clients sharing the stores; newSession replaces it", async () => {
    const a = makeClient(sim.url);
    const first = await a.client.ensureSession();
    const clientId = await a.globalStore.get(StoreKeys.clientId);
    assert.match(clientId ?? "", /^[0-9a-f-]{36}$/);
    const b = makeClient(sim.url, { globalStore: a.globalStore, secrets: a.secrets, workspaceStore: a.workspaceStore });
    assert.deepEqual(await b.client.ensureSession(), first);
    await b.client.credits();
    assert.equal(sim.requests.filter((r) => r.route === "anonymous-token").length, 1);
    assert.equal(sim.requests.filter((r) => r.route === "create-session").length, 1);
    assert.ok(sim.requests.every((r) => r.route === "control" || r.headers["x-client-id"] === clientId));
    const second = await b.client.newSession();
    assert.notEqual(second.sessionId, first.sessionId);
    assert.deepEqual(await a.client.currentSession(), second);
  });

  it("prefers an explicit token over NEMO_TOKEN over the stored one", async () => {
    const seed = makeClient(sim.url, { env: { NEMO_CLIENT_ID: "cid-a" } });
    await seed.client.ensureToken();
    const tokenA = (await seed.secrets.get(StoreKeys.token)) ?? "";
    const other = makeClient(sim.url, { env: { NEMO_CLIENT_ID: "cid-b" } });
    await other.client.ensureToken();
    const tokenB = (await other.secrets.get(StoreKeys.token)) ?? "";
    assert.notEqual(tokenA, tokenB);

    const envWins = makeClient(sim.url, { env: { NEMO_TOKEN: tokenA }, secrets: other.secrets });
    const before = sim.requests.length;
    await envWins.client.credits();
    assert.equal(await envWins.client.tokenSource(), "env");
    assert.equal(sim.requests.at(-1)?.headers.authorization, `Bearer ${tokenA}`);
    assert.equal(sim.requests.slice(before).filter((r) => r.route === "anonymous-token").length, 0);

    const explicitWins = makeClient(sim.url, { token: tokenB, env: { NEMO_TOKEN: tokenA } });
    await explicitWins.client.credits();
    assert.equal(await explicitWins.client.tokenSource(), "explicit");
    assert.equal(sim.requests.at(-1)?.headers.authorization, `Bearer ${tokenB}`);
  });

  it("gives a claim link that never carries the token, and keeps tokens out of logs", async () => {
    const t = makeClient(sim.url);
    const link = await t.client.claimLink();
    assert.match(link, /^https:\/\/web\.example\/workspace\/claim\?ct=clm_/);
    const token = (await t.secrets.get(StoreKeys.token)) ?? "";
    assert.ok(token.startsWith("nmv_usr_"));
    assert.ok(!link.includes(token));
    assert.ok(t.logger.lines.length >= 3);
    assertNoTokens(t.logger.lines, [token]);
    for (const r of sim.requests) assert.ok(!r.path.includes(token), "token in a URL");
  });

  it("a malformed API URL fails every call with a clear error (and does not throw at construction)", async () => {
    const bad = makeClient("mega-api-prod.nemovideo.ai");
    const err = await rejection(() => bad.client.credits());
    assert.ok(err instanceof InputError && /API URL "mega-api-prod\.nemovideo\.ai" is not an http\(s\) address/.test(err.userMessage));
    assert.ok((await rejection(() => makeClient("ftp://x.example").client.ensureSession())) instanceof InputError);
  });
});
