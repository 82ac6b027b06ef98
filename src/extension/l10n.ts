/**
 * Core sentences (errors) in the editor's language. The core keeps each sentence as an English
 * template plus arguments (core/errors.ts `Phrase`); vscode.l10n.t looks the template up in
 * l10n/bundle.l10n.<lang>.json and fills in the arguments, which are never translated.
 * Also the words for untitled generated media (core/media/media-name.ts).
 */
import * as vscode from "vscode";
import type { PhraseTranslator } from "../core/errors";
import type { MediaKind } from "../core/types";

export const translatePhrase: PhraseTranslator = (text) => vscode.l10n.t(text.template, ...text.args);

/** The word for an untitled generated item, in the editor's language. */
export function mediaWord(kind: MediaKind): string {
  switch (kind) {
    case "image":
      return vscode.l10n.t("Generated image");
    case "video":
      return vscode.l10n.t("Generated clip");
    case "audio":
      return vscode.l10n.t("Generated audio");
    default:
      return vscode.l10n.t("Generated media");
  }
}
