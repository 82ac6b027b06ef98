/**
 * Core sentences (errors) in the editor's language. The core keeps each sentence as an English
 * template plus arguments (core/errors.ts `Phrase`); vscode.l10n.t looks the template up in
 * l10n/bundle.l10n.<lang>.json and fills in the arguments, which are never translated.
 */
import * as vscode from "vscode";
import type { PhraseTranslator } from "../core/errors";

export const translatePhrase: PhraseTranslator = (text) => vscode.l10n.t(text.template, ...text.args);
