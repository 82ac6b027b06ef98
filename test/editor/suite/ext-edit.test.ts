// Edit an image with a prompt and compare (issue 19 §2) inside the real extension host against the
// simulator: the command with a file, the new version beside the original, the compare view open,
// Keep replacing the original and Undo restoring it byte for byte; a wrong file refused before upload.
import * as assert from "node:assert/strict";
import { copyFileSync, existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";
import { exec, seam, sim, simSuite, type ShownError, waitFor, workspaceRoot } from "./ext-helpers";

interface EditResult {
  source: string;
  file: string;
  jobId: string;
}

interface LedgerJob {
  id: string;
  kind: string;
  surface: string;
  state: string;
  sessionId?: string;
  media: { path?: string }[];
  extra?: Record<string, unknown>;
}

/** The open compare views (webview tabs of our view type). */
function compareTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith("imageGeneration.compare"));
}

describe("edit an image with a prompt, compare, keep and undo (simulator)", function () {
  simSuite(this);
  let dir: string;
  before(() => {
    dir = path.join(workspaceRoot(), `edit-host-${Date.now()}`);
  });

  it("saves name-edit-1.png beside the original, opens the compare view; Keep replaces the original and Undo restores it", async () => {
    await vscode.workspace.fs.createDirectory(vscode.Uri.file(dir));
    const source = path.join(dir, "harbour.png");
    copyFileSync(path.join(workspaceRoot(), "sample.png"), source);
    const original = readFileSync(source);
    const result = await exec<EditResult | undefined>("imageGeneration.editImageWithPrompt", vscode.Uri.file(source), { instruction: "make the sky pink", confirm: false });
    assert.ok(result, `edit failed: ${JSON.stringify(await seam("lastError"))}`);
    assert.equal(result.source, source);
    assert.equal(result.file, path.join(dir, "harbour-edit-1.png"));
    const version = readFileSync(result.file);
    assert.notDeepEqual(version, original);
    assert.deepEqual(readFileSync(source), original, "the original is untouched");
    // The edit is a job on the workspace's ledger with the saved version as its media; its upload is an upload job.
    const ledger = await seam<LedgerJob[]>("jobs", {});
    const editJob = ledger.find((j) => j.id === result.jobId);
    assert.equal(editJob?.kind, "edit");
    assert.equal(editJob?.surface, "explorer", "started on a file (the Explorer's menu), not the palette");
    assert.equal(editJob?.state, "done");
    assert.deepEqual(editJob?.media.flatMap((m) => (m.path ? [m.path] : [])), [result.file]);
    const upload = ledger.find((j) => j.kind === "upload" && j.extra?.name === "harbour.png" && j.sessionId === editJob?.sessionId);
    assert.equal(upload?.state, "done", "the image's upload is on the ledger");
    // The panel's tab reaches the tab model a moment after it is created.
    await waitFor(async () => compareTabs().length === 1, "the compare view's tab");

    // The chat says what the edit saved, with a card linking the new version.
    type Shown = Array<{ id: string; media: { savedPath?: string }[] }>;
    const chatLinks = async (): Promise<Shown> => seam<Shown>("chat", { op: "messages" });
    await waitFor(async () => (await chatLinks()).some((m) => m.media.some((x) => x.savedPath === result.file)), "the chat's card of the new version");
    const card = (await chatLinks()).find((m) => m.media.some((x) => x.savedPath === result.file));
    const cardLink = async (): Promise<string | undefined> => (await chatLinks()).find((m) => m.id === card?.id)?.media[0]?.savedPath;

    const outcome = await exec<{ action: string; keep?: { backup: string } } | undefined>("imageGeneration.compare.keep");
    assert.ok(outcome?.keep, `keep failed: ${JSON.stringify(await seam("lastError"))}`);
    assert.deepEqual(readFileSync(source), version, "Keep: the original's name holds the new version");
    assert.ok(!existsSync(result.file), "the version was moved into place");
    await waitFor(async () => compareTabs().length === 0, "the compare view to close");
    // The card links the file where the new version is now (not "deleted or moved").
    await waitFor(async () => (await cardLink()) === source, "the chat's card to link the kept file");

    const undone = await exec<{ original: string; version: string } | undefined>("imageGeneration.undoKeep");
    assert.ok(undone, `undo failed: ${JSON.stringify(await seam("lastError"))}`);
    assert.deepEqual(readFileSync(source), original, "Undo: the original is back, byte for byte");
    assert.deepEqual(readFileSync(result.file), version, "Undo: the new version is back under its name");
    assert.ok(!existsSync(outcome.keep.backup), "the backup is used up");
    await waitFor(async () => (await cardLink()) === result.file, "the chat's card to link the new version again after Undo");
  });

  it("a second edit takes -edit-2; Compare Images opens two Explorer images; Keep Both leaves both", async () => {
    await vscode.workspace.fs.createDirectory(vscode.Uri.file(dir));
    const source = path.join(dir, "boats.png");
    copyFileSync(path.join(workspaceRoot(), "sample.png"), source);
    const first = await exec<EditResult | undefined>("imageGeneration.editImageWithPrompt", source, { instruction: "add a red boat", confirm: false, compare: false });
    const second = await exec<EditResult | undefined>("imageGeneration.editImageWithPrompt", source, undefined, { instruction: "add a blue boat", confirm: false, compare: false });
    assert.equal(first?.file, path.join(dir, "boats-edit-1.png"), JSON.stringify(await seam("lastError")));
    assert.equal(second?.file, path.join(dir, "boats-edit-2.png"));
    // The Explorer passes (clicked, selected[]); the version comes second whatever the order.
    await exec("imageGeneration.compareImages", vscode.Uri.file(second.file), [vscode.Uri.file(second.file), vscode.Uri.file(source)]);
    await waitFor(async () => compareTabs().length === 1, "the compare view's tab");
    assert.match(compareTabs()[0].label, /boats\.png ↔ boats-edit-2\.png/, "the original on the left");
    const outcome = await exec<{ action: string } | undefined>("imageGeneration.compare.keepBoth");
    assert.equal(outcome?.action, "keepBoth");
    await waitFor(async () => compareTabs().length === 0, "the compare view to close");
    assert.deepEqual(readdirSync(dir).filter((n) => n.startsWith("boats")).sort(), ["boats-edit-1.png", "boats-edit-2.png", "boats.png"]);
  });

  it("refuses a file that is not an image before anything is uploaded", async () => {
    await vscode.workspace.fs.createDirectory(vscode.Uri.file(dir));
    const fake = path.join(dir, "notes.png");
    writeFileSync(fake, "not an image");
    const before = (await sim<Array<{ fileName: string }>>("GET", "uploads")).length;
    const result = await exec<EditResult | undefined>("imageGeneration.editImageWithPrompt", vscode.Uri.file(fake), { instruction: "make it pink", confirm: false });
    assert.equal(result, undefined);
    const shown = await seam<ShownError>("lastError");
    assert.equal(shown?.code, "UNSUPPORTED_FILE");
    assert.match(shown.message, /not a PNG, JPEG or WebP image/);
    assert.equal((await sim<Array<{ fileName: string }>>("GET", "uploads")).length, before, "nothing was uploaded");
  });
});
