/** Core text on its way into the chat, in the host's language (English without a translator). */
import { englishPhrase, type NemoError, type PhraseTranslator } from "../../core/errors";
import type { ChatEvent } from "../../core/types";
import { toolPhrase } from "../../core/chat/tool-phrase";
import type { ChatEventMsg, ErrorInfo } from "../../shared/protocol";

/** An error as the webview shows it. */
export function errorInfo(e: NemoError, phrases: PhraseTranslator = englishPhrase): ErrorInfo {
  const { message, nextStep } = e.describe(phrases);
  return { code: e.code, message, nextStep, link: e.link, retryable: e.code === "STREAM_DROPPED" || e.code === "SESSION_LOST" };
}

type NoticeEvent = Extract<ChatEvent, { type: "notice" }>;

/** A notice's text: its phrase translated, or the message as written when it has none. */
export function noticeText(event: NoticeEvent, phrases: PhraseTranslator = englishPhrase): string {
  return event.phrase ? phrases(event.phrase) : event.message;
}

/**
 * A chat event as the webview gets it: a core notice translated (its phrase dropped: the webview
 * gets text), a tool call with its words ("Generating an image…").
 */
export function localEvent(event: ChatEvent, phrases: PhraseTranslator = englishPhrase): ChatEventMsg {
  if (event.type === "tool") return { ...event, label: phrases(toolPhrase(event.name)) };
  if (event.type !== "notice" || !event.phrase) return event;
  return { type: "notice", message: noticeText(event, phrases) };
}
