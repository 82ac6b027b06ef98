/**
 * The gallery's virtual list: only the rows in view (plus a few either side) are in the DOM, each
 * placed by its index in a spacer as tall as all rows, so 2,000 items cost what one screen costs.
 * Keyboard: the list is one tab stop (the current row, roving tabindex); arrows, Home, End,
 * Page Up/Down move it, Enter opens, Delete deletes; Tab goes on to the current row's buttons.
 * A row leaving the view while it has focus is kept until focus moves.
 */
import type { GalleryAction, GalleryRow } from "../../src/shared/gallery-protocol";
import { renderRow, ROW_HEIGHT, type RowContext } from "./rows";

const OVERSCAN = 4;

export class VirtualList {
  readonly element: HTMLElement;
  private readonly spacer: HTMLElement;
  private rows: GalleryRow[] = [];
  private readonly mounted = new Map<number, HTMLElement>();
  private current = 0;
  private frame = 0;
  private ctx: RowContext;

  constructor(
    ctx: RowContext,
    label: string,
    private readonly onAction: (action: GalleryAction, row: GalleryRow) => void,
  ) {
    this.ctx = ctx;
    this.element = document.createElement("div");
    this.element.className = "g-scroller";
    this.spacer = document.createElement("div");
    this.spacer.className = "g-list";
    this.spacer.setAttribute("role", "list");
    this.spacer.setAttribute("aria-label", label);
    this.element.append(this.spacer);
    this.element.addEventListener("scroll", () => this.schedule(), { passive: true });
    this.spacer.addEventListener("keydown", (e) => this.onKey(e));
    this.spacer.addEventListener("click", (e) => this.onClick(e));
    this.spacer.addEventListener("dblclick", (e) => {
      const row = this.rowOf(e.target);
      if (row && !(e.target as HTMLElement).closest("button")) this.onAction("open", row.data);
    });
    this.spacer.addEventListener("focusin", (e) => {
      const row = this.rowOf(e.target);
      if (row) this.setCurrent(row.index, false);
    });
    if (typeof ResizeObserver !== "undefined") new ResizeObserver(() => this.schedule()).observe(this.element);
  }

  /** New items (a rescan) or a new search: keeps the current item when it is still listed. */
  setRows(rows: GalleryRow[], ctx: RowContext): void {
    const currentId = this.rows[this.current]?.id;
    this.ctx = ctx;
    this.rows = rows;
    const kept = currentId === undefined ? -1 : rows.findIndex((r) => r.id === currentId);
    this.current = kept >= 0 ? kept : 0;
    this.spacer.style.height = `${rows.length * ROW_HEIGHT}px`;
    const hadFocus = this.spacer.contains(document.activeElement);
    for (const [, el] of this.mounted) el.remove();
    this.mounted.clear();
    this.render();
    if (hadFocus) this.focusCurrent();
  }

  get length(): number {
    return this.rows.length;
  }

  /** The id of the row at the top of the view (what the view's state keeps across a hide and show). */
  topId(): string | undefined {
    return this.rows[Math.floor(this.element.scrollTop / ROW_HEIGHT)]?.id;
  }

  /** Scrolls so the row `id` is at the top again; false when it is not listed (yet). */
  scrollToId(id: string): boolean {
    const index = this.rows.findIndex((r) => r.id === id);
    if (index < 0) return false;
    this.element.scrollTop = index * ROW_HEIGHT;
    this.render();
    return true;
  }

  /** Puts focus on the current row (scrolled into view). */
  focusCurrent(): void {
    if (!this.rows.length) return;
    this.scrollIntoView(this.current);
    this.render();
    this.mounted.get(this.current)?.focus({ preventScroll: true });
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  /** The viewport's height; a fallback for a layout-less DOM (the benchmark under jsdom). */
  private viewportHeight(): number {
    return this.element.clientHeight || window.innerHeight || 800;
  }

  /** Mounts the rows in view and unmounts the others (the focused one stays). */
  render(): void {
    const top = this.element.scrollTop;
    const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(this.rows.length - 1, Math.ceil((top + this.viewportHeight()) / ROW_HEIGHT) + OVERSCAN);
    const active = document.activeElement;
    for (const [i, el] of this.mounted) {
      if ((i < first || i > last) && !el.contains(active)) {
        el.remove();
        this.mounted.delete(i);
      }
    }
    const fragment = document.createDocumentFragment();
    for (let i = first; i <= last; i++) {
      if (this.mounted.has(i)) continue;
      const el = renderRow(this.rows[i], i, this.rows.length, this.ctx);
      this.mounted.set(i, el);
      fragment.append(el);
    }
    this.spacer.append(fragment);
    this.applyTabStops();
  }

  /** Roving tabindex: the current row is the list's one tab stop; its buttons follow it in the tab order. */
  private applyTabStops(): void {
    for (const [i, el] of this.mounted) {
      const on = i === this.current;
      el.tabIndex = on ? 0 : -1;
      el.classList.toggle("current", on);
      for (const b of el.querySelectorAll<HTMLButtonElement>("button")) b.tabIndex = on ? 0 : -1;
    }
  }

  private setCurrent(index: number, focus: boolean): void {
    if (!this.rows.length) return;
    this.current = Math.max(0, Math.min(this.rows.length - 1, index));
    if (focus) this.focusCurrent();
    else this.applyTabStops();
  }

  private scrollIntoView(index: number): void {
    const top = index * ROW_HEIGHT;
    const h = this.viewportHeight();
    if (top < this.element.scrollTop) this.element.scrollTop = top;
    else if (top + ROW_HEIGHT > this.element.scrollTop + h) this.element.scrollTop = top + ROW_HEIGHT - h;
  }

  private rowOf(target: EventTarget | null): { index: number; data: GalleryRow; el: HTMLElement } | undefined {
    const el = (target as HTMLElement | null)?.closest?.<HTMLElement>(".g-row");
    if (!el) return undefined;
    const index = Number(el.dataset.index);
    const data = this.rows[index];
    return data ? { index, data, el } : undefined;
  }

  private onClick(e: MouseEvent): void {
    const row = this.rowOf(e.target);
    if (!row) return;
    const button = (e.target as HTMLElement).closest<HTMLButtonElement>("button[data-action]");
    this.setCurrent(row.index, false);
    if (button) {
      if (button.getAttribute("aria-disabled") !== "true" || button.dataset.action === "edit") this.onAction(button.dataset.action as GalleryAction, row.data);
    }
  }

  private onKey(e: KeyboardEvent): void {
    const row = this.rowOf(e.target);
    if (!row) return;
    const onRow = e.target === row.el;
    const page = Math.max(1, Math.floor(this.viewportHeight() / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page };
    if (e.key in moves) {
      e.preventDefault();
      this.setCurrent(row.index + moves[e.key], true);
    } else if (e.key === "Home" && onRow) {
      e.preventDefault();
      this.setCurrent(0, true);
    } else if (e.key === "End" && onRow) {
      e.preventDefault();
      this.setCurrent(this.rows.length - 1, true);
    } else if (e.key === "Enter" && onRow) {
      e.preventDefault();
      this.onAction("open", row.data);
    } else if (e.key === "Delete" && onRow) {
      e.preventDefault();
      this.onAction("delete", row.data);
    }
  }
}
