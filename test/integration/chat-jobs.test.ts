/**
 * The sidebar chat's paid turns are jobs on the ledger (issue 16), against the simulator over HTTP:
 * a generation is a `chat` job with its media and state; a window reload mid-generation settles the
 * reply from that job's record only (another caller's image made meanwhile on the same session is
 * not taken, as the old time-diff would); a turn the watchdog ends after the message reached the
 * agent is watched, and the reply shows the image when it arrives.
 */
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { JobLedger, JobRunner, KeyValueLedgerStorage, LEDGER_KEY, SessionQueue, type Job } from "../../src/core/jobs";
import { silentLogger } from "../../src/core/support";
import { route } from "../../src/core/prompt";
import { MemoryStore } from "../../src/core/support";
import { ChatController } from "../../src/extension/chat/controller";
import { ChatHistoryStore, INTERRUPTED_NOTE } from "../../src/extension/chat/history-store";
import { parseRequest, type ChatMessage } from "../../src/shared/protocol";
import { english } from "../../src/shared/strings";
import { startSimulator, type Simulator } from "../sim/index";
import { fakeChatPorts } from "../unit/chat-ports-fake";
import { fastTiming, makeClient, waitFor } from "./client-helpers";

function request(method: string, params: Record<string, unknown>) {
  const r = parseRequest({ type: "request", id: 1, method, params });
  if (!r.ok) throw new Error(r.reason);
  return r.value;
}

