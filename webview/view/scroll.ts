/**
 * Keeps the message list pinned to the newest message while the person is at the bottom — also
 * when images and videos load, folds open or the panel is resized (a ResizeObserver on the content
 * and on the viewport) — and leaves the view alone once they scrolled up, showing a
 * "Jump to latest" button instead, which brings them back and pins again.
 */
import { t } from "../i18n";
import { button } from "../ui/components";

/** Within this many pixels of the bottom counts as "at the bottom". */
export const PIN_SLACK_PX = 32;

/** Whether a scroll position is at the bottom (pure, for tests). */
export function atBottom(scrollTop: number, scrollHeight: number, clientHeight: number, slack = PIN_SLACK_PX): boolean {
  return scrollHeight - scrollTop - clientHeight <= slack;
}

export class ScrollPin {
  /** True while the newest message should stay in view. */
  private pinned = true;
  /** A programmatic scroll is under way: its scroll events say nothing about the person. */
  private settingTop = false;
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
    // A wheel, touch or key press is the person: from then on their position counts.
    for (const ev of ["wheel", "touchmove", "keydown", "pointerdown"]) {
      viewport.addEventListener(ev, () => (this.settingTop = false), { passive: true });
    }
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
    this.settingTop = true;
    this.viewport.scrollTop = this.viewport.scrollHeight;
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
    if (this.settingTop) {
      // Our own scroll (or layout settling after it): it lands at the bottom.
      if (bottom) this.settingTop = false;
      return;
    }
    this.pinned = bottom;
    this.jump.hidden = bottom;
  }
}
