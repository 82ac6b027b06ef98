/**
 * The chat composer's shape picker: three compact native selects (aspect ratio, style, how many
 * variations) in one labelled group, reachable with Tab and operated with the arrow keys like any
 * select. Folded behind a toggle in the composer's button row (the message list keeps its room);
 * opening it moves the keyboard to the first select; a choice other than "any" keeps it open and
 * marks the toggle. Its choice travels with `send` and `estimate`; the host applies it through the core's
 * one framing rule, and only to messages that generate something. The style list (built-in and
 * the person's own) comes from the host (`shapeOptions`).
 */
import type { ShapeChoice, ShapeOptions } from "../../src/shared/protocol";
import { t } from "../i18n";
import { button } from "../ui/components";

function select(id: string, label: string, onChange: () => void): HTMLSelectElement {
  const el = document.createElement("select");
  el.id = id;
  el.className = "shape-select";
  el.setAttribute("aria-label", label);
  el.title = label;
  el.addEventListener("change", onChange);
  return el;
}

function option(value: string, text: string): HTMLOptionElement {
  const o = document.createElement("option");
  o.value = value;
  o.textContent = text;
  return o;
}

export class ShapePicker {
  readonly el: HTMLElement;
  /** The disclosure button (aria-expanded), for the composer's button row. */
  readonly toggle: HTMLElement;
  private readonly ratio: HTMLSelectElement;
  private readonly style: HTMLSelectElement;
  private readonly count: HTMLSelectElement;

  constructor(private readonly onChange: () => void) {
    this.el = document.createElement("div");
    this.el.className = "shape-picker";
    this.el.setAttribute("role", "group");
    this.el.setAttribute("aria-label", t("shapeGroup"));
    this.el.id = "shape-picker";
    this.el.hidden = true;
    this.toggle = button({ label: t("shapeGroup"), icon: "symbol-ruler", appearance: "icon", onClick: () => this.setExpanded(this.el.hidden, true) });
    this.toggle.classList.add("shape-toggle");
    this.toggle.setAttribute("aria-expanded", "false");
    this.toggle.setAttribute("aria-controls", this.el.id);
    const changed = (): void => {
      this.mark();
      this.onChange();
    };
    this.ratio = select("shape-ratio", t("ratioLabel"), changed);
    this.style = select("shape-style", t("styleLabel"), changed);
    this.count = select("shape-count", t("variationsLabel"), changed);
    this.count.append(option("1", t("oneImage")), ...[2, 3, 4].map((n) => option(String(n), t("nVariations", n))));
    this.setOptions({ ratios: ["1:1", "16:9", "9:16", "4:3", "3:4", "3:2", "2:3", "21:9"], styles: [] });
    this.el.append(this.ratio, this.style, this.count);
  }

  /** Shows or folds the selects; `focusFirst` puts the keyboard on the ratio (opened from the toggle). */
  setExpanded(open: boolean, focusFirst = false): void {
    this.el.hidden = !open;
    this.toggle.setAttribute("aria-expanded", String(open));
    if (open && focusFirst) this.ratio.focus();
  }

  /** The toggle says when a choice is set (and what it is, in its tooltip). */
  private mark(): void {
    const v = this.value();
    const parts = [v.ratio, v.style ? this.style.selectedOptions[0]?.textContent : undefined, v.variations ? t("nVariations", v.variations) : undefined].filter(Boolean);
    this.toggle.classList.toggle("shape-set", parts.length > 0);
    this.toggle.title = parts.length ? `${t("shapeGroup")}: ${parts.join(" · ")}` : t("shapeGroup");
  }

  /** The ratios and styles on offer (a style that left the list falls back to none). */
  setOptions(opts: ShapeOptions): void {
    const keepRatio = this.ratio.value;
    const keepStyle = this.style.value;
    this.ratio.replaceChildren(option("", t("anyRatio")), ...opts.ratios.map((r) => option(r, r)));
    this.style.replaceChildren(option("", t("noStyle")), ...opts.styles.map((s) => option(s.id, s.label)));
    this.ratio.value = opts.ratios.includes(keepRatio) ? keepRatio : "";
    this.style.value = opts.styles.some((s) => s.id === keepStyle) ? keepStyle : "";
    this.mark();
  }

  /** The current choice; undefined fields are "the agent's choice". */
  value(): ShapeChoice {
    const variations = Number(this.count.value);
    return {
      ratio: this.ratio.value || undefined,
      style: this.style.value || undefined,
      variations: variations > 1 ? variations : undefined,
    };
  }

  /** Set a choice (Regenerate from a file); values not on offer fall back to "any". */
  set(choice: ShapeChoice | undefined): void {
    const has = (el: HTMLSelectElement, v: string | undefined): boolean => !!v && Array.from(el.options).some((o) => o.value === v);
    this.ratio.value = has(this.ratio, choice?.ratio) ? choice!.ratio! : "";
    this.style.value = has(this.style, choice?.style) ? choice!.style! : "";
    this.count.value = String(choice?.variations ?? 1);
    this.mark();
    if (this.toggle.classList.contains("shape-set")) this.setExpanded(true);
  }

  /** Back to one image after a send (ratio and style stay for the next prompt). */
  resetVariations(): void {
    this.count.value = "1";
    this.mark();
  }
}
