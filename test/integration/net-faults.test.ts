// The vendor's other answer shapes and the network faults people meet (issue 8 §2, §3, §5), each
// injected into the simulator (or the network below the client) and checked where a person sees it.
// docs/FAULTS.md points at these tests by title.
import * as assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Agent } from "undici";
import { AuthError, CreditsError, InputError, NetworkError, ServerError } from "../../src/core/errors";
import type { KeyValueStore } from "../../src/core/support";
import { EXIT } from "../../src/cli/args";
import { toFailure } from "../../src/cli/failure";
import { startSimulator, type Simulator } from "../sim/index";
import { closedPort } from "./cli-harness";
import { assertNoTokens, makeClient, rejection, type TestClient } from "./client-helpers";

/** A secret store like SecretStorage without a keyring on Linux: every call rejects. */
class NoKeyring implements KeyValueStore {
  calls = 0;
  async get(): Promise<string | undefined> {
    this.calls++;
    throw new Error("Cannot create an item in a locked collection");
  }
  async set(): Promise<void> {
    this.calls++;
    throw new Error("Cannot create an item in a locked collection");
  }
}

describe("network: vendor shapes and injected faults", function () {
  this.timeout(60_000);
  let sim: Simulator;
  let dir: string;
  const clients: TestClient[] = [];
  const client = (overrides: Parameters<typeof makeClient>[1] = {}): TestClient => {
    const t = makeClient(sim.url, overrides);
    clients.push(t);
    return t;
  };
  const count = (route: string): number => sim.requests.filter((r) => r.route === route).length;

  before(async () => {
    sim = await startSimulator({ timeScale: 0.002, seed: 21, silentCloseRate: 0, trailingIssueRate: 0 });
  });
  after(async () => sim.close());
  beforeEach(async () => {
    sim.reset();
    clients.length = 0;
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "nemo-faults-"));
  });
  afterEach(async function () {
    await fs.rm(dir, { recursive: true, force: true });
    // Across every fault: the token never in a URL the simulator saw, nor in a log line or a notice.
    const tokens = sim.requests.map((r) => r.headers.authorization?.replace(/^Bearer /, "") ?? "").filter(Boolean);
    const texts = [...sim.requests.map((r) => r.path), ...clients.flatMap((t) => [...t.logger.lines, ...t.notices.map((n) => n.message)])];
    assertNoTokens(texts, tokens);
  });

  describe("auth and plan answers", () => {
    for (const code of [1010, 1011]) {
      it(`code ${code} from the gateway renews the token once, like 1001, and the call succeeds`, async () => {
        const t = client();
        await t.client.credits();
        sim.inject({ route: "credits", fault: { type: "code", code } });
        const credits = await t.client.credits();
        assert.ok(credits.available > 0);
        assert.equal(count("anonymous-token"), 2, "one renewal");
        assert.equal(count("credits"), 3);
        assert.ok(t.notices.some((n) => n.kind === "token-renewed"));
      });
    }

    it("a 1001 that survives one renewal: the next step says to set a token (editor and CLI)", async () => {
      const t = client();
      sim.inject({ route: "credits", times: 2, fault: { type: "code", code: 1001 } });
      const err = await rejection(() => t.client.credits());
      assert.ok(err instanceof AuthError && err.code === "TOKEN_INVALID", String(err));
      assert.match(err.nextStep ?? "", /set your own token/);
      assert.doesNotMatch(err.nextStep ?? "", /fresh free token(?! was refused)/);
      const cli = toFailure(err, {});
      assert.equal(cli.exitCode, EXIT.auth);
      assert.match(cli.nextStep ?? "", /set NEMO_TOKEN/);
      assert.doesNotMatch(cli.nextStep ?? "", /Run the command again/);
    });

    it("HTTP 403 'plan required' is a plan matter like 402, not retried", async () => {
      const t = client();
      await t.client.ensureSession();
      sim.inject({ route: "credits", fault: { type: "status", status: 403, message: "plan required" } });
      const err = await rejection(() => t.client.credits());
      assert.ok(err instanceof CreditsError && err.code === "PLAN_REQUIRED", String(err));
      assert.equal(err.link, "https://web.example/pricing");
      assert.match(err.userMessage, /subscription matter, not credits/);
      assert.equal(count("credits"), 1, "not retried");
      assert.equal(toFailure(err, {}).exitCode, EXIT.credits);
    });
  });

  describe("claim link", () => {
    it("uses the claim token when the service has one", async () => {
      const t = client();
      const link = await t.client.claimLink();
      assert.match(link, /^https:\/\/web\.example\/workspace\/claim\?ct=clm_/);
    });

    for (const [what, fault] of [
      ["missing (404)", { type: "status", status: 404 }],
      ["refused (405)", { type: "status", status: 405 }],
      ["refused (code 1003)", { type: "code", code: 1003 }],
    ] as const) {
      it(`falls back to the task page when the claim-token call is ${what}; the token is never in it`, async () => {
        const t = client();
        const ids = await t.client.ensureSession();
        sim.inject({ route: "claim-token", fault });
        const link = await t.client.claimLink();
        assert.equal(link, `https://web.example/workspace/task/${ids.taskId}?session=${ids.sessionId}`);
        assert.equal(count("claim-token"), 1);
        const token = sim.requests.find((r) => r.headers.authorization)?.headers.authorization?.slice(7) ?? "";
        assert.ok(token && !link.includes(token));
      });
    }

    it("does not hide a network failure behind the fallback", async () => {
      const t = makeClient(`http://127.0.0.1:${await closedPort()}`);
      assert.ok((await rejection(() => t.client.claimLink())) instanceof NetworkError);
    });
  });

  describe("upload answers", () => {
    it("reads the later vendor answer data.files[] (several files, every field) for the Session view", async () => {
      const a = path.join(dir, "shot.png");
      const b = path.join(dir, "take.mp4");
      const c = path.join(dir, "voice.mp3");
      for (const f of [a, b, c]) await fs.writeFile(f, Buffer.alloc(1000, 1));
      const t = client();
      sim.inject({ route: "upload", fault: { type: "upload-files" } });
      const result = await t.client.uploadFiles([a, b, c]);
      assert.deepEqual(result.files, ["shot.png", "take.mp4", "voice.mp3"]);
      assert.equal(result.uploaded.length, 3);
      const [img, vid, aud] = result.uploaded;
      assert.equal(img.fileName, "shot.png");
      assert.equal(img.kind, "image");
      assert.equal(img.width, 1920);
      assert.equal(img.height, 1080);
      assert.equal(img.fps, undefined);
      assert.match(img.url ?? "", /^http:\/\/127\.0\.0\.1:\d+\/cdn\/upl_/);
      assert.equal(vid.kind, "video");
      assert.equal(vid.fps, 30);
      assert.equal(vid.durationSec, 10.5);
      assert.equal(aud.kind, "audio");
      assert.equal(aud.width, undefined);
      assert.match(aud.hash ?? "", /^[0-9a-f]{64}$/);
    });

    it("reads the simulator's default answer too (file_name, media_type), and URL uploads", async () => {
      const a = path.join(dir, "one.jpg");
      await fs.writeFile(a, Buffer.alloc(500, 2));
      const t = client();
      const files = await t.client.uploadFiles([a]);
      assert.deepEqual(files.uploaded.map((u) => [u.fileName, u.kind]), [["one.jpg", "image"]]);
      const urls = await t.client.uploadUrls(["https://media.example/clip.mp4"]);
      assert.deepEqual(urls.uploaded.map((u) => [u.fileName, u.kind]), [["clip.mp4", "video"]]);
    });
  });

  describe("network faults", () => {
    it("DNS failure: a network error (CLI exit 5), nothing sent", async () => {
      const lookup = (_host: string, _opts: unknown, cb: (err: NodeJS.ErrnoException) => void): void =>
        cb(Object.assign(new Error("getaddrinfo ENOTFOUND api.nemo.example"), { code: "ENOTFOUND" }));
      const dispatcher = new Agent({ connect: { lookup: lookup as never } });
      const t = makeClient("http://api.nemo.example", { dispatcher });
      const err = await rejection(() => t.client.credits());
      assert.ok(err instanceof NetworkError && err.code === "NETWORK", String(err));
      assert.equal(err.userMessage, "Could not reach the NemoVideo service.");
      assert.equal(toFailure(err, {}).exitCode, EXIT.network);
      await dispatcher.close();
    });

    it("connection refused: a network error (CLI exit 5)", async () => {
      const t = makeClient(`http://127.0.0.1:${await closedPort()}`);
      const err = await rejection(() => t.client.credits());
      assert.ok(err instanceof NetworkError && err.code === "NETWORK", String(err));
      assert.equal(toFailure(err, {}).exitCode, EXIT.network);
    });

    it("a cut or refused download is a network failure (exit 5), not a server one, and leaves no file", async () => {
      const t = client();
      sim.inject({ route: "blob", fault: { type: "cut", afterBytes: 5000 } });
      const media = { key: "cut", url: `${sim.url}/__sim/blob?bytes=200000`, kind: "image" as const, name: "cut.png" };
      const cut = await rejection(() => t.client.downloadMedia(media, { outDir: dir }));
      assert.ok(cut instanceof NetworkError && cut.code === "DOWNLOAD_FAILED", String(cut));
      assert.equal(toFailure(cut, {}).exitCode, EXIT.network);
      const refusedUrl = `http://127.0.0.1:${await closedPort()}/media/x.png`;
      const refused = await rejection(() => t.client.downloadMedia({ ...media, url: refusedUrl }, { outDir: dir }));
      assert.ok(refused instanceof NetworkError, String(refused));
      assert.equal(toFailure(refused, {}).exitCode, EXIT.network);
      assert.deepEqual(await fs.readdir(dir), [], "no partial file");
    });

    it("a 503 with Retry-After: one wait, then the call succeeds; a wait past 2 minutes: fails at once, saying when", async () => {
      const t = client();
      await t.client.credits();
      sim.inject({ route: "credits", fault: { type: "status", status: 503, retryAfter: 30 } });
      assert.ok((await t.client.credits()).available > 0);
      assert.deepEqual(t.clock.sleeps, [10], "waited as asked (30 s at the test scale), once");
      assert.ok(t.notices.some((n) => n.kind === "rate-limited"));
      sim.inject({ route: "credits", fault: { type: "status", status: 503, retryAfter: 600 } });
      const err = await rejection(() => t.client.credits());
      assert.ok(err instanceof ServerError && err.code === "RATE_LIMITED", String(err));
      assert.match(err.toDisplayString(), /^The NemoVideo service is unavailable for now \(HTTP 503\) and asked to wait 600 s\. Try again after \d\d:\d\d:\d\d \(in about 600 s\)\.$/);
      assert.deepEqual(t.clock.sleeps, [10], "no wait inside a window it cannot use");
      assert.equal(count("credits"), 4);
    });

    it("a 413 HTML page from a proxy on upload: says the proxy refused, not the 200 MB rule; nothing recorded", async () => {
      const f = path.join(dir, "small.mp4");
      await fs.writeFile(f, Buffer.alloc(64 * 1024, 3));
      const t = client();
      await t.client.ensureSession();
      sim.inject({ route: "upload", fault: { type: "status", status: 413, html: true } });
      const err = await rejection(() => t.client.uploadFiles([f]));
      assert.ok(err instanceof InputError && err.code === "FILE_TOO_LARGE", String(err));
      assert.equal(err.userMessage, "A proxy between you and NemoVideo refused the upload as too large (HTTP 413).");
      assert.equal(sim.uploads.length, 0);
      assert.equal(count("upload"), 1, "not retried");
    });

    it("a 200 HTML page where the SSE stream should be: a clear error, the message sent once", async () => {
      const t = client();
      await t.client.ensureSession();
      sim.inject({ route: "run_sse", fault: { type: "html" } });
      const err = await rejection(() => t.client.chat("hello"));
      assert.ok(err instanceof ServerError && err.code === "BAD_RESPONSE", String(err));
      assert.match(err.userMessage, /a web page instead of the answer/);
      assert.match(toFailure(err, {}).nextStep ?? "", /NEMO_DEBUG=1/);
      assert.equal(count("run_sse"), 1, "never re-sent");
    });

    it("a 200 HTML page where JSON should be: BAD_RESPONSE, no crash", async () => {
      const t = client();
      await t.client.ensureSession();
      sim.inject({ route: "credits", fault: { type: "html" } });
      const err = await rejection(() => t.client.credits());
      assert.ok(err instanceof ServerError && err.code === "BAD_RESPONSE", String(err));
      assert.match(err.userMessage, /expected JSON, got text\/html/);
    });

    it("a gzip-encoded SSE stream is decoded as it arrives", async () => {
      const t = client();
      await t.client.ensureSession();
      sim.inject({ route: "run_sse", fault: { type: "gzip" } });
      const events: string[] = [];
      const reply = await t.client.chat("hello, what can you do?", { onEvent: (e) => e.type === "text" && events.push(e.type) });
      assert.equal(reply.outcome, "completed");
      assert.ok(reply.text.length > 20, reply.text);
      assert.ok(events.length > 0, "text streamed");
      assert.equal(count("run_sse"), 1);
    });

    it("an event delivered one byte per write: the same text as whole events, no broken characters", async () => {
      const whole = client();
      await whole.client.ensureSession();
      const expected = await whole.client.chat("你好，你能做什么？");
      sim.reset();
      const t = client();
      await t.client.ensureSession();
      sim.inject({ route: "run_sse", fault: { type: "trickle" } });
      const reply = await t.client.chat("你好，你能做什么？");
      assert.equal(reply.outcome, "completed");
      assert.ok(!reply.text.includes("\uFFFD"), "no split UTF-8 sequence");
      assert.equal(reply.text, expected.text);
      assert.equal(count("run_sse"), 1);
    });

    it("an anonymous token whose expires_at is already past still works; no token storm", async () => {
      const t = client();
      sim.inject({ route: "anonymous-token", fault: { type: "expired-at" } });
      await t.client.credits();
      await t.client.credits();
      await t.client.state();
      assert.equal(count("anonymous-token"), 1);
    });
  });

  describe("keyring", () => {
    it("a secret store that rejects (no keyring): told once, works for this window, no unhandled rejection", async () => {
      const unhandled: unknown[] = [];
      const onUnhandled = (r: unknown): void => void unhandled.push(r);
      process.on("unhandledRejection", onUnhandled);
      try {
        const secrets = new NoKeyring();
        const t = client({ secrets: secrets as never });
        await t.client.credits();
        await t.client.credits();
        assert.equal(count("anonymous-token"), 1, "the token is kept in memory for this window");
        const told = t.notices.filter((n) => n.kind === "token-not-kept");
        assert.equal(told.length, 1);
        assert.match(told[0].message, /cannot be stored on this computer.*requested next time/);
        await t.client.setToken("nmv_usr_pasted_by_person");
        assert.equal(await t.client.tokenSource(), "stored");
        const again = t.notices.filter((n) => n.kind === "token-not-kept").at(-1);
        assert.match(again?.message ?? "", /asked for it again next time/);
        assert.ok(!again?.message.includes("nmv_usr_pasted_by_person"));
        await new Promise((r) => setImmediate(r));
        assert.deepEqual(unhandled, []);
      } finally {
        process.off("unhandledRejection", onUnhandled);
      }
    });
  });
});
