import * as assert from "node:assert/strict";
import { AuthError, CreditsError, InputError, ServerError } from "../../src/core/errors";
import { decodeEnvelope, isJsonContentType } from "../../src/core/http";
import { decodeClaimToken, decodeCredits, decodeStateData } from "../../src/core/http";
import { classify, problemToError, type ProblemContext } from "../../src/core/http";

const anonCtx: ProblemContext = {
  anonymous: true,
  creditsLink: "https://web.example/register?bind=anon_1",
  pricingLink: "https://web.example/pricing",
  userToken: false,
};

describe("http envelope", () => {
  it("decodes the envelope and ignores unknown fields", () => {
    assert.deepEqual(decodeEnvelope('{"code":0,"data":{"a":1},"extra":true}'), { code: 0, data: { a: 1 }, message: undefined });
    assert.deepEqual(decodeEnvelope('{"code":"2001","message":"no credits"}'), { code: 2001, data: {}, message: "no credits" });
    assert.equal(decodeEnvelope('{"code":1,"msg":"x"}')?.message, "x");
  });

  it("treats a JSON object without code as a bare payload", () => {
    assert.deepEqual(decodeEnvelope('{"status":"completed"}'), { code: 0, data: { status: "completed" }, message: undefined });
  });

  it("reads the top level as the payload of an envelope without data (render poll)", () => {
    assert.deepEqual(decodeEnvelope('{"code":0,"message":"ok","status":"completed","output":{"url":"/o.mp4"}}'), {
      code: 0,
      data: { status: "completed", output: { url: "/o.mp4" } },
      message: "ok",
    });
    assert.deepEqual(decodeEnvelope('{"code":0,"data":{"status":"pending"},"status":"ignored"}')?.data, { status: "pending" });
  });

  it("returns undefined for anything that is not a JSON object", () => {
    assert.equal(decodeEnvelope("<html>Bad gateway</html>"), undefined);
    assert.equal(decodeEnvelope("[1,2]"), undefined);
    assert.equal(decodeEnvelope(""), undefined);
    assert.equal(decodeEnvelope('{"code":"abc"}'), undefined);
  });

  it("recognises JSON content types", () => {
    assert.ok(isJsonContentType("application/json; charset=utf-8"));
    assert.ok(isJsonContentType("application/problem+json"));
    assert.ok(!isJsonContentType("text/event-stream"));
    assert.ok(!isJsonContentType(undefined));
  });
});

describe("http error table", () => {
  it("classifies envelope codes before HTTP statuses", () => {
    const env = (code: number) => ({ code, data: {} });
    assert.equal(classify(200, env(0)), undefined);
    assert.equal(classify(200, env(1001))?.kind, "token");
    assert.equal(classify(200, env(1002))?.kind, "session");
    assert.equal(classify(200, env(2001))?.kind, "credits");
    assert.equal(classify(200, env(4001))?.kind, "unsupported");
    assert.equal(classify(200, env(4002))?.kind, "too-large");
    assert.equal(classify(200, env(777))?.kind, "server");
    assert.equal(classify(400, undefined)?.kind, "client-id");
    assert.equal(classify(402, undefined)?.kind, "export-blocked");
    assert.equal(classify(429, env(0))?.kind, "rate-limited");
    assert.equal(classify(503, undefined)?.kind, "server");
    assert.equal(classify(500, env(1001))?.kind, "token");
    assert.equal(classify(404, undefined)?.backendCode, 404);
  });

  it("maps each final problem to the right error with a sentence and a next step", () => {
    const p = (kind: Parameters<typeof problemToError>[0]["kind"], status = 200, backendCode = 0) => ({ kind, status, backendCode });
    const token = problemToError(p("token", 200, 1001), anonCtx);
    assert.ok(token instanceof AuthError);
    assert.equal(token.code, "TOKEN_INVALID");
    const userToken = problemToError(p("token", 200, 1001), { ...anonCtx, userToken: true });
    assert.match(userToken.nextStep ?? "", /Set a new token/);

    const credits = problemToError(p("credits", 200, 2001), anonCtx);
    assert.ok(credits instanceof CreditsError);
    assert.equal(credits.link, "https://web.example/register?bind=anon_1");
    assert.match(credits.nextStep ?? "", /Register/);
    const topUp = problemToError(p("credits", 200, 2001), { ...anonCtx, anonymous: false, creditsLink: anonCtx.pricingLink });
    assert.match(topUp.nextStep ?? "", /Top up/);

    const unsupported = problemToError(p("unsupported", 200, 4001), anonCtx);
    assert.ok(unsupported instanceof InputError);
    assert.match(unsupported.nextStep ?? "", /mp4, mov, avi, webm, mkv, jpg, png, gif, webp, mp3, wav, m4a, aac/);
    const large = problemToError(p("too-large", 200, 4002), anonCtx);
    assert.equal(large.code, "FILE_TOO_LARGE");
    assert.match(large.toDisplayString(), /200 MB/);
    assert.match(large.nextStep ?? "", /Compress or trim/);

    const blocked = problemToError(p("export-blocked", 402, 402), anonCtx);
    assert.equal(blocked.code, "EXPORT_BLOCKED");
    assert.equal(blocked.userMessage, "Export is not available on the free plan — a subscription matter, not credits.");

    const rate = problemToError(p("rate-limited", 429, 429), anonCtx);
    assert.equal(rate.code, "RATE_LIMITED");
    const server = problemToError(p("server", 503, 503), anonCtx);
    assert.ok(server instanceof ServerError);
    assert.match(server.userMessage, /HTTP 503/);
    assert.equal(problemToError(p("client-id", 400, 400), anonCtx).code, "MISSING_CLIENT_ID");
    assert.equal(problemToError(p("session", 200, 1002), anonCtx).code, "SESSION_NOT_FOUND");
  });
});

describe("http endpoint answers", () => {
  it("decodes credits tolerantly: digit strings, missing frozen/total", () => {
    assert.deepEqual(decodeCredits({ available: "80", frozen: 20, total: "100", extra: 1 }), { available: 80, frozen: 20, total: 100 });
    assert.deepEqual(decodeCredits({ available: 5 }), { available: 5, frozen: 0, total: 5 });
    assert.throws(() => decodeCredits({ available: "lots" }), (e: unknown) => e instanceof ServerError && e.code === "BAD_RESPONSE");
    assert.throws(() => decodeCredits(null), ServerError);
  });

  it("finds data.state and the claim token", () => {
    assert.deepEqual(decodeStateData({ state: { draft: {} } }), { draft: {} });
    assert.equal(decodeStateData("nonsense"), undefined);
    assert.equal(decodeClaimToken({ claim_token: "clm_1", expires_in: 604800 }), "clm_1");
    assert.throws(() => decodeClaimToken({}), ServerError);
  });
});
