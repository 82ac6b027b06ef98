/**
 * Keeps the message list pinned to the newest message while the person is at the bottom — also
 * when images and videos load, folds open or the panel is resized (a ResizeObserver on the content
 * and on the viewport) — and leaves the view alone once they scrolled up, showing a
 * "Jump to latest" button instead, which brings them back and pins again. Only the person unpins:
 * a scroll that follows their wheel, touch, key or pointer. A scroll the layout makes (a message
 * re-rendered with an image not loaded yet is shorter for a moment, and the browser clamps the
 * position) is not them: the view goes back to the end.
 */
import { t } from "../i18n";
import { button } from "../ui/components";

/** Within this many pixels of the bottom counts as "at the bottom". */
export const PIN_SLACK_PX = 32;

/** Whether a scroll position is at the bottom (pure, for tests). */
export function atBottom(scrollTop: number, scrollHeight: number, clientHeight: number, slack = PIN_SLACK_PX): boolean {
  return scrollHeight - scrollTop - clientHeight <= slack;
}

/** Keys that move the list up, away from the newest message. */
const UP_KEYS = new Set(["ArrowUp", "PageUp", "Home"]);

export class ScrollPin {
  /** True while the newest message should stay in view. */
  private pinned = true;
  /** The person touched the list (wheel, touch, key, pointer) since the last scroll they made. */
  private personActive = false;
  /** The scroll position at the last scroll event (px), to tell up from down. */
  private lastTop = 0;
  readonly jump: HTMLElement;

  constructor(
    private readonly viewport: HTMLElement,
    content: HTMLElement,
  ) {
    this.jump = button({
      label: t("jumpToLatest"),
      icon: "arrow-down",
      appearance: "primary",
      ariaLabel: t("jumpToLatestLabel"),
      onClick: () => {
        this.toEnd();
        this.viewport.focus({ preventScroll: true });
      },
    });
    this.jump.classList.add("jump-latest");
    this.jump.hidden = true;
    viewport.addEventListener("scroll", () => this.onScroll(), { passive: true });
    // A wheel, touch, key press or pointer (the scrollbar too) is the person: their next scrolls count.
    for (const ev of ["wheel", "touchmove", "keydown", "pointerdown"]) {
      viewport.addEventListener(ev, () => (this.personActive = true), { passive: true });
    }
    // Upwards is their intent already, before the scroll it starts: new content arriving between
    // the wheel (or key) and its scroll must not pull them back to the end.
    viewport.addEventListener("wheel", (e) => e.deltaY < 0 && this.leaveEnd(), { passive: true });
    viewport.addEventListener("keydown", (e) => UP_KEYS.has(e.key) && this.leaveEnd(), { passive: true });
    viewport.addEventListener("pointerup", () => (this.personActive = false), { passive: true });
    const observer = new ResizeObserver(() => {
      if (this.pinned) this.toEnd();
      else this.jump.hidden = this.atEnd();
    });
    observer.observe(content);
    observer.observe(viewport);
  }

  get isPinned(): boolean {
    return this.pinned;
  }

  /** Scroll to the newest message and stay there. */
  toEnd(): void {
    this.pinned = true;
    this.jump.hidden = true;
    const max = this.viewport.scrollHeight - this.viewport.clientHeight;
    if (Math.abs(this.viewport.scrollTop - max) < 1) return;
    this.personActive = false;
    this.viewport.scrollTop = this.viewport.scrollHeight;
  }

  /** The person moves up, away from the newest message: stop following it (if there is room above). */
  private leaveEnd(): void {
    if (this.viewport.scrollTop > 0) this.pinned = false;
  }

  /** The person opens or closes something in place (a fold): keep the view where it is. */
  hold(): void {
    this.pinned = false;
  }

  private atEnd(): boolean {
    const v = this.viewport;
    return atBottom(v.scrollTop, v.scrollHeight, v.clientHeight);
  }

  /** Something new arrived: follow it when pinned, else offer the jump. */
  added(): void {
    if (this.pinned) this.toEnd();
    else this.jump.hidden = false;
  }

  private onScroll(): void {
    const bottom = this.atEnd();
    const up = this.viewport.scrollTop < this.lastTop;
    this.lastTop = this.viewport.scrollTop;
    // The first frames of a smooth scroll upwards are still near the end: not a return to it.
    if (bottom && up && this.personActive && !this.pinned) return;
    if (bottom) {
      this.pinned = true;
      this.jump.hidden = true;
      return;
    }
    if (this.personActive) {
      this.pinned = false;
      this.jump.hidden = false;
      return;
    }
    // Not the person: our own scroll settling, or the layout clamping the position.
    if (this.pinned) this.toEnd();
  }
}
