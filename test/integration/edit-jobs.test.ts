/**
 * Paid work on one ledger (issue 16), over real HTTP against the simulator: "Edit Image with a
 * Prompt…" is an `edit` job whose media is the saved `-edit-N` version, its upload an `upload` job
 * from its first byte; a cancel during the upload aborts both with nothing sent to the agent; a
 * caller that stops waiting after the instruction reached the agent leaves the job to save the
 * version. The sidebar chat's attachments are on the ledger as `uploading` while they travel, and
 * a cancelled one stays there as cancelled.
 */
import * as assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { editJobSpec, prepareEdit, EDIT_UPLOAD_STAGE } from "../../src/core/edit";
import { CancelledError } from "../../src/core/errors";
import { JobLedger, JobRunner, MemoryLedgerStorage, type Job } from "../../src/core/jobs";
import { silentLogger } from "../../src/core/support";
import { UploadRecords } from "../../src/core/media";
import { uploadFlow, type FlowHost } from "../../src/extension/chat/flows";
import { english } from "../../src/shared/strings";
import { startSimulator, type Simulator } from "../sim/index";
import { makePng } from "../sim/png";
import { fakeChatPorts } from "../unit/chat-ports-fake";
import { makeClient, rejection, waitFor, type TestClient } from "./client-helpers";

