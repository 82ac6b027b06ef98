// Batch processing in the real extension host against the simulator: three files, one failing
// (a scripted fault) and retried; cancel of one item aborts its request; a reload mid-batch
// (the stored state read by a new queue) resumes renders and offers the rest.
import * as assert from "node:assert/strict";
import { copyFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";
import { EXTENSION_ID, exec, inject, outputDir, requests, seam, sim, simSuite, waitFor, workspaceRoot } from "./ext-helpers";

interface Item {
  id: string;
  source: string;
  state: string;
  output?: string;
  error?: { code: string; message: string };
  text: string;
}

const flows = <T>(op: string): Promise<T> => exec<T>("imageGeneration._testFlows", op);
const items = (): Promise<Item[]> => flows<Item[]>("batch");

function mediaFiles(names: string[]): vscode.Uri[] {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext);
  const fixture = path.join(ext.extensionPath, "test", "fixtures", "sample.mp4");
  const dir = path.join(workspaceRoot(), "clips");
  mkdirSync(dir, { recursive: true });
  return names.map((n) => {
    const f = path.join(dir, n);
    copyFileSync(fixture, f);
    return vscode.Uri.file(f);
  });
}

async function start(files: vscode.Uri[], instruction = "add a title 'Summer'"): Promise<string[]> {
  const ids = await exec<string[] | undefined>("imageGeneration.processEach", files[0], files, { instruction, confirm: false });
  assert.ok(ids, `processEach failed: ${JSON.stringify(await seam("lastError"))}`);
  return ids;
}

const count = async (route: string): Promise<number> => (await requests()).filter((r) => r.route === route).length;

describe("batch: Process Each with an Instruction (simulator)", function () {
  simSuite(this);
  beforeEach(async () => {
    await flows("batchClear");
  });

  it("three files, one failing then retried: MP4s named after the sources; the person's session unchanged", async () => {
    await exec("imageGeneration.generateImage", { prompt: "generate an image of a kite", confirm: false, open: false });
    const mine = await flows<{ sessionId: string } | undefined>("session");
    assert.ok(mine, "the person has a session");
    const before = JSON.stringify(await sim("GET", `state/${mine.sessionId}`));

    await inject("upload", { type: "code", code: 4001 });
    const ids = await start(mediaFiles(["beach sunset.mp4", "city walk.mp4", "forest.mp4"]));
    assert.equal(ids.length, 3);
    await flows("batchIdle");
    let list = await items();
    assert.deepEqual(list.map((i) => i.state).sort(), ["failed", "saved", "saved"], JSON.stringify(list));
    const failed = list.find((i) => i.state === "failed");
    assert.equal(failed?.error?.code, "UNSUPPORTED_FILE");
    assert.ok(failed?.text.startsWith("failed: "), "the row says why");

    assert.equal(await exec<number>("imageGeneration.batch.retryFailed"), 1);
    await flows("batchIdle");
    list = await items();
    assert.deepEqual(list.map((i) => i.state), ["saved", "saved", "saved"], JSON.stringify(list));
    const names = list.map((i) => path.basename(i.output ?? ""));
    assert.deepEqual(names, ["beach-sunset-edited.mp4", "city-walk-edited.mp4", "forest-edited.mp4"]);
    for (const i of list) {
      assert.equal(path.dirname(i.output ?? ""), outputDir());
      assert.equal(readFileSync(i.output ?? "").subarray(4, 8).toString("latin1"), "ftyp");
      assert.equal(i.text, `saved as ${path.basename(i.output ?? "")}`);
    }
    assert.deepEqual(await flows("session"), mine, "the person's session is still the same");
    assert.equal(JSON.stringify(await sim("GET", `state/${mine.sessionId}`)), before, "and nothing changed in it");
  });

  it("cancel of one item aborts its request at the simulator", async () => {
    await inject("run_sse", { type: "slow", ms: 60_000 });
    const sseBefore = await count("run_sse");
    const [id] = await start(mediaFiles(["cancel me.mp4"]));
    await waitFor(async () => (await count("run_sse")) > sseBefore && (await items()).find((i) => i.id === id)?.state === "waiting", "the instruction is in flight");
    await exec("imageGeneration.batch.cancel", { id });
    // This item's request (one after those counted before it), not one an earlier test aborted.
    await waitFor(async () => (await requests()).filter((r) => r.route === "run_sse").slice(sseBefore).some((r) => r.aborted), "the simulator saw the request aborted");
    await flows("batchIdle");
    assert.equal((await items()).find((i) => i.id === id)?.state, "cancelled");
  });

  it("a reload mid-batch resumes the renders and offers the item not started", async () => {
    await inject("render-poll", { type: "slow", ms: 60_000 }, 2);
    const pollsBefore = await count("render-poll");
    const submitsBefore = await count("render-submit");
    const sendsBefore = await count("run_sse");
    await start(mediaFiles(["one.mp4", "two.mp4", "three.mp4"]));
    await waitFor(async () => (await count("render-poll")) >= pollsBefore + 2, "both running items are rendering");
    const restored = await flows<{ resumed: number; notStarted: number }>("batchReload");
    assert.deepEqual(restored, { resumed: 2, notStarted: 1 });
    await flows("batchIdle");
    let list = await items();
    assert.deepEqual(list.map((i) => i.state), ["saved", "saved", "queued"]);
    await flows("batchContinue");
    await flows("batchIdle");
    list = await items();
    assert.deepEqual(list.map((i) => i.state), ["saved", "saved", "saved"]);
    assert.equal((await count("render-submit")) - submitsBefore, 3, "resumed renders were not submitted again");
    assert.equal((await count("run_sse")) - sendsBefore, 3, "no instruction was sent twice");
    for (const i of list) assert.ok(existsSync(i.output ?? ""), `${i.output} missing`);
  });
});
