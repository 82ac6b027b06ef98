/**
 * The chat's local flows (never sent to the agent): export with a progress card, credits card,
 * timeline summary, uploads with chip progress, media preview cache and "Save".
 */
import { createHash } from "node:crypto";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { CancelledError, InputError, toNemoError } from "../../core/errors";
import { extensionOf, mediaFileName } from "../../core/media/files";
import { mediaKindOfType, readHead, sniffMediaType } from "../../core/media/media-type";
import { noFolderError } from "../../core/media/output-folder";
import { isExportReady, summarizeDraft, trackLines } from "../../core/state";
import type { Credits, GeneratedMedia } from "../../core/types";
import { historyToMarkdown } from "../../shared/chat-model";
import type { Card, ChatMessage } from "../../shared/protocol";
import type { Translate } from "../../shared/strings";
import type { TakenAttachments } from "./attachments";
import type { ChatDeps } from "./ports";

/** What the flows need from the controller. */
export interface FlowHost {
  readonly deps: ChatDeps;
  /** Words what the flows show (cards, errors). */
  readonly t: Translate;
  /** Append a system message with a card and post it. */
  addCard(card: Card): ChatMessage;
  /** Change a message in place, persist, post it. */
  update(id: string, change: (m: ChatMessage) => void): void;
  setCredits(credits: Credits): void;
  attachmentProgress(id: string, sentBytes: number, totalBytes: number): void;
}

/** The output folder by the one rule, or the NO_FOLDER error ("Open Folder…"). */
async function needOutputFolder(host: FlowHost): Promise<string> {
  const out = await host.deps.ports.outputFolder();
  if (!out) throw noFolderError();
  return out;
}

export async function exportFlow(host: FlowHost, signal: AbortSignal): Promise<void> {
  const outDir = await needOutputFolder(host);
  // The export question (rules/confirm.ts → core/render/export-question.ts) names what the MP4 will contain.
  if (host.deps.ports.confirmExport) {
    let go = false;
    try {
      go = await host.deps.ports.confirmExport(() => host.deps.client.state({ signal }));
    } finally {
      host.deps.ports.focusInput?.();
    }
    if (!go) throw new CancelledError();
  }
  const card = host.addCard({ type: "export", stage: "precheck" });
  let renderId: string | undefined;
  try {
    const result = await host.deps.client.exportVideo({
      outDir,
      signal,
      source: "chat",
      onRenderId: (id) => {
        renderId = id;
        // Kept with the card, so after a reload the card follows the export's record (export-cards.ts).
        host.update(card.id, (m) => {
          if (m.card?.type === "export") m.card = { ...m.card, renderId: id };
        });
      },
      onProgress: (p) =>
        host.update(card.id, (m) => {
          m.card = { type: "export", stage: p.stage, percent: p.percent, status: p.status, renderId };
        }),
    });
    host.update(card.id, (m) => {
      m.card = { type: "export", stage: "done", percent: 100, filePath: result.filePath, renderId: result.renderId };
    });
    host.deps.ports.refresh("session");
  } catch (err) {
    const cancelled = signal.aborted;
    // Stop is the person's cancel: the service is asked to stop the render too (best effort).
    if (cancelled && renderId) await host.deps.client.cancelExport(renderId).catch(() => undefined);
    host.update(card.id, (m) => {
      const prev = m.card?.type === "export" ? m.card : undefined;
      m.card = { type: "export", stage: cancelled ? "cancelled" : "failed", percent: prev?.percent, renderId };
    });
    throw err;
  }
}

export async function creditsFlow(host: FlowHost, signal: AbortSignal): Promise<void> {
  const credits = await host.deps.client.credits({ signal });
  host.setCredits(credits);
  host.addCard({ type: "credits", credits });
}

export async function stateFlow(host: FlowHost, signal: AbortSignal): Promise<void> {
  const state = await host.deps.client.state({ signal });
  const ready = isExportReady(state);
  const summary = state.draft ? summarizeDraft(state.draft) : host.t("emptyTimeline");
  const tracks = trackLines(state.draft);
  const msg = host.addCard({ type: "state", summary, ready, tracks: tracks.length ? tracks : undefined });
  if (ready) host.update(msg.id, (m) => m.offers.push("export"));
}

/** Upload the chosen chips: files first, then URLs. Throws when the upload fails. */
export async function uploadFlow(host: FlowHost, taken: TakenAttachments, signal: AbortSignal): Promise<string[]> {
  const done: string[] = [];
  // On the ledger from the first byte (uploading → done / failed / cancelled): the Session view lists a failed or cancelled send too.
  if (taken.files.length) {
    const byName = new Map(taken.files.map((f) => [f.name, f.id]));
    const total = taken.files.reduce((sum, f) => sum + (f.size ?? 0), 0);
    const sentBytes = new Map<string, number>();
    const result = await host.deps.ports.trackUploads(
      taken.files.map((f) => ({ path: f.path, size: f.size })),
      (jobs) =>
        host.deps.client.uploadFiles(
          taken.files.map((f) => f.path),
          {
            signal,
            onProgress: (p) => {
              const id = byName.get(p.file) ?? byName.get(path.basename(p.file));
              if (id) host.attachmentProgress(id, p.sentBytes, p.totalBytes);
              sentBytes.set(p.file, p.sentBytes);
              if (total > 0) jobs.progress(Math.min(100, Math.round(([...sentBytes.values()].reduce((a, b) => a + b, 0) / total) * 100)));
            },
          },
        ),
    );
    done.push(...(result.files.length ? result.files : taken.files.map((f) => f.name)));
  }
  if (taken.urls.length) {
    const result = await host.deps.ports.trackUploads(
      taken.urls.map((u) => ({ url: u.url })),
      () => host.deps.client.uploadUrls(taken.urls.map((u) => u.url), { signal }),
    );
    done.push(...(result.files.length ? result.files : taken.urls.map((u) => u.url)));
  }
  host.addCard({ type: "upload", files: done });
  return done;
}

