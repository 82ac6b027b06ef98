/**
 * One gallery row's DOM: thumbnail (the file itself through its webview URI, loaded lazily; a
 * clip's first frame with preload="metadata"), the prompt (or the file name), one line of facts
 * (kind · ratio · style · credits · where · when) and the action buttons. Text goes in through
 * textContent only, never HTML, so nothing in a prompt or a file name can become markup.
 */
import type { GalleryAction, GalleryRow, GalleryTranslate } from "../../src/shared/gallery-protocol";
import { codiconClass, type IconName } from "../ui/icon-names";

/** A row's height in CSS px (the list places rows by index; gallery.css `.g-row` uses the same). */
export const ROW_HEIGHT = 104;

export interface RowContext {
  t: GalleryTranslate;
  lang: string;
  editAvailable: boolean;
}

const ICONS: Record<GalleryAction, IconName> = {
  open: "go-to-file",
  reveal: "files",
  insert: "insert",
  copyPrompt: "copy",
  rerun: "refresh",
  variations: "layers",
  edit: "edit",
  delete: "trash",
};

/** Which actions an item offers: prompts for copy/re-run/variations; re-run and variations are for images; edit for images. */
export function actionsFor(row: GalleryRow): GalleryAction[] {
  const out: GalleryAction[] = ["open", "reveal", "insert"];
  if (row.prompt) out.push("copyPrompt");
  if (row.prompt && row.kind === "image") out.push("rerun", "variations");
  if (row.kind === "image") out.push("edit");
  out.push("delete");
  return out;
}

function kindWord(row: GalleryRow, t: GalleryTranslate): string {
  return row.kind === "image" ? t("image") : row.kind === "video" ? t("video") : t("export");
}

function creditsText(row: GalleryRow, t: GalleryTranslate): string | undefined {
  if (row.credits === undefined) return undefined;
  if (row.credits === 0) return t("free");
  return row.creditsSource === "quoted" ? t("credits", row.credits) : t("creditsAbout", row.credits);
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
function formatDate(ms: number, lang: string): string {
  let f = dateFormats.get(lang);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short" });
    } catch {
      f = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short" });
    }
    dateFormats.set(lang, f);
  }
  return f.format(new Date(ms));
}

/** The facts line: "Image · 9:16 · watercolor · about 100 credits · from the Command Palette · 5 Dec 2026, 12:01". */
export function factsLine(row: GalleryRow, c: RowContext): string {
  return [kindWord(row, c.t), row.ratio, row.style, creditsText(row, c.t), row.madeIn ? c.t("madeWith", row.madeIn) : undefined, formatDate(row.createdAt, c.lang)]
    .filter((s): s is string => !!s)
    .join(" · ");
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  return e;
}

function thumbnail(row: GalleryRow): HTMLElement {
  const box = el("div", "g-thumb");
  const icon = el("span", `${codiconClass(row.kind === "image" ? "file-media" : "device-camera-video")} g-thumb-icon`);
  icon.setAttribute("aria-hidden", "true");
  box.append(icon);
  if (!row.thumb) return box;
  if (row.kind === "image") {
    const img = el("img");
    img.alt = "";
    img.loading = "lazy";
    img.decoding = "async";
    img.draggable = false;
    img.addEventListener("load", () => box.classList.add("loaded"), { once: true });
    img.addEventListener("error", () => img.remove(), { once: true });
    img.src = row.thumb;
    box.append(img);
  } else {
    const video = el("video");
    video.muted = true;
    video.preload = "metadata";
    video.tabIndex = -1;
    video.setAttribute("aria-hidden", "true");
    video.addEventListener("loadeddata", () => box.classList.add("loaded"), { once: true });
    video.addEventListener("error", () => video.remove(), { once: true });
    video.src = `${row.thumb}#t=0.5`;
    box.append(video);
  }
  return box;
}

/** A row element for `row` at list position `index` (0-based) of `total`. */
export function renderRow(row: GalleryRow, index: number, total: number, c: RowContext): HTMLElement {
  const li = el("div", "g-row");
  li.setAttribute("role", "listitem");
  li.tabIndex = -1;
  li.dataset.index = String(index);
  li.dataset.id = row.id;
  li.setAttribute("aria-posinset", String(index + 1));
  li.setAttribute("aria-setsize", String(total));
  li.style.transform = `translateY(${index * ROW_HEIGHT}px)`;
  const title = row.prompt ?? row.name;
  const facts = factsLine(row, c);
  li.setAttribute("aria-label", `${title}. ${facts}`);

  const text = el("div", "g-text");
  const prompt = el("div", row.prompt ? "g-prompt" : "g-prompt g-noprompt");
  prompt.textContent = title;
  prompt.title = row.prompt ? `${row.prompt}\n${row.name}` : `${row.name}\n${c.t("noPrompt")}`;
  const meta = el("div", "g-meta");
  meta.textContent = facts;
  meta.title = facts;
  const bar = el("div", "g-actions");
  bar.setAttribute("role", "toolbar");
  bar.setAttribute("aria-label", c.t("actionsFor", row.name));
  for (const action of actionsFor(row)) {
    const b = el("button", "g-action");
    b.type = "button";
    b.tabIndex = -1;
    b.dataset.action = action;
    const label = action === "edit" && !c.editAvailable ? c.t("editUnavailable") : c.t(action);
    b.title = label;
    b.setAttribute("aria-label", label);
    if (action === "edit" && !c.editAvailable) b.setAttribute("aria-disabled", "true");
    const icon = el("span", codiconClass(ICONS[action]));
    icon.setAttribute("aria-hidden", "true");
    b.append(icon);
    bar.append(b);
  }
  text.append(prompt, meta, bar);
  li.append(thumbnail(row), text);
  return li;
}