describe("edits and chat attachments as jobs on the ledger (sim)", function () {
  this.timeout(60_000);
  let sim: Simulator;
  let dir: string;
  let source: string;
  before(async () => {
    sim = await startSimulator({ timeScale: 0.002, seed: 16, initialCredits: 10_000, silentCloseRate: 0, trailingIssueRate: 0 });
  });
  after(() => sim.close());
  beforeEach(async () => {
    sim.reset();
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "imagegen-edit-jobs-"));
    source = path.join(dir, "harbour.png");
    await fs.writeFile(source, makePng(320, 200, "a harbour at dawn", "harbour"));
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  function setup(): { t: TestClient; ledger: JobLedger; runner: JobRunner; uploads: UploadRecords } {
    const t = makeClient(sim.url);
    const ledger = new JobLedger(new MemoryLedgerStorage(), { logger: silentLogger });
    const runner = new JobRunner({ client: t.client, ledger, logger: silentLogger, timing: { watchPollMs: 10, ledgerPollMs: 10 } });
    const uploads = new UploadRecords(ledger);
    return { t, ledger, runner, uploads };
  }

  async function startEdit(s: ReturnType<typeof setup>, signal?: AbortSignal, onEvent?: () => void): Promise<Job> {
    const edit = await prepareEdit(s.t.client, source, "make the sky pink");
    const sessionId = async (): Promise<string | undefined> => (await s.t.client.currentSession())?.sessionId;
    const spec = editJobSpec(s.t.client, edit, { surface: "palette", trackUpload: (sent, run) => s.uploads.track(sent, { surface: "palette", sessionId }, run) });
    return s.runner.start(spec, { signal, onEvent });
  }

  it("an edit is an edit job whose media is the saved -edit-1 version; its upload is an upload job, done", async () => {
    const s = setup();
    const started = await startEdit(s);
    const job = await s.runner.wait(started.id, { rethrow: true });
    assert.equal(job?.kind, "edit");
    assert.equal(job?.surface, "palette");
    assert.equal(job?.state, "done");
    assert.equal(job?.prompt?.includes("make the sky pink"), true);
    const saved = job?.media.filter((m) => m.path) ?? [];
    assert.deepEqual(saved.map((m) => m.path), [path.join(dir, "harbour-edit-1.png")]);
    assert.equal(saved[0].mimeType, "image/png");
    await fs.stat(path.join(dir, "harbour-edit-1.png"));
    const uploads = await s.ledger.list({ kind: "upload" });
    assert.equal(uploads.length, 1);
    assert.equal(uploads[0].state, "done");
    assert.equal(uploads[0].extra?.name, "harbour.png");
    assert.equal(uploads[0].sessionId, job?.sessionId, "the upload went to the edit's session");
    assert.ok(uploads[0].createdAt <= (job?.sentAt ?? 0), "the upload came before the instruction");
  });

  it("Cancel during the upload aborts the upload and the edit: both cancelled, nothing sent to the agent, no file", async () => {
    const s = setup();
    sim.inject({ route: "upload", fault: { type: "slow", ms: 600_000 } });
    const controller = new AbortController();
    const started = await startEdit(s, controller.signal);
    // The ledger says so while the bytes travel: the upload job uploading, the edit at its upload stage.
    await waitFor(async () => (await s.ledger.list({ kind: "upload" }))[0]?.state === "uploading", "the upload job uploading");
    await waitFor(async () => (await s.ledger.get(started.id))?.stage === EDIT_UPLOAD_STAGE, "the edit job at its upload stage");
    await waitFor(() => sim.requests.some((r) => r.route === "upload"), "the upload at the simulator");
    controller.abort();
    assert.equal((await s.runner.wait(started.id, { rethrow: true }))?.state, "cancelled");
    await waitFor(async () => (await s.ledger.list({ kind: "upload" }))[0]?.state === "cancelled", "the upload job cancelled");
    assert.equal(sim.requests.filter((r) => r.route === "run_sse").length, 0, "the instruction never reached the agent");
    assert.deepEqual(await fs.readdir(dir), ["harbour.png"]);
  });

  it("a caller that stops waiting after the instruction reached the agent leaves the job to save the version", async () => {
    const s = setup();
    // The agent goes quiet (heartbeats only) after its first event; the caller gives up at that event (the turn still runs).
    sim.inject({ route: "run_sse", fault: { type: "mute", afterEvents: 1, holdMs: 100_000 } });
    const controller = new AbortController();
    const ref: { job?: Job } = {};
    let detachedDuringTurn = false;
    ref.job = await startEdit(s, controller.signal, () => {
      if (!ref.job || controller.signal.aborted || !s.runner.sent(ref.job.id)) return;
      controller.abort();
      detachedDuringTurn = s.runner.isDetached(ref.job.id);
    });
    await s.runner.settled();
    assert.ok(detachedDuringTurn, "the caller's cancel after the message only ended its wait");
    const job = await s.ledger.get(ref.job.id);
    assert.equal(job?.state, "done", JSON.stringify(job?.error));
    assert.equal(job?.detached, true, "finished after the caller stopped waiting");
    assert.deepEqual(job?.media.filter((m) => m.path).map((m) => m.path), [path.join(dir, "harbour-edit-1.png")]);
    await fs.stat(path.join(dir, "harbour-edit-1.png"));
  });

  describe("sidebar chat attachments", () => {
    function chatHost(s: ReturnType<typeof setup>): FlowHost {
      const sessionId = async (): Promise<string | undefined> => (await s.t.client.currentSession())?.sessionId;
      const ports = fakeChatPorts(dir, {});
      ports.trackUploads = (sent, run) => s.uploads.track(sent, { surface: "chat", sessionId }, run);
      return {
        deps: { client: s.t.client, logger: silentLogger, ports } as unknown as FlowHost["deps"],
        t: english,
        addCard: () => ({ id: "card" }) as never,
        update: () => undefined,
        setCredits: () => undefined,
        attachmentProgress: () => undefined,
      };
    }

    it("an attachment is an uploading chat job on the ledger before it finishes, then done", async () => {
      const s = setup();
      const size = (await fs.stat(source)).size;
      sim.inject({ route: "upload", fault: { type: "slow", ms: 600_000 } });
      const controller = new AbortController();
      const sending = rejection(() => uploadFlow(chatHost(s), { files: [{ id: "a1", path: source, name: "harbour.png", size }], urls: [] }, controller.signal));
      await waitFor(async () => (await s.ledger.list({ kind: "upload", surface: "chat" }))[0]?.state === "uploading", "the chat upload on the ledger as uploading", 30_000);
      controller.abort();
      assert.ok((await sending) instanceof CancelledError);
      await waitFor(async () => (await s.ledger.list({ kind: "upload", surface: "chat" }))[0]?.state === "cancelled", "the cancelled chat upload kept on the ledger", 30_000);
      assert.deepEqual((await s.uploads.list()).map((r) => [r.name, r.state]), [["harbour.png", "cancelled"]]);

      sim.clearFaults();
      const done = await uploadFlow(chatHost(s), { files: [{ id: "a2", path: source, name: "harbour.png", size }], urls: [] }, new AbortController().signal);
      assert.equal(done.length, 1);
      const jobs = await s.ledger.list({ kind: "upload", surface: "chat" });
      assert.deepEqual(jobs.map((j) => j.state).sort(), ["cancelled", "done"]);
    });

    it("a failed attachment stays on the ledger as failed", async () => {
      const s = setup();
      sim.inject({ route: "upload", times: 5, fault: { type: "status", status: 500 } });
      const err = await rejection(() => uploadFlow(chatHost(s), { files: [{ id: "a1", path: source, name: "harbour.png" }], urls: [] }, new AbortController().signal));
      assert.ok(err instanceof Error);
      const jobs = await s.ledger.list({ kind: "upload", surface: "chat" });
      assert.equal(jobs.length, 1);
      assert.equal(jobs[0].state, "failed");
    });
  });
});
