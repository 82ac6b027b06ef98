/**
 * Images into documents: "Generate Image from Selection" (the selected text is the prompt; the
 * image markup of the document's language goes right after the selection as one undoable edit,
 * or, in other files, the image is opened and its link copied) and "Insert into Editor" (a saved
 * media file as markup at the cursor). The markup, links and prompt rules live in the core
 * (core/prompt/markup.ts, core/prompt/selection.ts); the output folder and the cost question are the shared rules.
 */
import * as fs from "node:fs";
import * as vscode from "vscode";
import { InputError } from "../../core/errors";
import { mediaTitle } from "../../core/media/media-name";
import { imageMarkup, insertionAfterSelection, markupLanguage, relativeLink } from "../../core/prompt/markup";
import { promptFromSelection } from "../../core/prompt/selection";
import { translatePhrase } from "../l10n";
import { progressSubject } from "../format";
import { confirmPaid } from "../rules/confirm";
import { announceSaved, resolveOutputFolder } from "../rules/output";
import type { SessionNode } from "../views/session-node";
import { abortOn, cancellableProgress, guarded, openFile } from "../surface-helpers";
import type { PaidContext } from "../contracts/services-context";
import type { SessionModel } from "../model";
import { insertFileIntoEditor, noEditorError, type InsertTarget } from "../editor-insert";
import { runGenerationJob } from "./generation-job";

/** The services, the balance for the cost question, and the downloads the Session view shows. */
export type InsertContext = PaidContext & { model: Pick<SessionModel, "downloads" | "recordDownload"> };

export interface SelectionArgs {
  /** false skips the cost question (tests, callers that asked already). */
  confirm?: boolean;
  /** An untitled document is saved here first instead of asking (tests). */
  saveDocumentAs?: string;
}

export interface SelectionResult {
  files: string[];
  prompt: string;
  /** The document the markup went into, when it did. */
  document?: string;
  inserted?: string;
  /** The link copied to the clipboard (files without image markup). */
  copied?: string;
}

const EXT_BY_LANGUAGE: Record<string, string> = { markdown: "md", mdx: "mdx", html: "html", restructuredtext: "rst", asciidoc: "adoc" };

function selectionNeeded(): InputError {
  return new InputError("BAD_INPUT", {
    userMessage: vscode.l10n.t("Select the text that describes the image first."),
    nextStep: vscode.l10n.t("Select a sentence in the editor, then run Generate Image from Selection again."),
  });
}

/**
 * An untitled document has no folder to link from: ask where to save it (or use `target`), write
 * it there, open it in the same column with the same selection and close the untitled one.
 */
async function saveUntitled(editor: vscode.TextEditor, target?: string): Promise<vscode.TextEditor | undefined> {
  const doc = editor.document;
  let uri = target ? vscode.Uri.file(target) : undefined;
  if (!uri) {
    const save = vscode.l10n.t("Save…");
    const picked = await vscode.window.showInformationMessage(
      vscode.l10n.t("Save this document first, so the image can be linked relative to it."),
      { modal: true },
      save,
    );
    if (picked !== save) return undefined;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const ext = EXT_BY_LANGUAGE[doc.languageId] ?? "md";
    uri = await vscode.window.showSaveDialog({ defaultUri: folder ? vscode.Uri.joinPath(folder, `untitled.${ext}`) : undefined });
    if (!uri) return undefined;
  }
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(doc.getText()));
  const selection = editor.selection;
  const column = editor.viewColumn;
  await vscode.window.showTextDocument(doc, { viewColumn: column, preserveFocus: false });
  await vscode.commands.executeCommand("workbench.action.revertAndCloseActiveEditor");
  const saved = await vscode.window.showTextDocument(uri, { viewColumn: column, selection });
  return saved;
}