/**
 * The preview file's name: a hash of where the bytes came from (the session, the chat message
 * that shows them and the full URL), never the backend's id or file name alone. The simulator
 * reuses seeded ids across runs and a real backend may reuse names across sessions or accounts:
 * a file cached for one source is never shown for another. (Older `hash(key)` entries simply
 * never match.)
 */
export function previewCacheName(media: GeneratedMedia, source: { sessionId?: string; messageId: string }): string {
  const hash = createHash("sha256")
    .update(JSON.stringify(["preview-v2", source.sessionId ?? "", source.messageId, media.url]))
    .digest("hex")
    .slice(0, 32);
  let ext = "";
  try {
    ext = extensionOf(new URL(media.url, "http://x/").pathname);
  } catch {
    ext = "";
  }
  return `${hash}.${/^[a-z0-9]{1,5}$/i.test(ext) ? ext : media.kind === "video" ? "mp4" : "png"}`;
}

async function currentSessionId(host: FlowHost): Promise<string | undefined> {
  try {
    return (await host.deps.client.currentSession())?.sessionId;
  } catch {
    return undefined; // no session known: the message id and the URL still tell the sources apart
  }
}

/** Download previews of new images/clips into the cache folder, then re-post the message. */
export async function cacheMedia(host: FlowHost, messageId: string, media: readonly GeneratedMedia[]): Promise<void> {
  const dir = host.deps.ports.cacheFolder();
  const sessionId = await currentSessionId(host);
  for (const item of media) {
    // "unknown": a URL that names no type; the bytes will say (a WebP at an extensionless URL).
    if (item.kind !== "image" && item.kind !== "video" && item.kind !== "unknown") continue;
    try {
      const name = previewCacheName(item, { sessionId, messageId });
      const target = path.join(dir, name);
      const exists = await fs.stat(target).then((s) => s.size > 0, () => false);
      let file = target;
      if (!exists) {
        await fs.mkdir(dir, { recursive: true });
        file = await host.deps.client.downloadMedia(item, { outDir: dir, fileName: name });
      }
      // The panel labels and plays the item by what its bytes are (core/media/media-type.ts, the one
      // sniffing rule), not by the declared type or the URL's extension; kept with the message.
      const sniffed = sniffMediaType(await readHead(file).catch(() => Buffer.alloc(0)));
      host.update(messageId, (m) => {
        const entry = m.media.find((x) => x.media.key === item.key);
        if (!entry) return;
        entry.cachedPath = file;
        if (sniffed) entry.media = { ...entry.media, mime: sniffed.mime, kind: mediaKindOfType(sniffed) };
      });
    } catch (err) {
      host.deps.logger.warn(`Chat: no preview for ${item.kind} (${toNemoError(err).code})`);
      host.update(messageId, (m) => {
        const entry = m.media.find((x) => x.media.key === item.key);
        if (entry) entry.previewFailed = true;
      });
    }
  }
}

/** The prompt a reply's media was made from: the person's message it answered. */
function titleOf(host: FlowHost, message: ChatMessage): string | undefined {
  const asked = message.replyTo ? host.deps.store.get(message.replyTo) : undefined;
  return asked?.text.trim() || undefined;
}

/**
 * "Save": download the media into the output folder, named from the prompt
 * (`watercolor-lighthouse-at-dusk.png`, never overwriting); with no folder open, a save dialog asks where.
 */
export async function saveMediaFlow(host: FlowHost, message: ChatMessage, key: string): Promise<string> {
  const entry = message.media.find((m) => m.media.key === key);
  if (!entry) throw new InputError("BAD_INPUT", { userMessage: host.t("goneItem") });
  const title = titleOf(host, message) ?? entry.media.title;
  const outDir = await host.deps.ports.outputFolder();
  let file: string;
  if (outDir) {
    file = await host.deps.client.downloadMedia(entry.media, { outDir, title, fileName: title ? undefined : entry.media.name });
  } else {
    const { url, kind, name, mime } = entry.media;
    const target = await host.deps.ports.saveAs(mediaFileName({ url, kind, title, name, mime, nowMs: Date.now() }));
    if (!target) throw new CancelledError();
    file = await host.deps.client.downloadMedia(entry.media, { outDir: path.dirname(target), fileName: path.basename(target) });
  }
  host.deps.ports.announceSaved([file]);
  host.update(message.id, (m) => {
    const e = m.media.find((x) => x.media.key === key);
    if (e) e.savedPath = file;
  });
  return file;
}

/** Command "Export Chat as Markdown": the conversation into the output folder; opened after. */
export async function exportChatFlow(host: FlowHost, now: number): Promise<string> {
  const outDir = await needOutputFolder(host);
  const stamp = new Date(now).toISOString().replace(/[:.]/g, "-").slice(0, 19);
  const file = path.join(outDir, `chat-${stamp}.md`);
  await fs.mkdir(outDir, { recursive: true });
  await fs.writeFile(file, historyToMarkdown(host.deps.store.messages(), host.t("chatTitle"), new Date(now), host.t), "utf8");
  await host.deps.ports.openFile(file);
  return file;
}
