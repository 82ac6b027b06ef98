// The user-path rule (src/core/http/endpoints.ts) against a simulator that accepts only `me` (the
// seed's server) and one that accepts only the user id (the vendor's API reference): every request
// succeeds against both, after at most one retry with the other form, which is then remembered.
import * as assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startSimulator, type Simulator } from "../sim/index";
import { userPathRule } from "../../src/core/http";
import { makeClient } from "./client-helpers";

const FIXTURE = path.join(__dirname, "..", "fixtures", "sample.jpg");

/** The user segment of every state and upload path the simulator saw, in order. */
function userSegments(sim: Simulator): string[] {
  return sim.requests
    .filter((r) => r.route === "state" || r.route === "upload")
    .map((r) => /^\/api\/(?:state|upload-video)\/nemo_agent\/([^/]+)\//.exec(r.path)?.[1] ?? "?");
}

describe("user paths: `me` or the user id, against servers that accept only one", function () {
  this.timeout(60_000);
  let dir: string;
  before(async () => (dir = await fs.mkdtemp(path.join(os.tmpdir(), "nemo-paths-"))));
  after(async () => fs.rm(dir, { recursive: true, force: true }));
  beforeEach(() => userPathRule.forget());

  for (const mode of ["me", "user-id"] as const) {
    describe(`a server that accepts only the ${mode} form`, () => {
      let sim: Simulator;
      before(async () => (sim = await startSimulator({ timeScale: 0.002, seed: 4, silentCloseRate: 0, trailingIssueRate: 0, userPaths: mode })));
      after(async () => sim.close());
      beforeEach(() => sim.reset());

      it("anonymous token (id known): state, chat, file and URL uploads, export all succeed; a wrong first guess costs one request, once", async () => {
        const t = makeClient(sim.url);
        const before = await t.client.state();
        assert.ok(before);
        const chat = await t.client.chat("generate an image of a red fox");
        assert.equal(chat.outcome, "completed");
        assert.ok(chat.text.length > 0);
        await t.client.uploadFiles([FIXTURE]);
        await t.client.uploadUrls(["https://example.com/clip.mp4"]);
        const out = await t.client.exportVideo({ outDir: dir });
        assert.ok((await fs.stat(out.filePath)).size > 0);
        const segs = userSegments(sim);
        const wanted = mode === "me" ? "me" : segs.find((s) => s.startsWith("anon_"));
        assert.ok(wanted, segs.join(" "));
        // The id is known from the token answer, so the first request tries it: against a `me`
        // server that first one is refused (404) and retried with `me`; every later one is right.
        const wrong = segs.filter((s) => s !== wanted);
        assert.deepEqual(wrong, mode === "me" ? [segs[0]] : [], segs.join(" "));
        assert.ok(segs.slice(1).every((s) => s === wanted), segs.join(" "));
        const notFound = sim.requests.filter((r) => r.route === "state" && r.path.includes(`/${wrong[0]}/`));
        assert.equal(notFound.length, mode === "me" ? 1 : 0);
        assert.equal(t.notices.filter((n) => n.kind === "session-replaced").length, 0, "no session was replaced on the way");
      });

      it("a token of one's own (NEMO_TOKEN, id unknown until the session answer names it) works too", async () => {
        const owner = makeClient(sim.url);
        await owner.client.credits(); // gets an anonymous token to reuse as "the person's own"
        const token = await owner.secrets.get("nemo.token");
        assert.ok(token);
        const t = makeClient(sim.url, { env: { NEMO_TOKEN: token } });
        await t.client.state();
        const chat = await t.client.chat("generate an image of a lighthouse");
        assert.equal(chat.outcome, "completed");
        await t.client.uploadFiles([FIXTURE]);
        const segs = userSegments(sim);
        assert.ok(segs.length >= 3);
        // The session answer named the user, so the id is tried first; a `me` server refuses it once.
        assert.ok(segs[0].startsWith("anon_"), segs.join(" "));
        const rest = segs.slice(mode === "me" ? 1 : 0);
        assert.ok(rest.every((s) => (mode === "me" ? s === "me" : s === segs[0])), segs.join(" "));
        assert.equal(t.notices.filter((n) => n.kind === "session-replaced").length, 0);
      });
    });
  }
});
