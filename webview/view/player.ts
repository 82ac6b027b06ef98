/**
 * The chat's video player (generated clips and finished exports). It always shows the first frame
 * (metadata preload, then a seek past 0), and when the webview cannot play the picture or the sound
 * it says so in one line and offers "Open in default player" and "Open in editor".
 *
 * Why: desktop VS Code's webviews ship a Chromium without the proprietary audio decoders — they
 * decode H.264 video but not AAC audio (nor HEVC, VP9 in some builds, Opus) — so an export
 * (H.264 + AAC) plays there without sound. `canPlayType` tells us up front; `error` events catch
 * the rest (a file the webview cannot decode at all, or one that went missing).
 */
import { t } from "../i18n";
import { button } from "../ui/components";
import { codecDecision, containerOf } from "./codecs";

export interface PlayerOptions {
  src: string;
  label: string;
  /** For the codec decision: the file name or URL, and the MIME type when known. */
  name?: string;
  mime?: string;
  /** A local copy that "Open in default player" / "Open in editor" can open (none: no buttons). */
  file?: string;
  openExternal(path: string): void;
  openInEditor(path: string): void;
}

function probe(type: string): string {
  return document.createElement("video").canPlayType(type);
}

export function player(opts: PlayerOptions): HTMLElement {
  const box = document.createElement("div");
  box.className = "player";
  const v = document.createElement("video");
  v.controls = true;
  v.preload = "metadata";
  v.playsInline = true;
  v.setAttribute("aria-label", opts.label);
  const note = document.createElement("div");
  note.className = "player-note";
  note.setAttribute("role", "status");
  note.hidden = true;
  const say = (sentence: string): void => {
    note.replaceChildren();
    const text = document.createElement("span");
    text.textContent = sentence;
    note.appendChild(text);
    const file = opts.file;
    if (file) {
      const row = document.createElement("span");
      row.className = "actions";
      row.append(
        button({ label: t("openDefaultPlayer"), icon: "link-external", onClick: () => opts.openExternal(file) }),
        button({ label: t("openInEditor"), icon: "go-to-file", onClick: () => opts.openInEditor(file) }),
      );
      note.appendChild(row);
    }
    note.hidden = false;
  };
  const decision = codecDecision(probe, containerOf(opts.name ?? opts.src, opts.mime));
  if (decision === "none") {
    say(t("cannotPlayVideo"));
  } else {
    if (decision === "silent") say(t("cannotPlayAudio"));
    // The first frame: metadata first, then a seek just past 0 makes the browser decode a frame.
    v.addEventListener("loadedmetadata", () => {
      if (v.currentTime === 0 && v.paused) v.currentTime = Math.min(0.05, (v.duration || 1) / 2);
    }, { once: true });
    v.addEventListener("error", () => say(t("cannotPlayVideo")), { once: true });
    v.src = opts.src;
    box.appendChild(v);
  }
  box.appendChild(note);
  return box;
}