/** "Generate Image from Selection". */
export async function generateFromSelection(ctx: InsertContext, args?: SelectionArgs): Promise<SelectionResult | undefined> {
  return guarded(ctx, async () => {
    let editor = vscode.window.activeTextEditor;
    if (!editor || editor.selection.isEmpty) throw selectionNeeded();
    const selected = promptFromSelection(editor.document.getText(editor.selection));
    if (!selected) throw selectionNeeded();
    if (selected.note) {
      const note = translatePhrase(selected.note);
      ctx.services.logger.info(note);
      void vscode.window.showInformationMessage(note);
    }
    if (editor.document.isUntitled) {
      editor = await saveUntitled(editor, args?.saveDocumentAs);
      if (!editor) return undefined;
    }
    const doc = editor.document;
    const selection = editor.selection;
    const outDir = await resolveOutputFolder(ctx, { document: doc.uri });
    if (!outDir) return undefined;
    if (args?.confirm !== false && !(await confirmPaid(ctx, { kind: "image" }, { verb: vscode.l10n.t("Generate") }))) return undefined;

    // A job on the workspace's ledger (generation-job.ts); after Cancel once the message reached the agent the file still arrives (not inserted).
    const result = await runGenerationJob(ctx, vscode.l10n.t("“{0}”", progressSubject(selected.prompt)), { prompt: selected.prompt, outDir: outDir.fsPath, surface: "selection" });
    if (!result) return undefined;
    ctx.services.refresh("all");
    ctx.services.recordActivity({ source: "selection", kind: "generated", subject: selected.prompt, files: result.files });
    const file = result.files.find((f) => /\.(png|jpe?g|webp|gif)$/i.test(f)) ?? result.files[0];
    if (!file) {
      void vscode.window.showInformationMessage(vscode.l10n.t("The agent finished without an image. Check the Session view for changes."));
      return { files: [], prompt: selected.prompt };
    }
    announceSaved(ctx, result.files);

    const lang = markupLanguage(doc.languageId, doc.fileName);
    const link = relativeLink(doc.uri.fsPath, file);
    if (!lang) {
      await vscode.env.clipboard.writeText(link);
      await openFile(ctx, file);
      void vscode.window.showInformationMessage(vscode.l10n.t("Copied the link {0} to the clipboard.", link));
      return { files: result.files, prompt: selected.prompt, copied: link };
    }
    const eol = doc.eol === vscode.EndOfLine.CRLF ? "\r\n" : "\n";
    const line = doc.lineAt(selection.end.line);
    const endsLine = line.text.slice(selection.end.character).trim() === "";
    const next = selection.end.line + 1 < doc.lineCount ? doc.lineAt(selection.end.line + 1).text : "";
    const ins = insertionAfterSelection(lang, imageMarkup(lang, link, selected.prompt), endsLine, eol, next.trim() === "");
    const at = ins.at === "selection-end" ? selection.end : line.range.end;
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, at, ins.text);
    if (!(await vscode.workspace.applyEdit(edit))) throw new Error("The editor refused the insertion.");
    if (editor.document === doc) editor.selection = selection; // the selection stays what the person selected
    return { files: result.files, prompt: selected.prompt, document: doc.uri.fsPath, inserted: ins.text };
  });
}

/**
 * "Insert into Editor" on a Session view media item (downloaded first when needed, without
 * opening it, so the editor stays the active one) or on a saved file (the chat panel).
 */
export async function insertMediaIntoEditor(ctx: InsertContext, node?: SessionNode | InsertTarget): Promise<string | undefined> {
  return guarded(ctx, async () => {
    const editor = vscode.window.activeTextEditor;
    if (!editor) throw noEditorError();
    if (node && "path" in node) return insertFileIntoEditor(node.path, node.alt ?? "", editor);
    if (!node || node.type !== "media") return undefined;
    const media = node.media;
    let file = ctx.model.downloads.get(media.key);
    if (!file || !fs.existsSync(file)) {
      const outDir = await resolveOutputFolder(ctx, { document: editor.document.isUntitled ? undefined : editor.document.uri });
      if (!outDir) return undefined;
      const target = outDir.fsPath;
      file = await cancellableProgress(ctx, vscode.l10n.t("Downloading"), (_progress, token) =>
        ctx.services.client.downloadMedia(media, { outDir: target, signal: abortOn(token).signal }),
      );
      ctx.model.recordDownload(media.key, file);
    }
    return insertFileIntoEditor(file, mediaTitle(media) ?? "", editor);
  });
}
