/**
 * The built `imagegen` CLI as a child process against an in-process simulator, with a temp
 * config directory per scenario. Checks real files (PNG/MP4 signatures), what reached the
 * simulator, exit codes, the token file's mode, and that the token is never printed.
 */
import { strict as assert } from "node:assert";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startSimulator, type Simulator } from "../sim/index";
import { buildCli, closedPort, type CliRun, PNG_SIGNATURE, ROOT, runCli, type RunOptions, waitFor } from "./cli-harness";

const TIME_SCALE = 0.02;

describe("imagegen CLI (built bundle against the simulator)", function () {
  this.timeout(60_000);
  let cli: string;
  let sim: Simulator;
  const outputs: string[] = [];
  const tmp = mkdtempSync(path.join(os.tmpdir(), "imagegen-cli-test-"));
  let dirCount = 0;
  const freshDir = (name: string): string => mkdtempSync(path.join(tmp, `${name}-${dirCount++}-`));
  const mainConfig = freshDir("config");

  async function run(args: string[], opts: { config?: string; env?: Record<string, string>; onSpawn?: RunOptions["onSpawn"] } = {}): Promise<CliRun> {
    const r = await runCli(cli, args, {
      env: {
        HOME: tmp,
        NEMOVIDEO_CONFIG_DIR: opts.config ?? mainConfig,
        NEMO_API_URL: sim.url,
        NEMO_WEB_URL: "https://web.example.test",
        NEMO_TIME_SCALE: String(TIME_SCALE),
        ...opts.env,
      },
      onSpawn: opts.onSpawn,
    });
    outputs.push(r.stdout, r.stderr);
    return r;
  }

  function storedToken(config: string): string {
    const data = JSON.parse(readFileSync(path.join(config, "token.json"), "utf8")) as Record<string, string>;
    const token = Object.values(data)[0];
    assert.ok(token && token.length > 8, "a token is stored");
    return token;
  }

  before(async function () {
    this.timeout(120_000);
    cli = await buildCli();
    sim = await startSimulator({ timeScale: TIME_SCALE, initialCredits: 1000, seed: 7, silentCloseRate: 0 });
  });

  after(async () => {
    await sim?.close();
    rmSync(tmp, { recursive: true, force: true });
    if (cli) rmSync(path.dirname(cli), { recursive: true, force: true });
  });

  it("--help documents the commands and every exit code; --version prints the version", async () => {
    const help = await run(["--help"]);
    assert.equal(help.code, 0);
    for (const word of ["generate", "chat", "upload", "credits", "state", "export", "link", "mcp", "NEMO_TOKEN"]) assert.match(help.stdout, new RegExp(word));
    for (const code of ["0", "1", "2", "3", "4", "5", "6", "130"]) assert.match(help.stdout, new RegExp(`^\\s+${code}\\s+\\S`, "m"));
    const version = await run(["--version"]);
    const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string };
    assert.equal(version.stdout.trim(), pkg.version);
  });

  it("generate streams the agent text and saves a valid PNG in --out", async () => {
    const out = freshDir("gen");
    const r = await run(["generate", "a red fox in snow", "--out", out]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /fox/i, "agent text on stdout");
    const saved = /^Saved (.+)$/m.exec(r.stdout)?.[1];
    assert.ok(saved, "the saved path is printed");
    assert.equal(path.dirname(saved), out);
    assert.ok(readFileSync(saved).subarray(0, 8).equals(PNG_SIGNATURE), "a PNG file");
    assert.doesNotMatch(r.stderr, /Error|at .*\.js:\d+/);
    const sse = sim.requests.find((q) => q.path === "/run_sse");
    assert.equal(sse?.headers["x-skill-platform"], "cli");
  });

  it("keeps the token in token.json (0600) inside a 0700 directory", () => {
    assert.equal(statSync(mainConfig).mode & 0o777, 0o700);
    assert.equal(statSync(path.join(mainConfig, "token.json")).mode & 0o777, 0o600);
    assert.match(storedToken(mainConfig), /^nmv_/);
  });

  it("chat streams text to stdout as it arrives", async () => {
    const slow = await startSimulator({ timeScale: 0.1, seed: 3, silentCloseRate: 0, trailingIssueRate: 0 });
    try {
      const r = await run(["chat", "hello, what can you do?"], { config: freshDir("chat"), env: { NEMO_API_URL: slow.url } });
      assert.equal(r.code, 0, r.stderr);
      assert.ok(r.stdout.trim().length > 20, "agent text printed");
      assert.ok(r.stdoutChunks > 1, `text arrived in pieces (got ${r.stdoutChunks} chunk)`);
      assert.ok(r.stdout.endsWith("\n"));
    } finally {
      await slow.close();
    }
  });

  it("chat --json prints one JSON document with the text", async () => {
    const r = await run(["chat", "hello", "--json"]);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as { outcome: string; text: string };
    assert.equal(typeof doc.text, "string");
    assert.ok(["completed", "silent-close", "recovered"].includes(doc.outcome));
  });

  it("chat against the API-reference shape (flat events): the agent's words once each, plain and --json; a silent close reported", async () => {
    const ref = await startSimulator({ timeScale: TIME_SCALE, initialCredits: 1000, seed: 5, silentCloseRate: 0, trailingIssueRate: 1, shape: "reference" });
    try {
      const config = freshDir("reference");
      const env = { NEMO_API_URL: ref.url };
      const plain = await run(["chat", "generate an image of a red fox"], { config, env });
      assert.equal(plain.code, 0, plain.stderr);
      assert.match(plain.stdout, /fox/i, "the agent's words were printed");
      const lines = plain.stdout.split(/(?<=[.!?])\s+/).map((l) => l.trim()).filter(Boolean);
      assert.equal(new Set(lines).size, lines.length, plain.stdout);
      assert.doesNotMatch(plain.stdout, /tool_call|generate_image|temporary issue/i);
      const json = await run(["chat", "hello, what can you do?", "--json"], { config, env });
      assert.equal(json.code, 0, json.stderr);
      const doc = JSON.parse(json.stdout) as { outcome: string; text: string };
      assert.equal(doc.outcome, "completed");
      assert.ok(doc.text.trim().length > 10, doc.text);
      ref.inject({ route: "run_sse", fault: { type: "silent-close" } });
      const silent = await run(["chat", "add a title 'Paradise Found'", "--json"], { config, env });
      assert.equal(silent.code, 0, silent.stderr);
      const s = JSON.parse(silent.stdout) as { outcome: string; text: string };
      assert.equal(s.outcome, "silent-close");
      assert.match(s.text, /Title (added|changed)/);
    } finally {
      await ref.close();
    }
  });

  it("upload sends a file and a URL to the session", async () => {
    const before = sim.uploads.length;
    const url = "https://example.com/photo.jpg";
    const r = await run(["upload", path.join(ROOT, "test/fixtures/sample.jpg"), url]);
    assert.equal(r.code, 0, r.stderr);
    const got = sim.uploads.slice(before);
    assert.ok(got.some((u) => u.fileName === "sample.jpg" && u.size === statSync(path.join(ROOT, "test/fixtures/sample.jpg")).size));
    assert.ok(got.some((u) => u.url === url));
    assert.match(r.stdout, /Uploaded sample\.jpg/);
  });

  /** The upload jobs on the ledger beside the token (jobs.json), newest first. */
  function uploadJobs(config: string): Array<{ id: string; state: string; surface: string; sessionId?: string; extra?: Record<string, unknown>; media: { url: string }[] }> {
    let text: string;
    try {
      text = readFileSync(path.join(config, "jobs.json"), "utf8");
    } catch {
      return [];
    }
    const jobs = (JSON.parse(text) as { jobs: Array<{ kind: string }> }).jobs;
    return jobs.filter((j) => j.kind === "upload") as unknown as ReturnType<typeof uploadJobs>;
  }

  type LedgerJob = { id: string; kind: string; state: string; surface: string; prompt?: string; sessionId?: string; sentAt?: number; detached?: boolean; watchUntil?: number; media: { url: string; path?: string }[] };
  /** Every job on the ledger beside the token (jobs.json), as the file holds them. */
  function ledgerJobs(config: string): LedgerJob[] {
    try {
      return (JSON.parse(readFileSync(path.join(config, "jobs.json"), "utf8")) as { jobs: LedgerJob[] }).jobs;
    } catch {
      return [];
    }
  }

  it("generate is a cli job on the ledger beside the token: done, with the saved file", async () => {
    const config = freshDir("gen-ledger");
    const out = freshDir("gen-ledger-out");
    const r = await run(["generate", "a copper kettle on a stove", "--out", out], { config });
    assert.equal(r.code, 0, r.stderr);
    const saved = /^Saved (.+)$/m.exec(r.stdout)?.[1];
    assert.ok(saved && readFileSync(saved).subarray(0, 8).equals(PNG_SIGNATURE), r.stdout);
    const jobs = ledgerJobs(config).filter((j) => j.kind === "generate");
    assert.equal(jobs.length, 1, JSON.stringify(jobs));
    const [job] = jobs;
    assert.equal(job.surface, "cli");
    assert.equal(job.state, "done");
    assert.equal(job.prompt, "a copper kettle on a stove");
    assert.ok(job.sessionId && job.sentAt, JSON.stringify(job));
    assert.deepEqual(job.media.flatMap((m) => (m.path ? [m.path] : [])), [saved]);
  });

  it("generate --json keeps its document when run as a job", async () => {
    const out = freshDir("gen-json");
    const r = await run(["generate", "a green teapot", "--out", out, "--json"], { config: freshDir("gen-json-config") });
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout.slice(0, r.stdout.lastIndexOf("}") + 1)) as { outcome: string; text: string; files: string[]; changes: string[]; media: { kind: string; url: string }[] };
    assert.deepEqual(Object.keys(doc), ["outcome", "text", "files", "changes", "media"]);
    assert.equal(doc.files.length, 1);
    assert.equal(path.dirname(doc.files[0]), out);
    assert.ok(doc.media.length >= 1 && doc.media.every((m) => typeof m.url === "string"));
  });

  it("chat: a message asking for an image is a cli job (media recorded); a question stays off the ledger", async () => {
    const config = freshDir("chat-ledger");
    const r = await run(["chat", "generate an image of a lighthouse at dusk"], { config });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /lighthouse/i, "the agent's words were printed");
    const jobs = ledgerJobs(config).filter((j) => j.kind === "generate");
    assert.equal(jobs.length, 1, JSON.stringify(jobs));
    assert.equal(jobs[0].surface, "cli");
    assert.equal(jobs[0].state, "done");
    assert.equal(jobs[0].prompt, "generate an image of a lighthouse at dusk");
    assert.ok(jobs[0].media.length >= 1 && jobs[0].media.every((m) => /^https?:/.test(m.url) && m.path === undefined), JSON.stringify(jobs[0]));
    const q = await run(["chat", "what can you do?"], { config });
    assert.equal(q.code, 0, q.stderr);
    assert.equal(ledgerJobs(config).filter((j) => j.kind === "generate" || j.kind === "edit").length, 1, "a free question is no job");
  });

  it("generate: Ctrl+C after the message reached the agent exits 130, says the job keeps going, and the job is detached (not cancelled)", async () => {
    const config = freshDir("gen-detach");
    sim.inject({ route: "run_sse", fault: { type: "stall", ms: 1e9 } });
    try {
      const sent = (): LedgerJob | undefined => ledgerJobs(config).find((j) => j.kind === "generate" && j.sentAt !== undefined);
      const r = await run(["generate", "a slow snail", "--out", freshDir("gen-detach-out")], {
        config,
        onSpawn: (child) => {
          void waitFor(() => sent() !== undefined, 30_000).then(() => child.kill("SIGINT"));
        },
      });
      assert.equal(r.code, 130, r.stderr);
      const job = sent();
      assert.ok(job, "the job reached the agent");
      assert.match(r.stderr, new RegExp(`job ${job.id} keeps going`));
      assert.match(r.stderr, /list_jobs/);
      assert.equal(job.detached, true, JSON.stringify(job));
      assert.ok(job.watchUntil !== undefined && job.watchUntil > job.sentAt!, "a later imagegen mcp resumes the watch until then");
      assert.notEqual(job.state, "cancelled");
    } finally {
      sim.clearFaults();
    }
  });

  it("generate: Ctrl+C before the message reached the agent cancels the job (nothing charged)", async () => {
    const config = freshDir("gen-cancel");
    sim.inject({ route: "run_sse", fault: { type: "slow", ms: 1e9 } }); // no answer (no headers): the message never reached the agent
    try {
      const before = sim.requests.length;
      const r = await run(["generate", "a quick hare", "--out", freshDir("gen-cancel-out")], {
        config,
        onSpawn: (child) => {
          void waitFor(() => sim.requests.slice(before).some((q) => q.path === "/run_sse"), 30_000).then(() => child.kill("SIGINT"));
        },
      });
      assert.equal(r.code, 130, r.stderr);
      assert.doesNotMatch(r.stderr, /keeps going/);
      const jobs = ledgerJobs(config).filter((j) => j.kind === "generate");
      assert.equal(jobs.length, 1, JSON.stringify(jobs));
      assert.equal(jobs[0].state, "cancelled");
      assert.equal(jobs[0].sentAt, undefined);
      await waitFor(() => sim.requests.slice(before).some((q) => q.path === "/run_sse" && q.aborted));
    } finally {
      sim.clearFaults();
    }
  });

  it("upload: each file and link is a job on the ledger beside the token, done with what the service reported", async () => {
    const config = freshDir("upload-ledger");
    const url = "https://example.com/ledger-photo.jpg";
    const r = await run(["upload", path.join(ROOT, "test/fixtures/sample.jpg"), url], { config });
    assert.equal(r.code, 0, r.stderr);
    const jobs = uploadJobs(config);
    const file = jobs.find((j) => j.extra?.name === "sample.jpg");
    const link = jobs.find((j) => j.media.some((m) => m.url === url));
    assert.ok(file && link, JSON.stringify(jobs));
    for (const j of [file, link]) {
      assert.equal(j.state, "done");
      assert.equal(j.surface, "cli");
      assert.ok(j.sessionId, "the upload's job names no session");
    }
  });

  it("upload is on the ledger from its start (uploading); Ctrl+C marks it cancelled and the request really ends", async () => {
    const config = freshDir("upload-inflight");
    const file = path.join(freshDir("upload-src"), "in-flight.jpg");
    writeFileSync(file, readFileSync(path.join(ROOT, "test/fixtures/sample.jpg")));
    const uploadsBefore = sim.requests.filter((q) => q.route === "upload").length;
    sim.inject({ route: "upload", fault: { type: "slow", ms: 600_000 } }); // the simulator holds its answer
    const inFlight = () => uploadJobs(config).find((j) => j.extra?.name === "in-flight.jpg");
    const r = await run(["upload", file], {
      config,
      onSpawn: (child) => {
        void waitFor(() => inFlight()?.state === "uploading" && sim.requests.filter((q) => q.route === "upload").length > uploadsBefore, 30_000).then(
          () => child.kill("SIGINT"),
          () => child.kill("SIGKILL"),
        );
      },
    });
    assert.notEqual(r.signal, "SIGKILL", "the upload never showed as uploading on the ledger");
    assert.notEqual(r.code, 0);
    assert.equal(inFlight()?.state, "cancelled", JSON.stringify(inFlight()));
    await waitFor(() => sim.requests.filter((q) => q.route === "upload").slice(uploadsBefore).some((q) => q.aborted), 10_000);
  });

  it("credits --json prints exactly three numbers", async () => {
    const r = await run(["credits", "--json"]);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as Record<string, unknown>;
    assert.deepEqual(Object.keys(doc).sort(), ["available", "frozen", "total"]);
    for (const v of Object.values(doc)) assert.equal(typeof v, "number");
    assert.equal(doc.available, 900, "1000 initial credits minus one generation");
  });

  it("state prints the timeline summary", async () => {
    const r = await run(["state"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Timeline \(\d+ tracks?\): 1\. Video: /m);
    const j = JSON.parse((await run(["state", "--json"])).stdout) as { exportReady: boolean; tracks: unknown[] };
    assert.equal(j.exportReady, true);
    assert.ok(j.tracks.length >= 1);
  });

  it("export saves a valid MP4", async () => {
    const out = freshDir("export");
    const r = await run(["export", "--out", out]);
    assert.equal(r.code, 0, r.stderr);
    const saved = /^Saved (.+\.mp4) \(/m.exec(r.stdout)?.[1];
    assert.ok(saved, r.stdout);
    assert.equal(readFileSync(saved).subarray(4, 8).toString("latin1"), "ftyp");
  });

  it("link prints a claim URL that does not carry the token", async () => {
    const r = await run(["link"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout.trim(), /^https:\/\/web\.example\.test\/workspace\/claim\?ct=clm_/);
    assert.ok(!r.stdout.includes(storedToken(mainConfig)));
  });

  it("NEMO_DEBUG=1 logs to stderr without the token", async () => {
    const r = await run(["credits"], { env: { NEMO_DEBUG: "1" } });
    assert.equal(r.code, 0);
    assert.match(r.stderr, /debug/);
    assert.ok(!r.stderr.includes(storedToken(mainConfig)));
  });

  describe("exit codes", () => {
    afterEach(() => sim.clearFaults());

    it("2 for an unsupported file, before any request reaches the simulator", async () => {
      const file = path.join(freshDir("bad"), "notes.txt");
      writeFileSync(file, "hello");
      const before = sim.requests.length;
      const r = await run(["upload", file], { config: freshDir("bad-config") });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /not a supported file type/);
      assert.equal(sim.requests.length, before, "nothing was sent");
    });

    it("2 for usage errors, and --token is refused", async () => {
      assert.equal((await run(["frobnicate"])).code, 2);
      assert.equal((await run(["generate"])).code, 2);
      const t = await run(["credits", "--token", "nmv_usr_fromargv"]);
      assert.equal(t.code, 2);
      assert.match(t.stderr, /NEMO_TOKEN/);
      assert.ok(!t.stderr.includes("nmv_usr_fromargv"));
    });

    it("3 when the token is refused twice (1001 after one renewal)", async () => {
      sim.inject({ route: "credits", times: 2, fault: { type: "code", code: 1001 } });
      const r = await run(["credits"]);
      assert.equal(r.code, 3, r.stderr);
      assert.match(r.stderr, /token is invalid or has expired/);
    });

    it("3 for an invalid NEMO_TOKEN, which is never printed", async () => {
      const fake = "nmv_usr_notarealtoken0123456789";
      const r = await run(["credits", "--json"], { config: freshDir("env-token"), env: { NEMO_TOKEN: fake } });
      assert.equal(r.code, 3);
      const doc = JSON.parse(r.stdout) as { error: { code: string; message: string } };
      assert.equal(doc.error.code, "TOKEN_INVALID");
      assert.ok(!(r.stdout + r.stderr).includes(fake));
    });

    it("4 when out of credits (2001), with a registration link", async () => {
      const config = freshDir("broke");
      assert.equal((await run(["credits"], { config })).code, 0);
      sim.setCredits(0);
      try {
        const r = await run(["generate", "an image of a lighthouse", "--out", freshDir("broke-out")], { config });
        assert.equal(r.code, 4, r.stderr);
        assert.match(r.stderr, /out of NemoVideo credits/);
        assert.match(r.stderr, /https:\/\/web\.example\.test\//);
      } finally {
        sim.setCredits(1000);
      }
    });

    it("5 when the API cannot be reached, also as JSON", async () => {
      const port = await closedPort();
      const r = await run(["--api", `http://127.0.0.1:${port}`, "credits"], { config: freshDir("net") });
      assert.equal(r.code, 5);
      assert.match(r.stderr, /^Error: .+\. .+/m);
      assert.doesNotMatch(r.stderr, /\[object Object\]|\n\s+at /);
      const j = await run(["--api", `http://127.0.0.1:${port}`, "credits", "--json"], { config: freshDir("net") });
      assert.equal(j.code, 5);
      const doc = JSON.parse(j.stdout) as { error: { code: string; message: string; exitCode: number } };
      assert.equal(doc.error.code, "NETWORK");
      assert.equal(doc.error.exitCode, 5);
    });

    it("6 on a server error (5xx)", async () => {
      sim.inject({ route: "credits", times: 10, fault: { type: "status", status: 503 } });
      const r = await run(["credits"]);
      assert.equal(r.code, 6, r.stderr);
      assert.match(r.stderr, /HTTP 503/);
    });

    it("7 when the service asks to wait longer than imagegen waits (Retry-After: 600), at once, saying when", async () => {
      sim.inject({ route: "credits", times: 10, fault: { type: "status", status: 429, retryAfter: 600 } });
      const before = sim.requests.filter((q) => q.route === "credits").length;
      const r = await run(["credits"]);
      assert.equal(r.code, 7, r.stderr);
      assert.match(r.stderr, /asked to wait 600 s\. Try again after \d\d:\d\d:\d\d \(in about 600 s\)\./);
      assert.equal(sim.requests.filter((q) => q.route === "credits").length - before, 1, "no retry inside the window");
      sim.clearFaults();
    });

    it("130 on Ctrl-C, and the request is really aborted", async () => {
      sim.inject({ route: "run_sse", fault: { type: "stall", ms: 1e9 } });
      const before = sim.requests.length;
      const r = await run(["chat", "make it slow"], {
        onSpawn: (child) => {
          void waitFor(() => sim.requests.slice(before).some((q) => q.path === "/run_sse")).then(() => child.kill("SIGINT"));
        },
      });
      assert.equal(r.code, 130, r.stderr);
      assert.match(r.stderr, /Cancelled/);
      await waitFor(() => sim.requests.slice(before).some((q) => q.path === "/run_sse" && q.aborted));
    });
  });

  describe("afterwards", () => {
    it("never printed the stored token in any run", () => {
      const token = storedToken(mainConfig);
      assert.ok(outputs.length > 30);
      for (const text of outputs) assert.ok(!text.includes(token), "token leaked into output");
    });
  });
});
