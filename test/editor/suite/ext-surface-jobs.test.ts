// The palette, the selection and uploads as jobs on the workspace's ledger (issue 16), and the
// after-reload pick-up of a generation an earlier window left watching, in the real extension host
// against the simulator. Every wait is for an event: a request the simulator saw, a ledger record,
// a file on disk.
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";
import type { Job } from "../../../src/core/jobs";
import { exec, inject, outputDir, requests, seam, simSuite, waitFor, workspaceRoot, type SimRequest } from "./ext-helpers";

const jobs = (query: Record<string, unknown> = {}): Promise<Job[]> => seam<Job[]>("jobs", query);
const job = async (id: string): Promise<Job | undefined> => (await jobs()).find((j) => j.id === id);

/** The newest job matching `pick` that was not in `before`, once it is on the ledger. */
async function newJob(before: Set<string>, pick: (j: Job) => boolean, what: string): Promise<Job> {
  let found: Job | undefined;
  await waitFor(async () => {
    found = (await jobs()).find((j) => !before.has(j.id) && pick(j));
    return found !== undefined;
  }, what, 60_000);
  return found as Job;
}

/** A process id that existed and is gone (the extension host of a window that closed). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ["-e", ""], { env: { ELECTRON_RUN_AS_NODE: "1" } });
  assert.ok(r.pid && r.pid > 0, "could not start a short-lived process");
  return r.pid;
}

describe("palette, selection and uploads as ledger jobs (simulator)", function () {
  simSuite(this);

  it("a palette generation is a job of the palette on the ledger, and its saved files are the job's media", async () => {
    const r = await exec<{ files: string[]; jobId: string } | undefined>("imageGeneration.generateImage", { prompt: "generate an image of a ledger with a quill", confirm: false, open: false });
    assert.ok(r, `generate failed: ${JSON.stringify(await seam("lastError"))}`);
    const j = await job(r.jobId);
    assert.ok(j, "the generation is not on the ledger");
    assert.equal(j.kind, "generate");
    assert.equal(j.surface, "palette");
    assert.equal(j.state, "done");
    assert.ok(j.sentAt !== undefined, "the ledger does not say when the message was sent");
    assert.deepEqual(j.media.flatMap((m) => (m.path ? [m.path] : [])), r.files, "the saved files are not the job's media");
    for (const f of r.files) assert.ok(existsSync(f) && path.dirname(f) === outputDir(), `${f} is not in the output folder`);
    assert.ok(j.media.every((m) => m.mimeType?.startsWith("image/")), JSON.stringify(j.media));
  });

  it("Generate Image from Selection is a job of the selection on the ledger", async () => {
    const doc = path.join(workspaceRoot(), "ledger-selection.md");
    writeFileSync(doc, "# Notes\n\nA paper crane on a desk\n");
    const editor = await vscode.window.showTextDocument(vscode.Uri.file(doc));
    const line = editor.document.lineAt(2);
    editor.selection = new vscode.Selection(line.range.start, line.range.end);
    const before = new Set((await jobs()).map((j) => j.id));
    const r = await exec<{ files: string[]; inserted?: string } | undefined>("imageGeneration.generateFromSelection", { confirm: false });
    assert.ok(r, `selection failed: ${JSON.stringify(await seam("lastError"))}`);
    assert.ok(r.inserted, "no markup inserted");
    const j = await newJob(before, (x) => x.surface === "selection", "the selection's job");
    assert.equal(j.state, "done");
    assert.equal(j.prompt, "A paper crane on a desk");
    assert.deepEqual(j.media.flatMap((m) => (m.path ? [m.path] : [])), r.files);
    await vscode.commands.executeCommand("workbench.action.closeAllEditors");
  });

  it("Cancel before the message reached the agent aborts the request, and the job is cancelled with nothing sent", async () => {
    const runs = async () => (await requests()).filter((x) => x.path === "/run_sse");
    const count = (await runs()).length;
    const before = new Set((await jobs()).map((j) => j.id));
    await inject("run_sse", { type: "slow", ms: 600_000 }); // the request is seen, its answer never starts
    const pending = exec("imageGeneration.generateImage", { prompt: "generate an image of a slow snail", confirm: false, open: false });
    await waitFor(async () => (await runs()).length > count, "the request never reached the simulator");
    await seam("cancelProgress");
    assert.equal(await pending, undefined);
    assert.equal(await seam("lastError"), undefined, "a cancellation was shown as an error");
    await waitFor(async () => (await runs())[count]?.aborted === true, "the simulator did not see the request aborted");
    const j = await newJob(before, (x) => x.surface === "palette" && x.prompt === "generate an image of a slow snail", "the cancelled job");
    await waitFor(async () => (await job(j.id))?.state === "cancelled", "the job is not cancelled");
    assert.equal((await job(j.id))?.sentAt, undefined, "the ledger says the message was sent");
  });

  it("Cancel after the message reached the agent ends the wait; the job saves the image later and the Session view lists it as finished after you stopped waiting", async () => {
    const prompt = "generate an image of a patient heron";
    const before = new Set((await jobs()).map((j) => j.id));
    // The stream goes silent (heartbeats) while the turn completes, then stays open a while: the person gives up meanwhile.
    await inject("run_sse", { type: "mute", afterEvents: 0, holdMs: 7_500_000 });
    const pending = exec<unknown>("imageGeneration.generateImage", { prompt, confirm: false, open: false });
    const started = await newJob(before, (x) => x.surface === "palette" && x.prompt === prompt && x.sentAt !== undefined, "the message reaching the agent");
    await seam("cancelProgress");
    assert.equal(await pending, undefined, "the command should end its wait");
    assert.equal(await seam("lastError"), undefined, "stopping the wait was shown as an error");
    // The job writes that it goes on by itself (detached, with the end of its watch) as the wait ends.
    await waitFor(async () => (await job(started.id))?.detached === true, "the job going on by itself after the wait ended");
    assert.ok(((await job(started.id))?.watchUntil ?? 0) > Date.now(), "the job's watch has no end");
    let done: Job | undefined;
    await waitFor(async () => {
      done = await job(started.id);
      return done?.state === "done" || done?.state === "failed" || done?.state === "interrupted";
    }, "the job to finish after the wait ended", 100_000);
    assert.equal(done?.state, "done", JSON.stringify(done));
    const file = done?.media.find((m) => m.path)?.path;
    assert.ok(file && existsSync(file), `the image was not saved: ${JSON.stringify(done?.media)}`);
    assert.equal(path.dirname(file), outputDir());
    const tree = await seam<Array<{ label: string; description?: string; contextValue?: string }>>("tree");
    const row = tree.find((n) => n.contextValue === "job.done" && n.label.includes("patient heron"));
    assert.ok(row, `the job is not in the Session view: ${JSON.stringify(tree.filter((n) => n.contextValue?.startsWith("job")))}`);
    assert.match(row.description ?? "", /finished after you stopped waiting/);
  });

  it("an upload is on the ledger while its bytes are in flight (uploading), and cancelling marks it cancelled", async () => {
    const file = path.join(workspaceRoot(), "in-flight.png");
    writeFileSync(file, Buffer.concat([readFileSync(path.join(workspaceRoot(), "sample.png")), Buffer.from(String(Date.now()))]));
    const before = new Set((await jobs()).map((j) => j.id));
    await inject("upload", { type: "slow", ms: 600_000 }); // the simulator holds its answer
    // This upload's request, not one an earlier test made (same clock: the simulator runs on this machine).
    const since = Date.now();
    const ours = async (): Promise<SimRequest | undefined> => (await requests()).find((x) => x.route === "upload" && x.receivedAt >= since);
    const pending = exec<unknown>("imageGeneration.uploadFiles", vscode.Uri.file(file));
    const up = await newJob(before, (x) => x.kind === "upload" && x.extra?.name === "in-flight.png", "the upload's job");
    assert.equal(up.state, "uploading", JSON.stringify(up));
    assert.equal(up.surface, "palette");
    await waitFor(async () => (await ours()) !== undefined, "the upload request at the simulator");
    await seam("cancelProgress");
    assert.equal(await pending, undefined);
    await waitFor(async () => (await job(up.id))?.state === "cancelled", "the upload job is not cancelled");
    await waitFor(async () => (await ours())?.aborted === true, "the simulator did not see the upload aborted");
  });

  it("a finished upload's job is done with what the service reported", async () => {
    const file = path.join(workspaceRoot(), "finished-upload.png");
    writeFileSync(file, Buffer.concat([readFileSync(path.join(workspaceRoot(), "sample.png")), Buffer.from(String(Date.now()))]));
    const before = new Set((await jobs()).map((j) => j.id));
    const r = await exec<{ uploaded: string[] } | undefined>("imageGeneration.uploadFiles", vscode.Uri.file(file));
    assert.deepEqual(r?.uploaded, [file], JSON.stringify(await seam("lastError")));
    const up = await newJob(before, (x) => x.kind === "upload" && x.extra?.name === "finished-upload.png", "the upload's job");
    assert.equal(up.state, "done", JSON.stringify(up));
    assert.ok(up.sessionId, "the upload's job names no session");
  });

  it("a language model tool's generation that an earlier window left watching is picked up at activation and saves its image", async () => {
    // A generation made now, then written back as a window that crashed after sending leaves it:
    // running, no media, owned by a process that is gone, knowing the session's media from before its turn.
    const r = await exec<{ files: string[]; jobId: string } | undefined>("imageGeneration.generateImage", { prompt: "generate an image of a lantern left burning", confirm: false, open: false });
    assert.ok(r, `generate failed: ${JSON.stringify(await seam("lastError"))}`);
    const made = await job(r.jobId);
    assert.ok(made);
    const own = new Set(made.media.flatMap((m) => [m.url, ...(m.key ? [m.key] : [])]));
    const knownBefore = (await seam<string[]>("sessionMediaKeys")).filter((k) => !own.has(k));
    for (const f of r.files) rmSync(f, { force: true });
    const pid = deadPid();
    await seam("patchJob", {
      id: r.jobId,
      patch: { surface: "lm-tool", state: "working", stage: "The agent is working…", media: [], ownerPid: pid, knownBefore, sentAt: Date.now(), detached: undefined, watchUntil: undefined, extra: undefined },
    });
    const crashed = await job(r.jobId);
    assert.equal(crashed?.state, "working");
    assert.equal(crashed?.ownerPid, pid);
    await seam("resumeJobs");
    const resumed = await job(r.jobId);
    assert.equal(resumed?.state, "done", JSON.stringify(resumed));
    assert.equal(resumed?.detached, true, "not marked as finished after the caller stopped waiting");
    assert.notEqual(resumed?.ownerPid, pid, "the resumed job is still owned by the gone process");
    const saved = resumed?.media.flatMap((m) => (m.path ? [m.path] : [])) ?? [];
    assert.equal(saved.length, r.files.length, JSON.stringify(resumed?.media));
    for (const f of saved) {
      assert.ok(existsSync(f), `${f} was not saved`);
      assert.equal(path.dirname(f), outputDir());
    }
  });
});
