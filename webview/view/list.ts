/**
 * The message list. A long history stays fast: only the newest PAGE messages are in the DOM at
 * first, older pages are added when the person scrolls near the top, and CSS
 * `content-visibility: auto` skips layout of off-screen messages. Updates are batched per frame.
 * The view follows the newest message while the person is at the bottom (scroll.ts); long
 * messages fold (fold.ts).
 */
import type { ChatMessage } from "../../src/shared/protocol";
import { t } from "../i18n";
import type { MarkdownRenderer } from "../markdown";
import { Folds } from "./fold";
import { columnsFor } from "./fold-rule";
import { renderMessage } from "./message";
import type { MessageActions } from "./message-actions";
import { ScrollPin } from "./scroll";

const PAGE = 60;

export class MessageList {
  /** The list with its "Jump to latest" button (what the panel lays out). */
  readonly el: HTMLElement;
  /** The scrolling list itself (`role="log"`). */
  readonly viewport: HTMLElement;
  private readonly content: HTMLElement;
  private readonly pin: ScrollPin;
  private readonly folds: Folds;
  private messages: ChatMessage[] = [];
  private readonly index = new Map<string, number>();
  private readonly nodes = new Map<string, HTMLElement>();
  /** Index of the oldest message that is rendered. */
  private firstRendered = 0;
  private readonly dirty = new Set<string>();
  private frame = 0;
  private readonly more: HTMLElement;

  constructor(
    private readonly md: MarkdownRenderer,
    private readonly act: MessageActions,
  ) {
    this.viewport = document.createElement("section");
    this.viewport.className = "messages";
    this.viewport.setAttribute("role", "log");
    this.viewport.setAttribute("aria-label", t("conversation"));
    this.viewport.tabIndex = 0;
    // Loading until the history arrives (reset): screen readers wait, and so can a test.
    this.viewport.setAttribute("aria-busy", "true");
    this.content = document.createElement("div");
    this.content.className = "messages-content";
    this.viewport.appendChild(this.content);
    this.more = document.createElement("div");
    this.more.className = "more muted";
    this.content.appendChild(this.more);
    this.pin = new ScrollPin(this.viewport, this.content);
    this.folds = new Folds(() => this.pin.hold());
    this.el = document.createElement("div");
    this.el.className = "messages-wrap";
    this.el.append(this.viewport, this.pin.jump);
    this.viewport.addEventListener("scroll", () => {
      if (this.viewport.scrollTop < 200 && this.firstRendered > 0) this.renderOlder();
    });
    this.viewport.addEventListener("click", (e) => {
      const a = (e.target as Element | null)?.closest?.("a");
      if (!a || !this.viewport.contains(a)) return;
      e.preventDefault();
      const href = a.getAttribute("href");
      if (href) this.act.openLink(href);
    });
  }

  get(id: string): ChatMessage | undefined {
    const i = this.index.get(id);
    return i === undefined ? undefined : this.messages[i];
  }

  /** Replace everything (history restore). */
  reset(messages: ChatMessage[]): void {
    this.messages = messages;
    this.index.clear();
    messages.forEach((m, i) => this.index.set(m.id, i));
    for (const n of this.nodes.values()) n.remove();
    this.nodes.clear();
    this.dirty.clear();
    this.firstRendered = Math.max(0, messages.length - PAGE);
    const frag = document.createDocumentFragment();
    for (let i = this.firstRendered; i < messages.length; i++) frag.appendChild(this.build(messages[i]));
    this.content.appendChild(frag);
    this.updateMore();
    this.pin.toEnd();
    this.viewport.setAttribute("aria-busy", "false");
  }

  /** Add or replace one message. */
  upsert(m: ChatMessage): void {
    const i = this.index.get(m.id);
    if (i === undefined) {
      this.index.set(m.id, this.messages.length);
      this.messages.push(m);
      this.content.appendChild(this.build(m));
      if (m.role === "user") this.pin.toEnd();
      else this.pin.added();
      return;
    }
    this.messages[i] = m;
    this.touch(m.id);
  }

  /** The message changed in place: re-render it on the next frame. */
  touch(id: string): void {
    this.dirty.add(id);
    if (!this.frame) this.frame = requestAnimationFrame(() => this.flush());
  }

  private flush(): void {
    this.frame = 0;
    for (const id of this.dirty) {
      const node = this.nodes.get(id);
      const m = this.get(id);
      if (node && m) this.render(m, node);
    }
    this.dirty.clear();
    // Taller content re-pins through the ResizeObserver; this covers a same-frame read.
    if (this.pin.isPinned) this.pin.toEnd();
  }

  private build(m: ChatMessage): HTMLElement {
    const node = this.render(m);
    this.nodes.set(m.id, node);
    return node;
  }

  private render(m: ChatMessage, into?: HTMLElement): HTMLElement {
    const node = renderMessage(m, this.md, this.act, into);
    this.folds.apply(node, m.id, m.text, m.status === "streaming", () => this.columns());
    return node;
  }

  /** Characters per line of a message body at the list's current width. */
  private columns(): number {
    const width = this.content.clientWidth || this.viewport.clientWidth;
    return columnsFor(width, parseFloat(getComputedStyle(document.body).fontSize));
  }

  private renderOlder(): void {
    const start = Math.max(0, this.firstRendered - PAGE);
    const anchor = this.more.nextSibling;
    const before = this.viewport.scrollHeight;
    const frag = document.createDocumentFragment();
    for (let i = start; i < this.firstRendered; i++) frag.appendChild(this.build(this.messages[i]));
    this.content.insertBefore(frag, anchor);
    this.firstRendered = start;
    this.updateMore();
    this.viewport.scrollTop += this.viewport.scrollHeight - before;
  }

  private updateMore(): void {
    this.more.textContent = this.firstRendered > 0 ? t("earlier", this.firstRendered) : "";
    this.more.hidden = this.firstRendered === 0;
  }
}
