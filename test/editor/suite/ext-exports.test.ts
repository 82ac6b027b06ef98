// Exports in the real extension host against the simulator: the one export record store written
// by every path and shown in Session → Exports; resume of a render a closed window left behind,
// in both orders (closed before the submit was sent / after it was acknowledged), decided by
// events, never by time; a save that fails on disk, then succeeds from the tree.
import * as assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";
import { exec, requests, seam, simSuite, workspaceRoot } from "./ext-helpers";

interface ExportResult {
  renderId: string;
  filePath: string;
}
interface ExportRecord {
  id: string;
  renderId?: string;
  source?: string;
  state: string;
  filePath?: string;
  errorCode?: string;
  outDir: string;
}
interface TreeRow {
  depth: number;
  label: string;
  description?: string;
  contextValue?: string;
}

const isMp4 = (file: string): boolean => existsSync(file) && readFileSync(file).subarray(4, 8).toString("latin1") === "ftyp";
const submits = async (): Promise<number> => (await requests()).filter((r) => r.path === "/api/render/proxy/lambda").length;
const exportRows = async (): Promise<TreeRow[]> => {
  const rows = await seam<TreeRow[]>("tree");
  const at = rows.findIndex((r) => r.contextValue === "group.exports");
  return rows.slice(at + 1).filter((r) => r.depth === 1 && r.contextValue?.startsWith("export"));
};

