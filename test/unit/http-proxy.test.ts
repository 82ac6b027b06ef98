import * as assert from "node:assert/strict";
import { Agent, EnvHttpProxyAgent, ProxyAgent } from "undici";
import { InputError } from "../../src/core/errors";
import { chooseProxy, createProxyDispatcher, proxyFailure, proxyLabel } from "../../src/core/http";

describe("http proxy selection", () => {
  it("uses an explicit proxy first, with the no-proxy list", () => {
    const env = { HTTPS_PROXY: "http://env-proxy:1", NO_PROXY: "env.example" };
    assert.deepEqual(chooseProxy({ proxyUrl: "http://p:8080", noProxy: ["a.example", " b.example "], env }), {
      kind: "proxy",
      url: "http://p:8080",
      noProxy: "a.example,b.example",
      rejectUnauthorized: true,
    });
    const fromEnvList = chooseProxy({ proxy: "http://p:8080", env });
    assert.equal(fromEnvList.kind === "proxy" && fromEnvList.noProxy, "env.example");
  });

  it("falls back to HTTP(S)_PROXY from the environment, lower case included", () => {
    assert.deepEqual(chooseProxy({ env: { https_proxy: "http://q:3128", no_proxy: "localhost" } }), {
      kind: "env",
      httpProxy: "",
      httpsProxy: "http://q:3128",
      noProxy: "localhost",
      rejectUnauthorized: true,
    });
  });

  it("goes direct without any proxy and honours strictSSL", () => {
    assert.deepEqual(chooseProxy({ env: {} }), { kind: "direct", rejectUnauthorized: true });
    assert.deepEqual(chooseProxy({ env: {}, strictSSL: false }), { kind: "direct", rejectUnauthorized: false });
    assert.equal(chooseProxy({ proxyUrl: "  ", env: {} }).kind, "direct");
  });

  it("refuses a malformed explicit proxy without echoing its credentials", () => {
    assert.throws(
      () => chooseProxy({ proxyUrl: "socks5://user:pw@p:1080", env: {} }),
      (e: unknown) => e instanceof InputError && e.code === "BAD_INPUT" && !e.userMessage.includes("pw"),
    );
    assert.throws(() => chooseProxy({ proxyUrl: "proxy.example:8080", env: {} }), InputError);
  });

  it("builds the matching undici dispatcher", async () => {
    const plain = createProxyDispatcher({ proxyUrl: "http://127.0.0.1:9", env: {} });
    assert.ok(plain instanceof ProxyAgent);
    const withList = createProxyDispatcher({ proxyUrl: "http://127.0.0.1:9", noProxy: "x.example", env: {} });
    assert.ok(withList instanceof EnvHttpProxyAgent);
    const fromEnv = createProxyDispatcher({ env: { HTTP_PROXY: "http://127.0.0.1:9" } });
    assert.ok(fromEnv instanceof EnvHttpProxyAgent);
    assert.equal(createProxyDispatcher({ env: {} }), undefined);
    const insecure = createProxyDispatcher({ env: {}, strictSSL: false });
    assert.ok(insecure instanceof Agent);
    await Promise.all([plain, withList, fromEnv, insecure].map((d) => d?.close()));
  });

  it("upper- and lower-case variables; the lower case wins like curl", () => {
    const both = chooseProxy({ env: { HTTPS_PROXY: "http://upper:1", https_proxy: "http://lower:2", NO_PROXY: ".corp.example,*" } });
    assert.ok(both.kind === "env" && both.httpsProxy === "http://lower:2" && both.noProxy === ".corp.example,*");
  });

  it("names the proxy a failure came from, never its password; other failures are not blamed on it", async () => {
    const d = createProxyDispatcher({ proxy: "http://me:pw@127.0.0.1:3128", env: {} });
    const refused = proxyFailure(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED", address: "127.0.0.1", port: 3128 }), d);
    assert.equal(refused?.userMessage, "Could not connect to the proxy http://127.0.0.1:3128 (ECONNREFUSED).");
    const said = proxyFailure(Object.assign(new Error("Proxy response (407) !== 200 when HTTP Tunneling"), { code: "UND_ERR_ABORTED" }), d);
    assert.equal(said?.userMessage, "The proxy http://127.0.0.1:3128 refused the connection (HTTP 407).");
    const elsewhere = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED", address: "10.0.0.9", port: 443 });
    assert.equal(proxyFailure(elsewhere, d), undefined);
    assert.equal(proxyFailure(refused, undefined), undefined);
    assert.equal(proxyLabel("http://u:p@proxy.example:8080/"), "http://proxy.example:8080");
    await d?.close();
  });
});
