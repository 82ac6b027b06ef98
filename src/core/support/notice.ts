/**
 * Notices (not errors) in the same shape as error sentences: the English text for logs and the
 * CLI, plus the phrase a host translates (core/errors.ts `Phrase`).
 */
import { englishPhrase, type Phrase } from "../errors";
import type { ChatEvent, Notice } from "../types";

export function notice(kind: Notice["kind"], text: Phrase): Notice {
  return { kind, message: englishPhrase(text), phrase: text };
}

export function noticeEvent(text: Phrase): Extract<ChatEvent, { type: "notice" }> {
  return { type: "notice", message: englishPhrase(text), phrase: text };
}
