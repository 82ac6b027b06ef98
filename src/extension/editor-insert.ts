/**
 * "Insert into Editor" of a saved file: its image markup (or link) at the cursor, with the one
 * alt-text rule. Used by the Session view's command, the chat panel and the gallery.
 */
import * as path from "node:path";
import * as vscode from "vscode";
import { InputError } from "../core/errors";
import { imageMarkup, insertionAfterSelection, markupLanguage, relativeLink } from "../core/prompt/markup";
import { altTextFor, type AltTextMode } from "../core/provenance/alt-text";
import { heavy } from "./lazy";

export function noEditorError(): InputError {
  return new InputError("BAD_INPUT", {
    userMessage: vscode.l10n.t("Open a document to insert the image into."),
    nextStep: vscode.l10n.t("Open a Markdown file, place the cursor, then try again."),
  });
}

/** A file to insert: a path, or a Session view media node whose file was downloaded. */
export type InsertTarget = { path: string; alt?: string };

/**
 * "Insert into Editor": the image markup of `file` at the cursor of `editor` (the active one by
 * default; on an empty line or replacing a selection, else as a paragraph after the cursor's
 * line), linked relative to the document; in other files, the plain link at the cursor.
 */
export async function insertFileIntoEditor(file: string, alt: string, editor = vscode.window.activeTextEditor): Promise<string> {
  if (!editor) throw noEditorError();
  const doc = editor.document;
  const link = doc.isUntitled ? vscode.Uri.file(file).toString() : relativeLink(doc.uri.fsPath, file);
  const lang = markupLanguage(doc.languageId, doc.fileName);
  // The one alt-text rule (provenance/alt-text.ts): the subject of the file's own prompt, else of
  // the prompt the caller knows; empty when the person marks inserted images as decorative.
  const mode = vscode.workspace.getConfiguration("imageGeneration").get<AltTextMode>("insertAltText", "subject") === "decorative" ? "decorative" : "subject";
  const record = await heavy().readProvenance(file).catch(() => undefined);
  const altText = mode === "decorative" ? "" : altTextFor(record?.prompt ?? alt) || alt.trim() || path.basename(file, path.extname(file));
  const eol = doc.eol === vscode.EndOfLine.CRLF ? "\r\n" : "\n";
  const edit = new vscode.WorkspaceEdit();
  const sel = editor.selection;
  const line = doc.lineAt(sel.active.line);
  let text: string;
  if (!lang) {
    text = link;
    edit.replace(doc.uri, sel, text);
  } else if (sel.isEmpty && line.text.trim() !== "") {
    // The cursor sits in text: the image becomes its own paragraph after that line, never splits it.
    const next = line.lineNumber + 1 < doc.lineCount ? doc.lineAt(line.lineNumber + 1).text : "";
    text = insertionAfterSelection(lang, imageMarkup(lang, link, altText), true, eol, next.trim() === "").text;
    edit.insert(doc.uri, line.range.end, text);
  } else {
    text = imageMarkup(lang, link, altText).split("\n").join(eol);
    edit.replace(doc.uri, sel, text);
  }
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error("The editor refused the insertion.");
  return text;
}

