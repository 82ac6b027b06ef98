/**
 * The message list. A long history stays fast: only the newest PAGE messages are in the DOM at
 * first, older pages are added when the person scrolls near the top, and CSS
 * `content-visibility: auto` skips layout of off-screen messages. Updates are batched per frame.
 */
import type { ChatMessage } from "../../src/shared/protocol";
import { t } from "../i18n";
import type { MarkdownRenderer } from "../markdown";
import { renderMessage, type MessageActions } from "./message";

const PAGE = 60;

export class MessageList {
  readonly el: HTMLElement;
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
    this.el = document.createElement("section");
    this.el.className = "messages";
    this.el.setAttribute("role", "log");
    this.el.setAttribute("aria-label", t("conversation"));
    this.el.tabIndex = 0;
    this.more = document.createElement("div");
    this.more.className = "more muted";
    this.el.appendChild(this.more);
    this.el.addEventListener("scroll", () => {
      if (this.el.scrollTop < 200 && this.firstRendered > 0) this.renderOlder();
    });
    this.el.addEventListener("click", (e) => {
      const a = (e.target as Element | null)?.closest?.("a");
      if (!a || !this.el.contains(a)) return;
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
    this.el.appendChild(frag);
    this.updateMore();
    this.scrollToEnd();
  }

  /** Add or replace one message. */
  upsert(m: ChatMessage): void {
    const i = this.index.get(m.id);
    if (i === undefined) {
      const stick = this.nearEnd();
      this.index.set(m.id, this.messages.length);
      this.messages.push(m);
      this.el.appendChild(this.build(m));
      if (stick || m.role === "user") this.scrollToEnd();
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
    const stick = this.nearEnd();
    for (const id of this.dirty) {
      const node = this.nodes.get(id);
      const m = this.get(id);
      if (node && m) renderMessage(m, this.md, this.act, node);
    }
    this.dirty.clear();
    if (stick) this.scrollToEnd();
  }

  private build(m: ChatMessage): HTMLElement {
    const node = renderMessage(m, this.md, this.act);
    this.nodes.set(m.id, node);
    return node;
  }

  private renderOlder(): void {
    const start = Math.max(0, this.firstRendered - PAGE);
    const anchor = this.more.nextSibling;
    const before = this.el.scrollHeight;
    const frag = document.createDocumentFragment();
    for (let i = start; i < this.firstRendered; i++) frag.appendChild(this.build(this.messages[i]));
    this.el.insertBefore(frag, anchor);
    this.firstRendered = start;
    this.updateMore();
    this.el.scrollTop += this.el.scrollHeight - before;
  }

  private updateMore(): void {
    this.more.textContent = this.firstRendered > 0 ? t("earlier", this.firstRendered) : "";
    this.more.hidden = this.firstRendered === 0;
  }

  private nearEnd(): boolean {
    return this.el.scrollHeight - this.el.scrollTop - this.el.clientHeight < 80;
  }

  private scrollToEnd(): void {
    this.el.scrollTop = this.el.scrollHeight;
  }
}
