/**
 * The chat's local files: attaching (picked or dropped), opening a file a reply showed (a deleted
 * one is shown as gone), "Open in default player" (media only), and fetching a lost preview again.
 */
import { existsSync } from "node:fs";
import * as path from "node:path";
import { InputError } from "../../core/errors";
import { uploadFilterExtensions } from "../../core/media/formats";
import type { PendingAttachments } from "./attachments";
import { cacheMedia, type FlowHost } from "./flows";

/** What "Open in default player" may open: media, never a script or a program. */
export const MEDIA_FILE = /\.(mp4|mov|m4v|webm|mkv|avi|mp3|wav|m4a|aac|ogg|png|jpe?g|gif|webp)$/i;

export function mediaKindOf(file: string): "image" | "video" | "audio" {
  if (/\.(png|jpe?g|gif|webp)$/i.test(file)) return "image";
  if (/\.(mp3|wav|m4a|aac|ogg)$/i.test(file)) return "audio";
  return "video";
}

/** The controller as these need it: its dependencies, words, message updates and pending attachments. */
export type LocalFilesHost = FlowHost & { readonly attachments: PendingAttachments };

export async function pickAttachments(host: LocalFilesHost) {
  const paths = await host.deps.ports.pickFiles(uploadFilterExtensions());
  return paths.length ? host.attachments.addFiles(paths) : host.attachments.list();
}

export async function addDropped(host: LocalFilesHost, uris: readonly string[]) {
  const paths: string[] = [];
  for (const uri of uris) {
    if (/^https?:/i.test(uri)) host.attachments.addUrl(uri);
    else {
      const p = host.deps.ports.uriToPath(uri);
      if (p) paths.push(p);
    }
  }
  return host.attachments.addFiles(paths);
}

/** Open a file the chat showed; a deleted one is shown as gone (Save again) instead of an error editor. */
export async function openChatFile(host: LocalFilesHost, file: string): Promise<void> {
  if (existsSync(file)) return host.deps.ports.openFile(file);
  const shown = host.deps.store.messages().filter((m) => m.media.some((x) => x.savedPath === file));
  for (const m of shown) host.update(m.id, () => undefined);
  if (shown.length === 0) throw new InputError("BAD_INPUT", { userMessage: host.t("fileGone", path.basename(file)) });
}

/** "Open in default player": only media files that exist, never anything executable. */
export async function openExternalFile(host: LocalFilesHost, file: string): Promise<boolean> {
  if (!MEDIA_FILE.test(file) || !existsSync(file)) return false;
  return host.deps.ports.openExternalFile(file);
}

/** The cached preview is gone: fetch it again from its URL (the placeholder stays when that fails). */
export async function redownloadPreview(host: LocalFilesHost, messageId: string, key: string): Promise<void> {
  const entry = host.deps.store.get(messageId)?.media.find((x) => x.media.key === key);
  if (!entry) throw new InputError("BAD_INPUT", { userMessage: host.t("goneItem") });
  host.update(messageId, (m) => {
    const e = m.media.find((x) => x.media.key === key);
    if (e) {
      e.cachedPath = undefined;
      e.previewFailed = undefined;
    }
  });
  await cacheMedia(host, messageId, [entry.media]);
}
