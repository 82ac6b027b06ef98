/**
 * One generated image or clip in a message: the preview (image, or the player for clips), a
 * placeholder when the cached preview is gone ("Preview no longer available", with Download again
 * when the URL can still be fetched), and the Save / Saved / Reveal row — which notices a saved
 * file that was deleted and offers to save it again.
 */
import type { ChatMessage, MediaItem } from "../../src/shared/protocol";
import { t } from "../i18n";
import { button, link, progressRing, setDisabled } from "../ui/components";
import type { MessageActions } from "./message-actions";
import { player } from "./player";

function div(cls: string, text?: string): HTMLDivElement {
  const d = document.createElement("div");
  d.className = cls;
  if (text !== undefined) d.textContent = text;
  return d;
}

export function baseName(p: string): string {
  return p.split(/[\\/]/).pop() ?? p;
}

/** "Preview no longer available" in place of a broken image, with Download again when possible. */
function gonePlaceholder(m: ChatMessage, item: MediaItem, act: MessageActions): HTMLElement {
  const box = div("media-wait media-gone");
  box.setAttribute("role", "img");
  box.setAttribute("aria-label", t("previewGone"));
  box.appendChild(document.createTextNode(t("previewGone")));
  if (/^https?:\/\//i.test(item.media.url)) {
    box.appendChild(button({ label: t("downloadAgain"), icon: "cloud-download", ariaLabel: t("downloadAgainLabel"), onClick: () => act.redownload(m.id, item.media.key) }));
  }
  return box;
}

function preview(m: ChatMessage, item: MediaItem, name: string, act: MessageActions): HTMLElement {
  if (item.previewMissing) return gonePlaceholder(m, item, act);
  const src = item.previewUri ?? (/^https:\/\//i.test(item.media.url) ? item.media.url : undefined);
  if (!src && item.previewFailed) return div("media-wait", t("noPreview"));
  if (!src) {
    const wait = div("media-wait");
    wait.append(progressRing(t("preparingPreviewLabel")), document.createTextNode(` ${t("preparingPreview")}`));
    return wait;
  }
  if (item.media.kind === "video") {
    return player({
      src,
      label: name,
      name: item.media.name ?? item.media.url,
      mime: item.media.mime,
      file: item.savedMissing ? item.cachedPath : (item.savedPath ?? item.cachedPath),
      openExternal: (p) => act.openExternal(p),
      openInEditor: (p) => act.openFile(p),
    });
  }
  const img = document.createElement("img");
  img.src = src;
  img.alt = name;
  img.loading = "lazy";
  // The file went away after the panel was told about it: the placeholder, not a broken image.
  img.addEventListener("error", () => img.replaceWith(gonePlaceholder(m, item, act)), { once: true });
  return img;
}

export function mediaBlock(m: ChatMessage, item: MediaItem, act: MessageActions): HTMLElement {
  const fig = document.createElement("figure");
  fig.className = `media media-${item.media.kind}`;
  // The host's label (title, the prompt, or "Generated clip · 14:05"), never the backend's file id
  // (clip_x1y2.mp4); the saved file's name wins once saved.
  const name = (item.savedPath ? baseName(item.savedPath) : undefined) ?? item.label ?? t(item.media.kind === "video" ? "generatedClip" : "generatedImage");
  fig.appendChild(preview(m, item, name, act));
  const cap = document.createElement("figcaption");
  cap.appendChild(document.createTextNode(name));
  const actions = div("actions");
  const saved = item.savedPath;
  if (saved && item.savedMissing) {
    actions.append(
      div("muted", t("savedGone", baseName(saved))),
      button({ label: t("saveAgain"), icon: "save", ariaLabel: t("saveLabel", name), onClick: () => act.saveMedia(m.id, item.media.key) }),
    );
  } else if (saved) {
    actions.append(
      link(t("savedFile", baseName(saved)), () => act.openFile(saved), t("openFile", baseName(saved))),
      button({ label: t("reveal"), icon: "go-to-file", ariaLabel: t("revealInExplorer", baseName(saved)), onClick: () => act.reveal(saved) }),
    );
  } else {
    actions.append(
      button({ label: t("saveMedia"), icon: "save", ariaLabel: t("saveLabel", name), onClick: () => act.saveMedia(m.id, item.media.key) }),
    );
  }
  if (item.media.kind === "image") actions.append(insertButton(m.id, item, name, act));
  cap.appendChild(actions);
  fig.appendChild(cap);
  return fig;
}

/** "Insert into editor": class `insert-media` so the panel can enable it when an editor opens. */
function insertButton(messageId: string, item: MediaItem, name: string, act: MessageActions): HTMLElement {
  const b = button({ label: t("insertIntoEditor"), icon: "insert", ariaLabel: t("insertLabel", name), onClick: () => act.insertMedia(messageId, item.media.key) });
  b.classList.add("insert-media");
  setDisabled(b, !act.editorOpen());
  if (!act.editorOpen()) b.title = t("insertNeedsEditor");
  return b;
}