describe("exports: record store, tree, resume (simulator)", function () {
  simSuite(this);
  // These exports run unattended: no export question (imageGeneration.confirmPaidActions off), put back after.
  const cfg = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration("imageGeneration");
  let confirmBefore: boolean | undefined;
  before(async () => {
    confirmBefore = cfg().inspect<boolean>("confirmPaidActions")?.globalValue;
    await cfg().update("confirmPaidActions", false, vscode.ConfigurationTarget.Global);
  });
  after(async () => {
    await cfg().update("confirmPaidActions", confirmBefore, vscode.ConfigurationTarget.Global);
  });

  before(async () => {
    const made = await exec<{ files: string[] } | undefined>("imageGeneration.generateImage", { prompt: "generate an image of a paper boat", confirm: false, open: false });
    assert.ok(made, `no draft to export: ${JSON.stringify(await seam("lastError"))}`);
  });
  beforeEach(async () => {
    await seam("clearExports");
  });

  it("a palette export is recorded once and listed under Session → Exports with its file name", async () => {
    const result = await exec<ExportResult | undefined>("imageGeneration.exportTimeline", { notify: false });
    assert.ok(result, `export failed: ${JSON.stringify(await seam("lastError"))}`);
    assert.ok(isMp4(result.filePath));
    // One scheme (core/render/export-name.ts): the timeline's title (the image turn adds one), else a timestamp.
    assert.match(path.basename(result.filePath), /^[\p{Ll}\p{Lo}\p{N}]+(-[\p{Ll}\p{Lo}\p{N}]+)*\.mp4$/u, "one file-name scheme");
    const records = await seam<ExportRecord[]>("exports");
    assert.equal(records.length, 1);
    assert.equal(records[0].source, "palette");
    assert.equal(records[0].state, "done");
    assert.equal(records[0].filePath, result.filePath);
    const rows = await exportRows();
    assert.equal(rows.length, 1);
    assert.equal(rows[0].label, path.basename(result.filePath));
    assert.equal(rows[0].description, "done");
    assert.equal(rows[0].contextValue, "export.done");
    assert.ok(!rows.some((r) => r.label.startsWith("render_")), "a raw render id as a label");
  });

  it("a deleted export file is marked, and Resume Export downloads it again", async () => {
    const result = await exec<ExportResult | undefined>("imageGeneration.exportTimeline", { notify: false });
    assert.ok(result);
    rmSync(result.filePath);
    let rows = await exportRows();
    assert.equal(rows[0].description, "file deleted");
    assert.equal(rows[0].contextValue, "export.missing");
    const [record] = await seam<ExportRecord[]>("exports");
    const again = await exec<ExportResult | undefined>("imageGeneration.resumeExport", { type: "export", record, missing: true }, { notify: false });
    assert.ok(again, `resume failed: ${JSON.stringify(await seam("lastError"))}`);
    assert.ok(isMp4(again.filePath));
    rows = await exportRows();
    assert.equal(rows.length, 1, "the same record, not a second one");
    assert.equal(rows[0].contextValue, "export.done");
  });

  it("resumes a render whose window closed before the submit was sent (submitted again, same id)", async () => {
    const before = await submits();
    const started = await seam<{ pending?: ExportRecord; run: string }>("startExportAndClose", "before-submit");
    assert.equal(started.run, "stopped");
    assert.ok(started.pending?.renderId, "no render id was recorded");
    assert.equal(await submits(), before, "the submit was sent although the window closed first");
    const rows = await exportRows();
    assert.match(rows[0].label, /^Export of /);
    assert.equal(rows[0].contextValue, "export.resumable");
    assert.equal(rows[0].description, "interrupted");
    const result = await seam<ExportResult | undefined>("resumePending");
    assert.ok(result, `resume failed: ${JSON.stringify(await seam("lastError"))}`);
    assert.equal(result.renderId, started.pending.renderId);
    assert.ok(isMp4(result.filePath));
    assert.equal(await submits(), before + 1, "the unknown render is submitted once, with the same id");
    const polls = (await requests()).filter((r) => r.path === `/api/render/proxy/lambda/${result.renderId}`);
    assert.ok(polls.length >= 2, "a 404 first, then the resubmitted job");
    assert.equal(await seam("pending"), undefined);
    const records = await seam<ExportRecord[]>("exports");
    assert.equal(records.length, 1);
    assert.equal(records[0].state, "done");
  });

  it("resumes a render whose window closed after the submit was acknowledged (no new submit)", async () => {
    const before = await submits();
    const started = await seam<{ pending?: ExportRecord; run: string }>("startExportAndClose", "after-submit");
    assert.equal(started.run, "stopped");
    assert.ok(started.pending?.renderId);
    assert.equal(await submits(), before + 1);
    const result = await seam<ExportResult | undefined>("resumePending");
    assert.ok(result, `resume failed: ${JSON.stringify(await seam("lastError"))}`);
    assert.equal(result.renderId, started.pending.renderId);
    assert.ok(isMp4(result.filePath));
    assert.equal(await submits(), before + 1, "a known render is not submitted again");
    assert.equal(await seam("pending"), undefined);
  });

  it("a file where the output folder should be: one sentence, the tree keeps working, saved later from the tree", async () => {
    const cfg = vscode.workspace.getConfiguration("imageGeneration");
    const blocked = path.join(workspaceRoot(), "blocked-exports");
    rmSync(blocked, { recursive: true, force: true });
    writeFileSync(blocked, "a file, not a folder");
    await cfg.update("outputFolder", "blocked-exports", vscode.ConfigurationTarget.Workspace);
    try {
      assert.equal(await exec("imageGeneration.exportTimeline", { notify: false }), undefined);
      const e = await seam<{ code: string; message: string }>("lastError");
      assert.equal(e.code, "SAVE_FAILED");
      assert.match(e.message, /a file sits where the folder .*blocked-exports should be\. Move or rename that file/);
      const rows = await exportRows();
      assert.equal(rows[0].description, "failed");
      assert.equal(rows[0].contextValue, "export.resumable", "a failed save can be resumed");
      rmSync(blocked);
      mkdirSync(blocked);
      const [record] = await seam<ExportRecord[]>("exports");
      const again = await exec<ExportResult | undefined>("imageGeneration.resumeExport", { type: "export", record, missing: false }, { notify: false });
      assert.ok(again, `save again failed: ${JSON.stringify(await seam("lastError"))}`);
      assert.equal(path.dirname(again.filePath), blocked);
      assert.ok(isMp4(again.filePath));
    } finally {
      await cfg.update("outputFolder", undefined, vscode.ConfigurationTarget.Workspace);
      rmSync(blocked, { recursive: true, force: true });
    }
  });
});