/** A process id that is gone (a window whose extension host ended). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ["-e", ""]);
  assert.ok(r.pid > 0);
  return r.pid;
}

const lastReply = (store: ChatHistoryStore): ChatMessage | undefined => [...store.messages()].reverse().find((m) => m.role === "agent");

describe("chat turns as jobs on the ledger", function () {
  this.timeout(60_000);
  let sim: Simulator;
  let dir: string;
  before(async () => {
    sim = await startSimulator({ timeScale: 0.01, seed: 16, silentCloseRate: 0, trailingIssueRate: 0, initialCredits: 5000 });
  });
  after(async () => sim?.close());
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "chat-jobs-"));
    sim.clearFaults();
  });
  /** Every window a test opened: its previews written and its history saved before the folder goes. */
  let opened: { store: ChatHistoryStore; jobs: JobRunner }[] = [];
  afterEach(async () => {
    for (const w of opened) {
      await waitFor(() => w.store.messages().every((m) => m.media.every((x) => x.cachedPath !== undefined || x.previewFailed)), "the previews written", 30_000);
      await w.jobs.settled();
      await w.store.flush();
    }
    opened = [];
    await fs.rm(dir, { recursive: true, force: true });
  });
  const runSse = (): number => sim.requests.filter((r) => r.route === "run_sse").length;

  function window(opts: { ws: MemoryStore; secrets?: MemoryStore; globalStore?: MemoryStore; pid?: number; timing?: Partial<typeof fastTiming>; historyFile: string }) {
    // Each window has its own session queue (its own process); a reloaded one shares the token.
    const shared = opts.secrets && opts.globalStore ? { secrets: opts.secrets, globalStore: opts.globalStore } : {};
    const w = makeClient(sim.url, { workspaceStore: opts.ws, ...shared, sessionQueue: new SessionQueue(), timing: { ...fastTiming, ...opts.timing } });
    const ledger = new JobLedger(new KeyValueLedgerStorage(opts.ws), { logger: silentLogger, pid: opts.pid });
    const jobs = new JobRunner({ client: w.client, ledger, logger: silentLogger, timing: { watchPollMs: 20, ledgerPollMs: 20 } });
    const store = new ChatHistoryStore(opts.historyFile, { logger: silentLogger });
    const posted: unknown[] = [];
    const make = () => new ChatController({ client: w.client, logger: silentLogger, store, route: (text) => route(text), ports: fakeChatPorts(dir, { post: (m) => void posted.push(JSON.parse(JSON.stringify(m))) }), jobs });
    opened.push({ store, jobs });
    return { ...w, ledger, jobs, store, posted, make };
  }

  it("a chat generation is a job of the chat surface with its media, state and times; the reply keeps its id", async () => {
    const win = window({ ws: new MemoryStore(), historyFile: path.join(dir, "chat.json") });
    await win.store.load();
    const ctl = win.make();
    await ctl.handle(request("ready", {}));
    await ctl.handle(request("send", { text: "generate an image of a red kite over the dunes", attachmentIds: [] }));
    await waitFor(() => lastReply(win.store)?.status === "done", "the reply is done", 30_000);
    const reply = lastReply(win.store) as ChatMessage;
    assert.ok(reply.jobId, "the reply keeps its job id");
    const job = (await win.ledger.get(reply.jobId)) as Job;
    assert.equal(job.surface, "chat");
    assert.equal(job.kind, "generate");
    assert.equal(job.state, "done");
    assert.equal(job.prompt, "generate an image of a red kite over the dunes");
    assert.equal(job.sessionId, (await win.client.currentSession())?.sessionId);
    assert.ok(job.sentAt !== undefined && job.finishedAt !== undefined && job.sentAt >= job.createdAt && job.finishedAt >= job.sentAt, "timestamps in order");
    assert.ok(job.media.length > 0, "the job holds the media");
    assert.deepEqual(reply.media.map((m) => m.media.url).sort(), job.media.map((m) => m.url).sort(), "the reply shows the job's media");
    ctl.dispose();
  });

  it("a reload mid-generation settles the reply with exactly its job's media, although another caller made an image on the session meanwhile", async () => {
    const historyFile = path.join(dir, "chat.json");
    // Window 1: its extension host is the process that goes away (a dead pid owns its jobs). The
    // stream goes quiet after two events while the agent finishes on the service.
    const ws1 = new MemoryStore();
    const win1 = window({ ws: ws1, pid: deadPid(), historyFile, timing: { heartbeatOnlyTimeoutMs: 600_000 } });
    await win1.store.load();
    const ctl1 = win1.make();
    await ctl1.handle(request("ready", {}));
    sim.inject({ route: "run_sse", fault: { type: "mute", afterEvents: 2, holdMs: 600_000 } });
    await ctl1.handle(request("send", { text: "generate an image of a paper lantern festival", attachmentIds: [] }));
    await waitFor(() => lastReply(win1.store)?.jobId !== undefined, "the reply has its job");
    const jobId = lastReply(win1.store)?.jobId as string;
    await waitFor(async () => (await win1.ledger.get(jobId))?.sentAt !== undefined, "the message was accepted", 20_000);
    const left = (await win1.ledger.get(jobId)) as Job;
    assert.ok(left.knownBefore, "what the session had before the turn is on the job");
    await win1.store.flush();
    // The window is gone: window 2 reads what window 1 left (history file, workspace state).
    const ws2 = new MemoryStore();
    for (const k of ["nemo.session", LEDGER_KEY]) await ws2.set(k, await ws1.get(k));
    const known = new Set(left.knownBefore);
    const win2 = window({ ws: ws2, secrets: win1.secrets, globalStore: win1.globalStore, historyFile });
    const newInSession = async () => (await win2.client.state()).generatedMedia.filter((m) => !known.has(m.key) && !known.has(m.url));
    await waitFor(async () => (await newInSession()).length > 0, "the agent finished the lantern on the service", 30_000);
    const lantern = await newInSession();

    // Another caller (an agent tool in window 2) makes an image on the same session meanwhile.
    const other = await win2.jobs.start({ kind: "generate", prompt: "a photo of a green cactus", outDir: path.join(dir, "out"), surface: "lm-tool" });
    const otherJob = (await win2.jobs.wait(other.id)) as Job;
    assert.equal(otherJob.state, "done");
    assert.ok(otherJob.media.length > 0);
    const sendsBefore = runSse();
    const both = await newInSession();
    assert.ok(both.length > lantern.length, "the session now holds both images, both made after the reply started");

    await win2.store.load();
    const cut = lastReply(win2.store) as ChatMessage;
    assert.equal(cut.interrupted, true);
    assert.equal(cut.jobId, jobId);
    const ctl2 = win2.make();
    await ctl2.handle(request("ready", {}));
    await win2.jobs.resume(); // as activation does (agents/jobs.ts resumeLeftJobs)
    await waitFor(() => lastReply(win2.store)?.status === "done", "the reply is settled from its job", 30_000);
    const reply = lastReply(win2.store) as ChatMessage;
    const job = (await win2.ledger.get(jobId)) as Job;
    assert.equal(job.state, "done");
    assert.equal(job.surface, "chat");
    assert.deepEqual(job.media.map((m) => m.url).sort(), lantern.map((m) => m.url).sort(), "the job holds exactly the lantern");
    assert.deepEqual(reply.media.map((m) => m.media.url).sort(), lantern.map((m) => m.url).sort(), "the reply shows exactly its job's media");
    for (const m of otherJob.media) assert.ok(!reply.media.some((x) => x.media.url === m.url), "not the other caller's image");
    assert.ok(reply.notes.includes(english("finishedAfterReload")));
    assert.ok(!reply.notes.includes(INTERRUPTED_NOTE));
    assert.equal(runSse(), sendsBefore, "the reloaded window sent nothing again");

    win1.jobs.cancel(jobId); // window 1 is gone; end its muted stream
    await win1.jobs.settled();
    ctl1.dispose();
    ctl2.dispose();
  });

  it("a turn the watchdog ends after the message reached the agent is watched, and the reply shows the image when it arrives", async () => {
    const win = window({ ws: new MemoryStore(), historyFile: path.join(dir, "chat.json"), timing: { heartbeatOnlyTimeoutMs: 300, stillWorkingEveryMs: 0 } });
    await win.store.load();
    const ctl = win.make();
    await ctl.handle(request("ready", {}));
    const states: Job[] = [];
    win.ledger.onDidChange((j) => states.push(j));
    sim.inject({ route: "run_sse", fault: { type: "mute", afterEvents: 2, holdMs: 600_000 } });
    await ctl.handle(request("send", { text: "generate an image of a lighthouse in a storm", attachmentIds: [] }));
    await waitFor(() => lastReply(win.store)?.status === "done", "the reply shows what the watched job made", 30_000);
    const reply = lastReply(win.store) as ChatMessage;
    const job = (await win.ledger.get(reply.jobId as string)) as Job;
    assert.equal(job.state, "done");
    assert.equal(job.detached, true, "the job went on by itself");
    assert.ok(job.media.length > 0);
    assert.deepEqual(reply.media.map((m) => m.media.url).sort(), job.media.map((m) => m.url).sort());
    assert.ok(reply.notes.includes(english("finishedAfterStop")));
    assert.ok(!reply.notes.includes(english("stillWatched")), "the watching note is replaced by how it ended");
    assert.equal(reply.error, undefined, "not failed");
    assert.ok(states.some((j) => j.id === job.id && j.detached && !["done", "failed"].includes(j.state)), "watched before it was done");
    const shownWatched = win.posted.some((p) => {
      const m = (p as { payload?: { message?: ChatMessage } }).payload?.message;
      return m?.id === reply.id && m.status === "streaming" && m.notes.includes(english("stillWatched"));
    });
    assert.ok(shownWatched, "the panel showed that the session is watched");
    assert.ok(!states.some((j) => j.id === job.id && j.state === "failed"), "never failed");
    ctl.dispose();
  });
});
