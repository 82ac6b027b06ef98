/**
 * The chat history model shared by the host (which persists it) and the webview (which shows it):
 * one reducer applies the streamed ChatEvents to a message on both sides, so they never disagree.
 * Pure: no vscode, no DOM.
 */
import { mediaDisplayName } from "../core/media/media-name";
import { readableToolName } from "../core/chat/tool-phrase";
import type { ChatEventMsg, ChatMessage } from "./protocol";
import { english, generatedWord, type Translate } from "./strings";

export type { ChatMessage };

export function newMessage(id: string, role: ChatMessage["role"], text: string, now: number): ChatMessage {
  return { id, role, createdAt: now, text, status: "done", notes: [], media: [], offers: [], attachments: [] };
}

function minutes(ms: number): number {
  return Math.max(1, Math.round(ms / 60_000));
}

/** The quiet one-line text for a recovery attempt. */
export function recoveryLine(attempt: number, maxAttempts: number, nextCheckMs: number, t: Translate = english): string {
  const s = Math.max(1, Math.round(nextCheckMs / 1000));
  return t("recovering", s, attempt, maxAttempts);
}

/** Apply one streamed event to an agent message (in place) and return it; `t` words the status lines. */
export function applyChatEvent(msg: ChatMessage, ev: ChatEventMsg, t: Translate = english): ChatMessage {
  switch (ev.type) {
    case "text":
      msg.text += ev.delta;
      msg.activity = undefined;
      break;
    case "retract":
      msg.text = msg.text.slice(0, Math.max(0, msg.text.length - ev.chars));
      break;
    case "tool":
      if (ev.phase === "call") msg.activity = ev.label ?? t("working", readableToolName(ev.name));
      break;
    case "heartbeat":
      break;
    case "still-working":
      msg.activity = t("stillWorking", minutes(ev.elapsedMs));
      break;
    case "action":
      if (ev.action === "export" && !msg.offers.includes("export")) msg.offers.push("export");
      break;
    case "changes":
      for (const s of ev.sentences) msg.notes.push(s);
      break;
    case "media":
      for (const m of ev.media) {
        if (!msg.media.some((x) => x.media.key === m.key)) msg.media.push({ media: m });
      }
      break;
    case "recovering":
      msg.activity = recoveryLine(ev.attempt, ev.maxAttempts, ev.nextCheckMs, t);
      break;
    case "notice":
      msg.notes.push(ev.message);
      break;
  }
  return msg;
}

function quoteBlock(text: string): string {
  return text
    .split("\n")
    .map((l) => `> ${l}`)
    .join("\n");
}

function cardMarkdown(msg: ChatMessage): string {
  const card = msg.card;
  if (!card) return "";
  switch (card.type) {
    case "credits":
      return `Credits — available ${card.credits.available}, frozen ${card.credits.frozen}, total ${card.credits.total}`;
    case "export":
      return card.filePath ? `Export ${card.stage}: ${card.filePath}` : `Export ${card.stage}`;
    case "state":
      return card.tracks?.length ? card.tracks.join("\n") : card.summary;
    case "upload":
      return `Uploaded: ${card.files.join(", ")}`;
  }
}

/** The whole conversation as a Markdown document (command "Export Chat as Markdown"). */
export function historyToMarkdown(messages: readonly ChatMessage[], title: string, exportedAt: Date, t: Translate = english): string {
  const out: string[] = [`# ${title}`, "", `_Exported ${exportedAt.toISOString()}_`, ""];
  for (const m of messages) {
    if (m.divider) {
      out.push("---", "", `_${m.text || t("sessionLostDivider")}_`, "");
      continue;
    }
    const when = new Date(m.createdAt).toISOString();
    const who = t(m.role === "user" ? "you" : m.role === "agent" ? "agent" : "system");
    out.push(`## ${who} — ${when}`, "");
    if (m.role === "user") {
      if (m.text) out.push(quoteBlock(m.text), "");
      if (m.attachments.length) out.push(`Attachments: ${m.attachments.join(", ")}`, "");
    } else if (m.text) {
      out.push(m.text, "");
    }
    const card = cardMarkdown(m);
    if (card) out.push(card, "");
    for (const n of m.notes) out.push(`- ${n}`);
    if (m.notes.length) out.push("");
    // Named for people (core/media/media-name.ts): the title or the prompt answered, never the backend's id.
    const prompt = m.replyTo ? messages.find((x) => x.id === m.replyTo)?.text : undefined;
    for (const item of m.media) {
      const label = mediaDisplayName(item.media, { prompt, atMs: m.createdAt, word: generatedWord(t) });
      out.push(`- ${label}: ${item.savedPath ?? item.media.url}`);
    }
    if (m.media.length) out.push("");
    if (m.error) out.push(`**Error:** ${m.error.message}${m.error.nextStep ? ` ${m.error.nextStep}` : ""}`, "");
    if (m.status === "cancelled") out.push(`_${t("stopped")}_`, "");
  }
  return out.join("\n");
}
