/** The CLI's pieces in-process: config files on a real temp dir, argument parsing, output, failures. */
import { strict as assert } from "node:assert";
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { defaultTiming } from "../../src/core/api";
import { AuthError, CancelledError, CreditsError, InputError, NetworkError, ServerError } from "../../src/core/errors";
import { silentLogger } from "../../src/core/support";
import { EXIT, parseInvocation } from "../../src/cli/args";
import type { NemoClientApi } from "../../src/core/api";
import type { ChatResult } from "../../src/core/types";
import { PNG_SIGNATURE } from "./cli-harness";
import { runCommand } from "../../src/cli/commands";
import { configDir, FileStore, openStores } from "../../src/cli/config";
import { cliNextStep, toFailure } from "../../src/cli/failure";
import { languageFromEnv, timingFromEnv } from "../../src/cli/main";
import { Output, type Stream } from "../../src/cli/output";

function sink(isTTY: boolean): Stream & { text: string } {
  const s = { text: "", isTTY, columns: 60, write: (c: string) => ((s.text += c), true) };
  return s;
}

describe("imagegen CLI parts", () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), "imagegen-parts-"));
  after(() => rmSync(tmp, { recursive: true, force: true }));

  describe("config directory and files", () => {
    it("resolves NEMOVIDEO_CONFIG_DIR, then XDG_CONFIG_HOME, then ~/.config", () => {
      assert.equal(configDir({ NEMOVIDEO_CONFIG_DIR: "/a/b", XDG_CONFIG_HOME: "/x", HOME: "/h" }), "/a/b");
      assert.equal(configDir({ XDG_CONFIG_HOME: "/x", HOME: "/h" }), "/x/nemovideo");
      assert.equal(configDir({ XDG_CONFIG_HOME: "relative", HOME: "/h" }), "/h/.config/nemovideo");
      assert.equal(configDir({ HOME: "/h" }), "/h/.config/nemovideo");
    });

    it("round-trips values atomically, with mode 0600 files in a 0700 directory and no temp files left", async () => {
      const dir = path.join(tmp, "store1", "nested");
      const store = new FileStore(path.join(dir, "token.json"), 0o600, silentLogger);
      assert.equal(await store.get("k"), undefined);
      await Promise.all([store.set("a", "1"), store.set("b", "2"), store.set("c", "3")]);
      assert.deepEqual(JSON.parse(readFileSync(path.join(dir, "token.json"), "utf8")), { a: "1", b: "2", c: "3" });
      await store.set("b", undefined);
      assert.equal(await store.get("b"), undefined);
      assert.equal(await store.get("a"), "1");
      assert.equal(statSync(dir).mode & 0o777, 0o700);
      assert.equal(statSync(path.join(dir, "token.json")).mode & 0o777, 0o600);
      assert.deepEqual(readdirSync(dir), ["token.json"]);
    });

    it("treats a broken or non-object file as empty and tightens a too-open mode", async () => {
      const file = path.join(tmp, "broken.json");
      writeFileSync(file, "{not json");
      chmodSync(file, 0o644);
      const store = new FileStore(file, 0o600, silentLogger);
      assert.equal(await store.get("x"), undefined);
      assert.equal(statSync(file).mode & 0o777, 0o600);
      writeFileSync(file, JSON.stringify(["a"]));
      assert.equal(await store.get("0"), undefined);
      writeFileSync(file, JSON.stringify({ s: "ok", n: 5 }));
      assert.equal(await store.get("s"), "ok");
      assert.equal(await store.get("n"), undefined, "non-string values are ignored");
    });

    it("reports every secret it reads or writes so output can be scrubbed", async () => {
      const seen: string[] = [];
      const stores = openStores({ NEMOVIDEO_CONFIG_DIR: path.join(tmp, "cfg") }, silentLogger, (v) => seen.push(v));
      await stores.secrets.set("nemo.token", "nmv_usr_abcdef123");
      await stores.globalStore.set("nemo.clientId", "client-1");
      assert.deepEqual(seen, ["nmv_usr_abcdef123"]);
      await stores.secrets.get("nemo.token");
      assert.equal(seen.length, 2);
    });
  });

  describe("arguments", () => {
    const env = {};
    it("parses commands, options and positionals", () => {
      const inv = parseInvocation(["generate", "a", "red", "fox", "--out", "/tmp/x", "--json", "--api", "http://127.0.0.1:9/"], env);
      assert.equal(inv.command, "generate");
      assert.deepEqual(inv.args, ["a", "red", "fox"]);
      assert.equal(inv.outDir, "/tmp/x");
      assert.equal(inv.json, true);
      assert.equal(inv.apiUrl, "http://127.0.0.1:9");
    });

    it("takes the API and web URLs from the environment when no flag is given", () => {
      const inv = parseInvocation(["credits"], { NEMO_API_URL: "http://127.0.0.1:5", NEMO_WEB_URL: "https://w.test/" });
      assert.equal(inv.apiUrl, "http://127.0.0.1:5");
      assert.equal(inv.webUrl, "https://w.test");
    });

    it("takes --proxy for every command", () => {
      assert.equal(parseInvocation(["credits", "--proxy", "http://proxy.corp:3128"], {}).proxy, "http://proxy.corp:3128");
      assert.equal(parseInvocation(["chat", "hi", "--proxy", "http://p:1"], {}).proxy, "http://p:1");
      assert.equal(parseInvocation(["credits"], {}).proxy, undefined);
    });

    it("--help, help and no command mean help; --version wins", () => {
      assert.equal(parseInvocation([], env).command, "help");
      assert.equal(parseInvocation(["help"], env).command, "help");
      assert.equal(parseInvocation(["credits", "-h"], env).command, "help");
      assert.equal(parseInvocation(["--version"], env).command, "version");
    });

    const refused: [string[], RegExp][] = [
      [["credits", "--token", "nmv_usr_x"], /no --token option/],
      [["credits", "--token=nmv_usr_x"], /no --token option/],
      [["dance"], /Unknown command/],
      [["generate"], /needs a prompt/],
      [["chat", "  "], /needs a message/],
      [["upload"], /at least one file/],
      [["credits", "extra"], /takes no arguments/],
      [["credits", "--bogus"], /Unknown option/],
      [["chat", "hi", "--out", "/tmp"], /--out only applies/],
      [["credits", "--api", "ftp://x"], /http:\/\/ or https:\/\//],
      [["credits", "--api", "not a url"], /not a URL/],
      [["credits", "--api", "https://user:pw@host"], /user name or password/],
    ];
    for (const [argv, message] of refused) {
      it(`refuses ${argv.join(" ")} as bad input`, () => {
        assert.throws(
          () => parseInvocation(argv, env),
          (err: unknown) => err instanceof InputError && message.test(err.userMessage) && !err.userMessage.includes("nmv_usr_x"),
        );
      });
    }
  });

  describe("failures", () => {
    it("maps error categories to the documented exit codes", () => {
      const cases: [unknown, number][] = [
        [new AuthError("TOKEN_INVALID", { userMessage: "x." }), EXIT.auth],
        [new CreditsError("OUT_OF_CREDITS", { userMessage: "x." }), EXIT.credits],
        [new CreditsError("EXPORT_BLOCKED", { userMessage: "x." }), EXIT.credits],
        [new InputError("UNSUPPORTED_FILE", { userMessage: "x." }), EXIT.usage],
        [new NetworkError("NETWORK", { userMessage: "x." }), EXIT.network],
        [new ServerError("TIMEOUT", { userMessage: "x." }), EXIT.network],
        [new ServerError("SERVER", { userMessage: "x." }), EXIT.server],
        [new CancelledError(), EXIT.cancelled],
        [Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }), EXIT.network],
        [new TypeError("a bug"), EXIT.other],
        [{ weird: true }, EXIT.other],
      ];
      for (const [err, code] of cases) assert.equal(toFailure(err).exitCode, code, String(err));
    });

    it("says next steps the terminal way", () => {
      assert.match(cliNextStep("TOKEN_INVALID", "Set a new token (Image Generation: Set Token).", { NEMO_TOKEN: "t" }) ?? "", /NEMO_TOKEN/);
      assert.match(cliNextStep("SESSION_NOT_FOUND", "x", {}) ?? "", /imagegen new-session/);
      assert.equal(
        cliNextStep("TIMEOUT", "It may still finish: resume the export later (render render_123).", {}),
        "It may still finish: imagegen export --resume render_123 --out <dir>",
      );
      assert.equal(toFailure(new Error("boom"), {}).nextStep, "Try again; if it keeps happening, see the log (rerun with NEMO_DEBUG=1 to see it).");
      assert.equal(cliNextStep("BAD_INPUT", "Pick a file (Image Generation: Upload).", {}), "Pick a file.");
    });
  });

  describe("output", () => {
    it("shows progress only on a terminal, throttled, and clears it before text", () => {
      let now = 0;
      const err = sink(true);
      const out = sink(true);
      const o = new Output(out, err, false, () => now);
      o.progress("Uploading a 10%");
      o.progress("Uploading a 11%"); // within 100 ms: dropped
      now = 200;
      o.progress("Uploading a 50%");
      assert.equal((err.text.match(/\r/g) ?? []).length, 2);
      o.line("done");
      assert.ok(err.text.endsWith("\r\x1b[K"));
      assert.equal(out.text, "done\n");

      const quietErr = sink(false);
      const quiet = new Output(sink(false), quietErr, false);
      quiet.progress("Uploading 10%", true);
      assert.equal(quietErr.text, "");
    });

    it("scrubs known secrets from everything it prints", () => {
      const out = sink(false);
      const err = sink(false);
      const o = new Output(out, err, false);
      o.addSecret("sekrit-value-123");
      o.text("token is sekrit-value-123\n");
      o.status("status sekrit-value-123");
      o.document({ t: "sekrit-value-123" });
      assert.ok(!out.text.includes("sekrit-value-123") && !err.text.includes("sekrit-value-123"));
    });

    it("ends streamed text with a newline and prints nothing but the document in JSON mode", () => {
      const out = sink(false);
      const o = new Output(out, sink(false), false);
      o.text("Hello ");
      o.text("there");
      o.endText();
      assert.equal(out.text, "Hello there\n");
      const jout = sink(false);
      const j = new Output(jout, sink(false), true);
      j.text("streamed");
      j.line("line");
      j.document({ ok: true });
      assert.equal(jout.text, '{"ok":true}\n');
    });
  });

  describe("environment", () => {
    it("derives the session language from the locale", () => {
      assert.equal(languageFromEnv({ LANG: "zh_CN.UTF-8" }), "zh-cn");
      assert.equal(languageFromEnv({ LANG: "de_DE.UTF-8" }), "de");
      assert.equal(languageFromEnv({ LC_ALL: "fr_FR", LANG: "en_US" }), "fr");
      assert.equal(languageFromEnv({ LANG: "C" }), "en");
      assert.equal(languageFromEnv({}), "en");
    });

    it("scales every protocol delay with NEMO_TIME_SCALE, keeping the counts", () => {
      assert.equal(timingFromEnv({}), undefined);
      assert.equal(timingFromEnv({ NEMO_TIME_SCALE: "nonsense" }), undefined);
      const t = timingFromEnv({ NEMO_TIME_SCALE: "0.01" });
      assert.equal(t?.renderPollMs, defaultTiming.renderPollMs / 100);
      assert.equal(t?.recoveryMaxReads, defaultTiming.recoveryMaxReads);
    });

    it("generate runs as a job that asks the agent for an image, or a video when the prompt names one (the core frames it)", async () => {
      const sent: string[] = [];
      const fake = {
        currentSession: () => undefined,
        chat: async (message: string): Promise<ChatResult> => {
          sent.push(message);
          return { outcome: "completed", text: "done", changes: [], newMedia: [{ kind: "image", url: "https://media.example.test/a.png", key: `k${sent.length}` }], actions: [] };
        },
        downloadMedia: async (_m: unknown, opts: { outDir: string }): Promise<string> => {
          const file = path.join(opts.outDir, `a${sent.length}.png`);
          writeFileSync(file, PNG_SIGNATURE);
          return file;
        },
      };
      const client = fake as unknown as NemoClientApi; // only what the job runner reaches
      const run = (args: string[]): Promise<unknown> =>
        runCommand({ client, out: new Output(sink(false), sink(false), false), inv: { command: "generate", args, apiUrl: "http://127.0.0.1:1", webUrl: "http://127.0.0.1:1", json: false, outDir: tmp }, signal: new AbortController().signal });
      await run(["a red fox in snow"]);
      await run(["a", "video", "of", "waves"]);
      await run(["一段海浪的视频"]);
      assert.deepEqual(sent, ["Generate an image of a red fox in snow", "a video of waves", "一段海浪的视频"]);
    });
  });
});
