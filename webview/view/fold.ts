/**
 * Long messages fold after about FOLD_LINES lines with a "Show more" button (a real button with
 * aria-expanded/aria-controls, so keyboard and screen readers can use it); "Show less" folds again.
 * Whether a text folds is decided from the text and the list's width (pure: `shouldFold`), then
 * checked against the laid-out height when the message is on screen. What the person opened stays
 * open when the message is re-rendered.
 */
import { t } from "../i18n";
import { button, icon } from "../ui/components";
import { shouldFold } from "./fold-rule";

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
