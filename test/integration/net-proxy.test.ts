// Proxies and certificates (issue 8 §1): every kind of request of the real client goes through a real
// HTTP proxy on 127.0.0.1 (recorded), none does when NO_PROXY matches; a dead or refusing proxy is a
// quick network error that names it; a self-signed HTTPS simulator fails strictly with a sentence
// about the certificate and works laxly, or with NODE_EXTRA_CA_CERTS in the CLI.
import * as assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { generate as selfSigned } from "selfsigned";
import { createProxyDispatcher } from "../../src/core/http";
import { NetworkError } from "../../src/core/errors";
import { EXIT } from "../../src/cli/args";
import { startSimulator, type Simulator } from "../sim/index";
import { buildCli, closedPort, runCli } from "./cli-harness";
import { assertNoTokens, makeClient, rejection } from "./client-helpers";
import { startRecordingProxy, type RecordingProxy } from "./helpers/recording-proxy";

const sessionPath = (p: string): string => p.replace(/\/me\/[^/?]+/, "/me/<sid>");

describe("network: proxies and certificates", function () {
  this.timeout(90_000);
  let sim: Simulator;
  let proxy: RecordingProxy;
  let dir: string;
  before(async () => {
    sim = await startSimulator({ timeScale: 0.002, seed: 11, silentCloseRate: 0, trailingIssueRate: 0 });
  });
  after(async () => sim.close());
  beforeEach(async () => {
    sim.reset();
    proxy = await startRecordingProxy();
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "nemo-net-"));
  });
  afterEach(async () => {
    await proxy.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  async function everyKindOfRequest(env: Record<string, string>): Promise<string[]> {
    const dispatcher = createProxyDispatcher({ env });
    const t = makeClient(sim.url, { dispatcher });
    try {
      const clip = path.join(dir, "clip.png");
      await fs.writeFile(clip, Buffer.alloc(2048, 7));
      const upload = await t.client.uploadFiles([clip]);
      assert.deepEqual(upload.files, ["clip.png"]);
      const generated = await t.client.generate("generate a video of waves at dusk", { kind: "video", outDir: dir });
      assert.ok(generated.files.length >= 1, "media downloaded");
      const exported = await t.client.exportVideo({ outDir: dir });
      assert.ok(exported.bytes > 0, "render polled and downloaded");
      const tokens = sim.requests.map((r) => r.headers.authorization?.replace(/^Bearer /, "") ?? "").filter(Boolean);
      assertNoTokens([...sim.requests.map((r) => r.path), ...proxy.forwarded, ...t.logger.lines], tokens);
      return [...new Set(sim.requests.map((r) => r.route))];
    } finally {
      await dispatcher?.close();
    }
  }

  it("chat (SSE), upload, media download, render submit, polling and download all pass through HTTP_PROXY", async () => {
    const routes = await everyKindOfRequest({ HTTP_PROXY: proxy.url });
    for (const r of ["anonymous-token", "create-session", "upload", "run_sse", "media", "render-submit", "render-poll"]) {
      assert.ok(routes.includes(r), `the client made a ${r} request`);
    }
    const through = proxy.forwarded.map(sessionPath);
    for (const r of sim.requests) {
      assert.ok(through.includes(`${r.method} ${sim.url}${sessionPath(r.path)}`), `${r.method} ${r.path} went through the proxy`);
    }
    assert.equal(proxy.forwarded.length, sim.requests.length, "nothing else, nothing twice");
  });

  it("lower-case http_proxy works the same; NO_PROXY (host:port, *) sends nothing through the proxy", async () => {
    await everyKindOfRequest({ http_proxy: proxy.url });
    assert.ok(proxy.forwarded.some((f) => f.includes("/run_sse")));
    const port = new URL(sim.url).port;
    for (const noProxy of [`127.0.0.1:${port}`, "*", `localhost,127.0.0.1`]) {
      proxy.forwarded.length = 0;
      sim.reset();
      await everyKindOfRequest({ HTTP_PROXY: proxy.url, NO_PROXY: noProxy });
      assert.deepEqual(proxy.forwarded, [], `NO_PROXY=${noProxy} bypasses the proxy`);
      assert.deepEqual(proxy.connects, []);
    }
  });

  it("NO_PROXY with a leading-dot domain: hosts under it go direct, others through the proxy", async () => {
    const attempt = async (env: Record<string, string>): Promise<void> => {
      const dispatcher = createProxyDispatcher({ env });
      // Nothing resolves api.corp.invalid: direct, that is a DNS failure; through the proxy, the proxy's answer.
      await rejection(() => makeClient("http://api.corp.invalid", { dispatcher }).client.credits());
      await dispatcher?.close();
    };
    await attempt({ HTTP_PROXY: proxy.url, NO_PROXY: ".corp.invalid" });
    assert.deepEqual(proxy.forwarded, [], "bypassed for a host under .corp.invalid");
    await attempt({ HTTP_PROXY: proxy.url, NO_PROXY: ".other.invalid" });
    assert.deepEqual(proxy.forwarded, ["POST http://api.corp.invalid/api/auth/anonymous-token"]);
  });

  it("a dead proxy: a quick network error that names the proxy; a proxy refusing CONNECT too", async () => {
    const dead = `http://127.0.0.1:${await closedPort()}`;
    const dispatcher = createProxyDispatcher({ proxy: dead, env: {} });
    const started = Date.now();
    const err = await rejection(() => makeClient(sim.url, { dispatcher }).client.credits());
    assert.ok(err instanceof NetworkError && err.code === "NETWORK", String(err));
    assert.equal(err.userMessage, `Could not connect to the proxy ${dead} (ECONNREFUSED).`);
    assert.match(err.nextStep ?? "", /HTTPS_PROXY/);
    assert.ok(Date.now() - started < 5_000, "no long hang");
    assert.equal(sim.requests.length, 0);
    await dispatcher?.close();

    // https targets tunnel through CONNECT; a proxy that answers 403 to it is named as well.
    const refusing = await startRecordingProxy({ refuseConnect: 403 });
    const viaRefusing = createProxyDispatcher({ env: { HTTPS_PROXY: `http://user:secret@${new URL(refusing.url).host}` } });
    const err2 = await rejection(() => makeClient("https://api.example.invalid", { dispatcher: viaRefusing }).client.credits());
    assert.ok(err2 instanceof NetworkError, String(err2));
    assert.equal(err2.userMessage, `The proxy ${refusing.url} refused the connection (HTTP 403).`, "named, without its password");
    assert.deepEqual(refusing.connects, ["api.example.invalid:443"]);
    await viaRefusing?.close();
    await refusing.close();
  });

  describe("over HTTPS with a self-signed certificate", () => {
    let https: Simulator;
    let certFile: string;
    before(async () => {
      const pems = await selfSigned([{ name: "commonName", value: "127.0.0.1" }], {
        keySize: 2048,
        algorithm: "sha256",
        extensions: [
          { name: "basicConstraints", cA: true },
          { name: "subjectAltName", altNames: [{ type: 7, ip: "127.0.0.1" }, { type: 2, value: "localhost" }] },
        ],
      } as Parameters<typeof selfSigned>[1]);
      https = await startSimulator({ timeScale: 0.002, seed: 12, silentCloseRate: 0, tls: { cert: pems.cert, key: pems.private } });
      certFile = path.join(await fs.mkdtemp(path.join(os.tmpdir(), "nemo-ca-")), "ca.pem");
      await fs.writeFile(certFile, pems.cert);
    });
    after(async () => {
      await https.close();
      await fs.rm(path.dirname(certFile), { recursive: true, force: true });
    });

    it("strict checking fails with a sentence about the certificate and the setting; lax works", async () => {
      assert.match(https.url, /^https:/);
      const err = await rejection(() => makeClient(https.url, { dispatcher: createProxyDispatcher({ env: {} }) }).client.credits());
      assert.ok(err instanceof NetworkError && err.code === "CERTIFICATE", String(err));
      assert.match(err.userMessage, /certificate is not trusted \((DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)\)/);
      assert.match(err.nextStep ?? "", /NODE_EXTRA_CA_CERTS/);
      assert.match(err.nextStep ?? "", /http\.proxyStrictSSL/);
      const lax = createProxyDispatcher({ env: {}, strictSSL: false });
      const credits = await makeClient(https.url, { dispatcher: lax }).client.credits();
      assert.ok(credits.available > 0);
      await lax?.close();
    });

    it("through the proxy an https API is one CONNECT tunnel per connection (chat included)", async () => {
      const dispatcher = createProxyDispatcher({ env: { HTTPS_PROXY: proxy.url }, strictSSL: false });
      const t = makeClient(https.url, { dispatcher });
      const reply = await t.client.chat("hello there");
      assert.ok(reply.text.length > 0);
      assert.ok(proxy.connects.length >= 1);
      assert.ok(proxy.connects.every((c) => c === new URL(https.url).host), proxy.connects.join());
      assert.deepEqual(proxy.forwarded, [], "nothing readable by the proxy");
      await dispatcher?.close();
    });

    describe("the CLI", () => {
      let cli: string;
      let config: string;
      before(async () => {
        cli = await buildCli();
      });
      beforeEach(async () => {
        config = await fs.mkdtemp(path.join(os.tmpdir(), "nemo-cli-net-"));
      });
      afterEach(async () => fs.rm(config, { recursive: true, force: true }));
      const base = (): Record<string, string> => ({ NEMOVIDEO_CONFIG_DIR: config, NEMO_TIME_SCALE: "0.01" });

      it("trusts a private CA through NODE_EXTRA_CA_CERTS, and says which setting when it is missing", async () => {
        const strict = await runCli(cli, ["credits", "--api", https.url], { env: base() });
        assert.equal(strict.code, EXIT.network, strict.stderr);
        assert.match(strict.stderr, /certificate is not trusted/);
        assert.match(strict.stderr, /NODE_EXTRA_CA_CERTS/);
        const trusted = await runCli(cli, ["credits", "--api", https.url, "--json"], { env: { ...base(), NODE_EXTRA_CA_CERTS: certFile } });
        assert.equal(trusted.code, EXIT.ok, trusted.stderr);
        assert.ok((JSON.parse(trusted.stdout) as { available: number }).available > 0);
      });

      it("HTTPS_PROXY pointing at nothing: exit 5 quickly with a sentence naming the proxy", async () => {
        https.reset();
        const dead = `http://127.0.0.1:${await closedPort()}`;
        const started = Date.now();
        const run = await runCli(cli, ["credits", "--api", https.url], { env: { ...base(), HTTPS_PROXY: dead, NODE_EXTRA_CA_CERTS: certFile } });
        assert.equal(run.code, EXIT.network, run.stderr);
        assert.match(run.stderr, new RegExp(`Could not connect to the proxy ${dead.replace(/[.:/]/g, "\\$&")} \\(ECONNREFUSED\\)`));
        assert.ok(Date.now() - started < 15_000);
        assert.equal(https.requests.filter((r) => r.route === "credits").length, 0);
      });

      it("--proxy sends everything through the given proxy; NO_PROXY=* still bypasses it", async () => {
        const run = await runCli(cli, ["chat", "hello", "--api", https.url, "--proxy", proxy.url], { env: { ...base(), NODE_EXTRA_CA_CERTS: certFile } });
        assert.equal(run.code, EXIT.ok, run.stderr);
        assert.ok(proxy.connects.length >= 1, "tunnelled through --proxy");
        proxy.connects.length = 0;
        const direct = await runCli(cli, ["credits", "--api", https.url, "--proxy", proxy.url], {
          env: { ...base(), NODE_EXTRA_CA_CERTS: certFile, NO_PROXY: "*" },
        });
        assert.equal(direct.code, EXIT.ok, direct.stderr);
        assert.deepEqual(proxy.connects, []);
      });
    });
  });
});
