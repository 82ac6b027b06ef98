/**
 * The one component layer. The rest of the webview builds its UI only with these functions; the
 * elements themselves are ./elements.ts (light custom elements themed in ./elements.css).
 */
import { defineElements } from "./elements";
import { codiconClass, type IconName } from "./icon-names";

export function registerComponents(): void {
  defineElements();
}

export interface ButtonOptions {
  label: string;
  icon?: IconName;
  appearance?: "primary" | "secondary" | "icon";
  /** Accessible name when it differs from the label (always set for icon buttons). */
  ariaLabel?: string;
  onClick(): void;
}

export function icon(name: IconName): HTMLElement {
  const span = document.createElement("span");
  span.className = codiconClass(name);
  span.setAttribute("aria-hidden", "true");
  return span;
}

export function button(opts: ButtonOptions): HTMLElement {
  const el = document.createElement("vscode-button");
  el.setAttribute("appearance", opts.appearance ?? "secondary");
  el.setAttribute("aria-label", opts.ariaLabel ?? opts.label);
  el.title = opts.ariaLabel ?? opts.label;
  if (opts.icon) {
    const i = icon(opts.icon);
    if (opts.appearance !== "icon") i.setAttribute("slot", "start");
    el.appendChild(i);
  }
  if (opts.appearance !== "icon") el.appendChild(document.createTextNode(opts.label));
  el.addEventListener("click", () => {
    if (!el.hasAttribute("disabled")) opts.onClick();
  });
  return el;
}

export function setDisabled(el: HTMLElement, disabled: boolean): void {
  el.toggleAttribute("disabled", disabled);
}

export function link(label: string, onClick: () => void, ariaLabel?: string): HTMLElement {
  const el = document.createElement("vscode-link");
  el.setAttribute("href", "#");
  el.setAttribute("aria-label", ariaLabel ?? label);
  el.textContent = label;
  el.addEventListener("click", (e) => {
    e.preventDefault();
    onClick();
  });
  return el;
}

export function progressRing(ariaLabel: string): HTMLElement {
  const el = document.createElement("vscode-progress-ring");
  el.setAttribute("aria-label", ariaLabel);
  el.classList.add("ring");
  return el;
}

export function badge(text: string, ariaLabel: string): HTMLElement {
  const el = document.createElement("vscode-badge");
  el.setAttribute("aria-label", ariaLabel);
  el.textContent = text;
  return el;
}

/** A determinate bar (the toolkit has none); width set through CSSOM, allowed by the CSP. */
export function progressBar(percent: number | undefined, ariaLabel: string): HTMLElement {
  const bar = document.createElement("div");
  bar.className = "bar";
  bar.setAttribute("role", "progressbar");
  bar.setAttribute("aria-label", ariaLabel);
  bar.setAttribute("aria-valuemin", "0");
  bar.setAttribute("aria-valuemax", "100");
  const fill = document.createElement("div");
  fill.className = percent === undefined ? "fill indeterminate" : "fill";
  if (percent !== undefined) {
    bar.setAttribute("aria-valuenow", String(Math.round(percent)));
    fill.style.width = `${Math.max(0, Math.min(100, percent))}%`;
  }
  bar.appendChild(fill);
  return bar;
}

export interface TextInput {
  el: HTMLElement;
  value(): string;
  setValue(v: string): void;
  focus(): void;
}

interface ValueElement extends HTMLElement {
  value: string;
}

export function textArea(opts: { placeholder: string; ariaLabel: string; rows?: number }): TextInput {
  const el = document.createElement("vscode-text-area") as ValueElement;
  el.setAttribute("placeholder", opts.placeholder);
  el.setAttribute("aria-label", opts.ariaLabel);
  el.setAttribute("rows", String(opts.rows ?? 3));
  el.setAttribute("resize", "vertical");
  return {
    el,
    value: () => el.value ?? "",
    setValue: (v) => {
      el.value = v;
    },
    focus: () => el.focus(), // vscode-text-area hands focus to its <textarea>
  };
}

/** Screen-reader-only live region. */
export function liveRegion(): { el: HTMLElement; say(text: string): void } {
  const el = document.createElement("div");
  el.className = "sr-only";
  el.setAttribute("aria-live", "polite");
  el.setAttribute("role", "status");
  return {
    el,
    say: (text) => {
      el.textContent = text;
    },
  };
}
