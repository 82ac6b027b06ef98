/**
 * Long messages fold after about FOLD_LINES lines with a "Show more" button (a real button with
 * aria-expanded/aria-controls, so keyboard and screen readers can use it); "Show less" folds again.
 * Whether a text folds is decided from the text and the list's width (pure: `shouldFold`), then
 * checked against the laid-out height when the message is on screen. What the person opened stays
 * open when the message is re-rendered.
 */
import { t } from "../i18n";
import { button, icon } from "../ui/components";

export const FOLD_LINES = 8;
/** A text that would be at most this many lines longer than the fold is shown whole. */
const FOLD_SLACK_LINES = 2;

/** East Asian wide characters take about two columns. */
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/g;

/** About how many lines `text` takes when a line holds `columns` narrow characters. */
export function estimateLines(text: string, columns: number): number {
  const cols = Math.max(10, Math.floor(columns));
  let lines = 0;
  for (const line of text.split("\n")) {
    const width = line.length + (line.match(WIDE)?.length ?? 0);
    lines += Math.max(1, Math.ceil(width / cols));
  }
  return lines;
}

/** Fold when the text runs clearly past FOLD_LINES lines. */
export function shouldFold(text: string, columns: number, limit = FOLD_LINES): boolean {
  return estimateLines(text, columns) > limit + FOLD_SLACK_LINES;
}

/** Narrow characters per line in an element of this width (average glyph ≈ 0.55 em). */
export function columnsFor(widthPx: number, fontPx: number): number {
  return widthPx > 0 && fontPx > 0 ? widthPx / (fontPx * 0.55) : 40;
}

function labelToggle(el: HTMLElement, open: boolean): void {
  const text = t(open ? "showLess" : "showMore");
  const i = icon(open ? "chevron-up" : "chevron-down");
  i.setAttribute("slot", "start");
  el.replaceChildren(i, document.createTextNode(text));
  el.setAttribute("aria-label", text);
  el.setAttribute("aria-expanded", String(open));
  el.title = text;
}

export class Folds {
  private readonly open = new Set<string>();

  /** `onToggle` runs before the height changes (the list keeps the view where the person is). */
  constructor(private readonly onToggle: () => void = () => undefined) {}

  /** Fold the body of message `id` (inside `node`) when its text is long; `columns`: see columnsFor. */
  apply(node: HTMLElement, id: string, text: string, streaming: boolean, columns: () => number): void {
    const body = node.querySelector<HTMLElement>(":scope > .msg-body");
    if (!body || streaming || !text) return;
    if (!shouldFold(text, columns())) return;
    const bodyId = `body-${id}`;
    body.id = bodyId;
    const expanded = this.open.has(id);
    body.classList.toggle("folded", !expanded);
    const toggle = button({
      label: "",
      onClick: () => {
        this.onToggle();
        if (this.open.has(id)) this.open.delete(id);
        else this.open.add(id);
        const nowOpen = this.open.has(id);
        body.classList.toggle("folded", !nowOpen);
        labelToggle(toggle, nowOpen);
      },
    });
    toggle.classList.add("fold-toggle");
    toggle.setAttribute("aria-controls", bodyId);
    labelToggle(toggle, expanded);
    body.after(toggle);
    // The estimate may be generous (wide window, short words): when laid out and it fits, unfold.
    requestAnimationFrame(() => {
      if (expanded || !body.isConnected || body.clientHeight === 0) return;
      if (body.scrollHeight <= body.clientHeight + 2) {
        body.classList.remove("folded");
        toggle.remove();
      }
    });
  }
}
