import * as assert from "node:assert/strict";
import { AuthManager } from "../../src/core/session";
import { AuthError } from "../../src/core/errors";
import { silentLogger } from "../../src/core/support";
import { MemoryStore, StoreKeys } from "../../src/core/support";
import type { Notice } from "../../src/core/types";
import { rejection } from "../integration/client-helpers";

function setup(opts: { env?: Record<string, string>; explicitToken?: string } = {}) {
  const secrets = new MemoryStore();
  const globalStore = new MemoryStore();
  const notices: Notice[] = [];
  let issued = 0;
  const anonymousCalls: number[] = [];
  const auth = new AuthManager({
    explicitToken: opts.explicitToken,
    env: opts.env ?? {},
    secrets,
    globalStore,
    webUrl: "https://web.example/",
    logger: silentLogger,
    notify: (n) => void notices.push(n),
    requestAnonymous: async () => {
      anonymousCalls.push(Date.now());
      issued++;
      return { token: `nmv_usr_anon${issued}`, user_id: `anon_u${issued}`, credits: 100 };
    },
  });
  return { auth, secrets, globalStore, notices, anonymousCalls };
}

describe("auth", () => {
  it("prefers explicit over env over stored over anonymous", async () => {
    const all = setup({ explicitToken: "nmv_usr_explicit", env: { NEMO_TOKEN: "nmv_usr_env" } });
    await all.secrets.set(StoreKeys.token, "nmv_usr_stored");
    assert.equal(await all.auth.token(), "nmv_usr_explicit");
    assert.equal(await all.auth.tokenSource(), "explicit");

    const env = setup({ env: { NEMO_TOKEN: "nmv_usr_env" } });
    await env.secrets.set(StoreKeys.token, "nmv_usr_stored");
    assert.equal(await env.auth.token(), "nmv_usr_env");
    assert.equal(await env.auth.tokenSource(), "env");

    const stored = setup({ env: { NEMO_TOKEN: "  " } });
    await stored.secrets.set(StoreKeys.token, "nmv_usr_stored");
    assert.equal(await stored.auth.token(), "nmv_usr_stored");
    assert.equal(stored.anonymousCalls.length, 0);

    const none = setup();
    assert.equal(await none.auth.tokenSource(), "none");
    assert.equal(await none.auth.token(), "nmv_usr_anon1");
    assert.equal(await none.secrets.get(StoreKeys.token), "nmv_usr_anon1");
    assert.equal(await none.auth.tokenSource(), "stored");
    assert.deepEqual(none.notices.map((n) => n.kind), ["connecting"]);
  });

  it("acquires one anonymous token for concurrent callers", async () => {
    const s = setup();
    const tokens = await Promise.all([s.auth.token(), s.auth.token(), s.auth.token()]);
    assert.deepEqual(tokens, ["nmv_usr_anon1", "nmv_usr_anon1", "nmv_usr_anon1"]);
    assert.equal(s.anonymousCalls.length, 1);
  });

  it("creates the client id once and keeps it; the env wins", async () => {
    const s = setup();
    const [a, b] = await Promise.all([s.auth.clientId(), s.auth.clientId()]);
    assert.match(a, /^[0-9a-f-]{36}$/);
    assert.equal(a, b);
    await s.auth.reloadClientId();
    assert.equal(await s.auth.clientId(), a);
    assert.equal(await s.globalStore.get(StoreKeys.clientId), a);

    const e = setup({ env: { NEMO_CLIENT_ID: "env-client" } });
    await e.globalStore.set(StoreKeys.clientId, "stored-client");
    assert.equal(await e.auth.clientId(), "env-client");
  });

  it("renews only anonymous tokens on 1001", async () => {
    const anon = setup();
    const first = await anon.auth.token();
    await anon.auth.renew(first);
    assert.equal(await anon.auth.token(), "nmv_usr_anon2");
    await anon.auth.renew(first); // stale rejection: already renewed, no new request
    assert.equal(anon.anonymousCalls.length, 2);
    assert.ok(anon.notices.some((n) => n.kind === "token-renewed"));

    const env = setup({ env: { NEMO_TOKEN: "nmv_usr_env" } });
    const err = await rejection(() => env.auth.renew("nmv_usr_env"));
    assert.ok(err instanceof AuthError && err.code === "TOKEN_INVALID");
    assert.match(err.nextStep ?? "", /Set a new token/);
    assert.ok(!err.message.includes("nmv_usr_env") && !err.toDisplayString().includes("nmv_usr_env"));
    assert.equal(env.anonymousCalls.length, 0);

    const pasted = setup();
    await pasted.auth.setToken("nmv_usr_mine");
    assert.equal(await pasted.auth.tokenSource(), "stored");
    const err2 = await rejection(() => pasted.auth.renew("nmv_usr_mine"));
    assert.ok(err2 instanceof AuthError && /Set a new token/.test(err2.nextStep ?? ""));
    assert.equal(pasted.anonymousCalls.length, 0);
  });

  it("two calls rejected with 1001 at once share one renewal and one notice", async () => {
    const s = setup();
    const first = await s.auth.token();
    await Promise.all([s.auth.renew(first), s.auth.renew(first), s.auth.renew(first)]);
    assert.equal(await s.auth.token(), "nmv_usr_anon2");
    assert.equal(s.anonymousCalls.length, 2);
    assert.deepEqual(s.notices.filter((n) => n.kind === "token-renewed").length, 1);
  });

  it("builds the 2001 link: registration with bind for anonymous users, top-up otherwise", async () => {
    const anon = setup();
    await anon.auth.token();
    assert.equal(await anon.auth.creditsLink(), "https://web.example/register?bind=anon_u1");
    assert.equal((await anon.auth.problemContext()).anonymous, true);

    const user = setup();
    await user.auth.setToken("nmv_usr_mine");
    assert.equal(await user.auth.creditsLink(), "https://web.example/pricing");
    await user.auth.setToken(undefined);
    assert.equal(await user.auth.tokenSource(), "none");
    assert.equal(await user.secrets.get(StoreKeys.token), undefined);
  });
});
