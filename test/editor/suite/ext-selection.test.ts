// Selection → image → markup, in the real extension host against the simulator: the link after
// the selection with the right relative (encoded) path, one undo step, untitled documents saved
// first, the link on the clipboard for files without image markup, Insert into Editor.
import * as assert from "node:assert/strict";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";
import { exec, seam, simSuite, workspaceRoot } from "./ext-helpers";

interface SelectionResult {
  files: string[];
  prompt: string;
  document?: string;
  inserted?: string;
  copied?: string;
}

async function openAndSelect(file: string, text: string, line: number): Promise<vscode.TextEditor> {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  const editor = await vscode.window.showTextDocument(vscode.Uri.file(file));
  const l = editor.document.lineAt(line);
  editor.selection = new vscode.Selection(l.range.start, l.range.end);
  return editor;
}

/** The file a link in the document points at (decoded, resolved from the document's folder). */
function target(docPath: string, link: string): string {
  return path.resolve(path.dirname(docPath), decodeURIComponent(link));
}

async function generate(args: Record<string, unknown> = {}): Promise<SelectionResult> {
  const r = await exec<SelectionResult | undefined>("imageGeneration.generateFromSelection", { confirm: false, ...args });
  assert.ok(r, `generate from selection failed: ${JSON.stringify(await seam("lastError"))}`);
  assert.ok(r.files.length >= 1, "no image downloaded");
  for (const f of r.files) assert.ok(existsSync(f), `${f} missing`);
  return r;
}

describe("generate image from selection (simulator)", function () {
  simSuite(this);
  const cfg = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration("imageGeneration");
  afterEach(async () => {
    await cfg().update("outputFolder", undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand("workbench.action.closeAllEditors");
  });

  it("Markdown in a subfolder, output folder with a space: the link after the selection, relative and encoded; undo removes it all", async () => {
    await cfg().update("outputFolder", "generated media", vscode.ConfigurationTarget.Workspace);
    const doc = path.join(workspaceRoot(), "docs", "my notes", "field guide.md");
    const original = "# Guide\n\nA lighthouse on a cliff at dusk\n\nMore text.\n";
    const editor = await openAndSelect(doc, original, 2);
    const r = await generate();
    assert.equal(r.prompt, "A lighthouse on a cliff at dusk");
    const image = r.files[0];
    assert.equal(path.dirname(image), path.join(workspaceRoot(), "generated media"), "saved in the document's workspace output folder");
    const text = editor.document.getText();
    const m = /^!\[A lighthouse on a cliff at dusk\]\(([^)\s]+)\)$/m.exec(text);
    assert.ok(m, `no Markdown image after the selection:\n${text}`);
    assert.match(m[1], /^\.\.\/\.\.\/generated%20media\//, "relative to the document, space encoded");
    assert.equal(target(doc, m[1]), image);
    assert.equal(text, original.replace("at dusk\n", `at dusk\n\n${m[0]}\n`), "its own paragraph right after the selected line, nothing else changed");

    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand("undo");
    assert.equal(editor.document.getText(), original, "one undo removes the whole insertion");
  });

  it("an untitled document is saved first, then linked relative to where it was saved", async () => {
    const doc = await vscode.workspace.openTextDocument({ language: "markdown", content: "Notes\n\na red fox in snow\n" });
    const editor = await vscode.window.showTextDocument(doc);
    const l = editor.document.lineAt(2);
    editor.selection = new vscode.Selection(l.range.start, l.range.end);
    const savedAs = path.join(workspaceRoot(), "drafts", "fox draft.md");
    mkdirSync(path.dirname(savedAs), { recursive: true });
    const r = await generate({ saveDocumentAs: savedAs });
    assert.equal(r.document, savedAs);
    const active = vscode.window.activeTextEditor?.document;
    assert.equal(active?.uri.fsPath, savedAs, "the saved document replaced the untitled one");
    const m = /!\[a red fox in snow\]\(([^)\s]+)\)/.exec(active.getText());
    assert.ok(m, active.getText());
    assert.match(m[1], /^\.\.\/generated-media\//);
    assert.equal(target(savedAs, m[1]), r.files[0]);
    assert.ok(!vscode.window.visibleTextEditors.some((e) => e.document.isUntitled), "the untitled editor is closed");
  });

  it("reStructuredText and AsciiDoc get their own image markup", async () => {
    const rst = path.join(workspaceRoot(), "docs", "intro.rst");
    const e1 = await openAndSelect(rst, "Intro\n=====\n\nA paper boat on a pond\n", 3);
    const r1 = await generate();
    const m1 = /\.\. image:: (\S+)\n {3}:alt: A paper boat on a pond/.exec(e1.document.getText());
    assert.ok(m1, e1.document.getText());
    assert.equal(target(rst, m1[1]), r1.files[0]);
    const adoc = path.join(workspaceRoot(), "guide.adoc");
    const e2 = await openAndSelect(adoc, "= Guide\n\nAn owl, at night\n", 2);
    const r2 = await generate();
    const m2 = /image::(\S+)\["An owl, at night"\]/.exec(e2.document.getText());
    assert.ok(m2, e2.document.getText());
    assert.equal(target(adoc, m2[1]), r2.files[0]);
  });

  it("a plain-text file: the image is saved and its link copied to the clipboard", async () => {
    const txt = path.join(workspaceRoot(), "notes", "ideas.txt");
    const original = "ideas\na green teapot\n";
    const editor = await openAndSelect(txt, original, 1);
    const r = await generate();
    assert.ok(r.copied, "a link was copied");
    assert.equal(await vscode.env.clipboard.readText(), r.copied);
    assert.equal(target(txt, r.copied), r.files[0]);
    assert.equal(editor.document.getText(), original, "the text file is not changed");
  });

  it("Insert into Editor puts a saved image's markup at the cursor", async () => {
    const doc = path.join(workspaceRoot(), "docs", "insert.md");
    const editor = await openAndSelect(doc, "Before\n\nAfter\n", 1);
    editor.selection = new vscode.Selection(1, 0, 1, 0);
    const image = path.join(workspaceRoot(), "sample.png");
    const inserted = await exec<string | undefined>("imageGeneration.insertIntoEditor", { path: image, alt: "sample" });
    assert.equal(inserted, "![sample](../sample.png)");
    assert.equal(editor.document.getText(), "Before\n![sample](../sample.png)\nAfter\n");
    // In the middle of text the image becomes a paragraph after the line instead of splitting it.
    editor.selection = new vscode.Selection(2, 2, 2, 2);
    await exec("imageGeneration.insertIntoEditor", { path: image, alt: "again" });
    assert.equal(editor.document.getText(), "Before\n![sample](../sample.png)\nAfter\n\n![again](../sample.png)\n");
  });
});
