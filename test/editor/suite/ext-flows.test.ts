// End-to-end flows inside the real extension host against the simulator: generate → file on
// disk, upload → bytes at the simulator, export → MP4 on disk (resume and the export records: ext-exports.test.ts).
import * as assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";
import { exec, inject, outputDir, requests, seam, sim, simSuite, waitFor, workspaceRoot } from "./ext-helpers";

interface ExportResult {
  renderId: string;
  filePath: string;
  bytes: number;
}

function assertMp4(file: string): void {
  assert.ok(existsSync(file), `${file} does not exist`);
  assert.ok(file.startsWith(outputDir()), `${file} is not in the output folder ${outputDir()}`);
  const head = readFileSync(file).subarray(4, 8).toString("latin1");
  assert.equal(head, "ftyp", "the file is not an MP4");
}

describe("extension flows (simulator)", function () {
  simSuite(this);

  it("generates an image into the output folder", async () => {
    const result = await exec<{ files: string[]; outcome: string } | undefined>("imageGeneration.generateImage", {
      prompt: "generate an image of a lighthouse at dusk",
      confirm: false,
      open: false,
    });
    assert.ok(result, `generate failed: ${JSON.stringify(await seam("lastError"))}`);
    assert.ok(result.files.length >= 1, "no file downloaded");
    for (const f of result.files) {
      assert.ok(existsSync(f), `${f} missing`);
      assert.ok(statSync(f).size > 0);
      assert.equal(path.dirname(f), outputDir());
    }
  });

  it("shows the timeline in the session tree and copies its summary", async () => {
    const tree = await seam<Array<{ depth: number; label: string; description?: string; contextValue?: string }>>("tree");
    const labels = tree.map((n) => n.label);
    assert.ok(labels.includes("Tracks") || labels.includes("轨道"), `tree: ${JSON.stringify(labels)}`);
    assert.ok(tree.some((n) => n.contextValue === "segment" && /^\d+(\.\d)?-\d+(\.\d)?s/.test(n.description ?? "")), "no segment with a time range");
    assert.ok(tree.some((n) => n.contextValue?.startsWith("media")), "no generated media node");
    const summary = await exec<string>("imageGeneration.copyTimelineSummary");
    assert.match(summary, /\(\d+ tracks?\)/);
    assert.equal(await vscode.env.clipboard.readText(), summary);
  });

  it("uploads a workspace file and the simulator receives the same bytes", async () => {
    const file = path.join(workspaceRoot(), "upload-test.png");
    writeFileSync(file, Buffer.concat([readFileSync(path.join(workspaceRoot(), "sample.png")), Buffer.from(String(Date.now()))]));
    const sha = createHash("sha256").update(readFileSync(file)).digest("hex");
    const bad = path.join(workspaceRoot(), "notes.txt");
    writeFileSync(bad, "not media");
    const result = await exec<{ uploaded: string[]; refused: Array<{ name: string; reason: string }> }>(
      "imageGeneration.uploadFiles",
      vscode.Uri.file(file),
      [vscode.Uri.file(file), vscode.Uri.file(bad)],
    );
    assert.ok(result, `upload failed: ${JSON.stringify(await seam("lastError"))}`);
    assert.deepEqual(result.uploaded, [file]);
    assert.deepEqual(result.refused.map((r) => r.name), ["notes.txt"]);
    const uploads = await sim<Array<{ fileName: string; size: number; sha256: string }>>("GET", "uploads");
    const got = uploads.find((u) => u.sha256 === sha);
    assert.ok(got, "the simulator did not receive the file's bytes");
    assert.equal(got.fileName, "upload-test.png");
    assert.ok(!uploads.some((u) => u.fileName === "notes.txt"), "a refused file was sent");
  });

  it("exports the timeline as an MP4 into the output folder", async () => {
    const result = await exec<ExportResult | undefined>("imageGeneration.exportTimeline", { notify: false });
    assert.ok(result, `export failed: ${JSON.stringify(await seam("lastError"))}`);
    assertMp4(result.filePath);
    assert.equal(await seam("pending"), undefined, "the pending render was not cleared");
    const tree = await seam<Array<{ contextValue?: string }>>("tree");
    assert.ok(tree.some((n) => n.contextValue === "export.done"), "the finished export is not in the tree");
  });

  it("Cancel really aborts the generation request", async () => {
    const runs = async () => (await requests()).filter((r) => r.path === "/run_sse");
    const before = (await runs()).length;
    // Before the message reached the agent (the answer has not started): Cancel aborts the request, nothing is charged.
    // (After it reached the agent, Cancel only ends the wait: ext-surface-jobs.test.ts.)
    await inject("run_sse", { type: "slow", ms: 600_000 });
    const pending = exec("imageGeneration.generateImage", { prompt: "generate an image of a whale", confirm: false, open: false });
    await waitFor(async () => (await runs()).length > before, "the request never reached the simulator");
    await seam("cancelProgress");
    assert.equal(await pending, undefined);
    assert.equal(await seam("lastError"), undefined, "a cancellation was shown as an error");
    await waitFor(async () => (await runs())[before]?.aborted === true, "the simulator did not see the request aborted");
  });

  it("uploads from a URL", async () => {
    const result = await exec<unknown>("imageGeneration.uploadUrl", "https://example.com/clip.mp4");
    assert.ok(result !== undefined, `URL upload failed: ${JSON.stringify(await seam("lastError"))}`);
    const reqs = await sim<Array<{ method: string; path: string }>>("GET", "requests");
    assert.ok(reqs.some((r) => r.method === "POST" && r.path.startsWith("/api/upload-video/")));
  });

  it("gives a claim link for the browser that never carries the token", async () => {
    const link = await exec<string>("imageGeneration.openInBrowser", { open: false });
    assert.ok(link, `claim link failed: ${JSON.stringify(await seam("lastError"))}`);
    assert.match(link, /claim\?ct=/);
    assert.ok(!/nmv_/.test(link));
  });
});
