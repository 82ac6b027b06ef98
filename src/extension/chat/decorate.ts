/** The chat's messages as the webview gets them (ChatController.decorate). */
import { existsSync } from "node:fs";
import { mediaDisplayName } from "../../core/media/media-name";
import type { ChatMessage } from "../../shared/protocol";
import { generatedWord, type Translate } from "../../shared/strings";
import type { ChatDeps } from "./ports";

/**
 * A copy for the webview: preview URIs of cached media and of a finished export, and which
 * local files went missing (a deleted preview or saved file is shown as such, not broken).
 */
export function decorateMessage(m: ChatMessage, deps: ChatDeps, t: Translate): ChatMessage {
  const card = m.card;
  const exported = card?.type === "export" && card.filePath && existsSync(card.filePath) ? { ...card, previewUri: deps.ports.previewUri(card.filePath) } : card;
  if (!m.media.length && exported === card) return m;
  // A reply's media were made from the person's message it answers.
  const prompt = m.replyTo ? deps.store.get(m.replyTo)?.text : undefined;
  return {
    ...m,
    card: exported,
    media: m.media.map((item) => {
      const cached = item.cachedPath !== undefined && existsSync(item.cachedPath);
      return {
        ...item,
        previewUri: cached && item.cachedPath ? deps.ports.previewUri(item.cachedPath) : undefined,
        previewMissing: item.cachedPath !== undefined && !cached ? true : undefined,
        savedMissing: item.savedPath !== undefined && !existsSync(item.savedPath) ? true : undefined,
        label: mediaDisplayName(item.media, { prompt, atMs: m.createdAt, word: generatedWord(t) }),
      };
    }),
  };
}
