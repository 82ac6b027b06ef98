/**
 * The compare view (browser bundle, dist/webview/compare.js): two versions of an image side by
 * side or under a slider whose divider is dragged with the pointer or moved with the arrow keys,
 * and the decisions Keep / Keep Both / Discard, which the host carries out. No network, no inline
 * script or style: the host's CSP allows this file (by nonce) and the view's own stylesheet; the
 * divider moves through the CSSOM (a custom property), which the CSP permits.
 */
import { nextPosition, parseConfig, type CompareAction, type CompareConfig, type CompareImage } from "./model";

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();
const config = parseConfig(document.body.dataset.config);
const app = document.getElementById("app") ?? document.body;

type Mode = "side" | "slider";
const saved = (api.getState() ?? {}) as { mode?: Mode; position?: number };
let mode: Mode = saved.mode === "side" ? "side" : "slider";
let position = typeof saved.position === "number" ? saved.position : 50;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function t(c: CompareConfig, key: string, fallback: string): string {
  return c.strings[key] ?? fallback;
}

function img(image: CompareImage, alt: string): HTMLImageElement {
  const i = el("img");
  i.src = image.src;
  i.alt = alt;
  i.draggable = false;
  return i;
}

function figure(c: CompareConfig, which: "before" | "after"): HTMLElement {
  const image = c[which];
  const label = which === "before" ? t(c, "original", "Original") : t(c, "newVersion", "New version");
  const f = el("figure", `side-${which}`);
  const frame = el("div", "frame");
  frame.appendChild(img(image, `${label}: ${image.name}`));
  const cap = el("figcaption");
  cap.append(el("strong", undefined, label), el("span", "name", image.name), el("span", "muted", image.detail));
  f.append(frame, cap);
  return f;
}

function render(c: CompareConfig): void {
  app.replaceChildren();
  const header = el("header", "bar");
  const title = el("h1", undefined, t(c, "title", "Compare versions"));
  const modes = el("div", "modes");
  modes.setAttribute("role", "group");
  modes.setAttribute("aria-label", t(c, "view", "View"));
  const sideBtn = el("button", "mode", t(c, "sideBySide", "Side by side"));
  const sliderBtn = el("button", "mode", t(c, "slider", "Slider"));
  sideBtn.id = "mode-side";
  sliderBtn.id = "mode-slider";
  modes.append(sliderBtn, sideBtn);
  header.append(title, modes);

  const side = el("section", "side");
  side.id = "side";
  side.setAttribute("aria-label", t(c, "sideBySide", "Side by side"));
  side.append(figure(c, "before"), figure(c, "after"));

  const slider = el("section", "slider");
  slider.id = "slider";
  slider.setAttribute("aria-label", t(c, "slider", "Slider"));
  const stage = el("div", "stage");
  const under = img(c.before, `${t(c, "original", "Original")}: ${c.before.name}`);
  under.className = "under";
  const over = img(c.after, `${t(c, "newVersion", "New version")}: ${c.after.name}`);
  over.className = "over";
  // The picture's own box, fitted into the stage (its aspect kept): the divider moves across it,
  // not across the letterbox around it.
  const pic = el("div", "pic");
  pic.id = "pic";
  const divider = el("div", "divider");
  divider.id = "divider";
  divider.tabIndex = 0;
  divider.setAttribute("role", "slider");
  divider.setAttribute("aria-label", t(c, "divider", "Divider: original on the left, new version on the right"));
  divider.setAttribute("aria-valuemin", "0");
  divider.setAttribute("aria-valuemax", "100");
  divider.append(el("span", "grip"));
  const tags = el("div", "tags");
  tags.setAttribute("aria-hidden", "true");
  tags.append(el("span", "tag left", t(c, "original", "Original")), el("span", "tag right", t(c, "newVersion", "New version")));
  pic.append(under, over, divider, tags);
  stage.append(pic);
  // The box takes the original's aspect once it is known (the new version is fitted inside it).
  const fit = (): void => {
    if (under.naturalWidth > 0 && under.naturalHeight > 0) stage.style.setProperty("--ratio", String(under.naturalWidth / under.naturalHeight));
  };
  under.addEventListener("load", fit);
  fit();
  const hint = el("p", "muted hint", t(c, "hint", "Drag the divider, or focus it and use the arrow keys."));
  slider.append(stage, hint);

  const actions = el("footer", "actions");
  const button = (action: CompareAction, label: string, title: string, primary = false): HTMLButtonElement => {
    const b = el("button", primary ? "primary" : "secondary", label);
    b.id = `action-${action}`;
    b.title = title;
    b.addEventListener("click", () => {
      for (const x of actions.querySelectorAll("button")) x.disabled = true;
      status.textContent = t(c, "working", "Working…");
      api.postMessage({ type: "action", action });
    });
    return b;
  };
  const status = el("p", "status");
  status.setAttribute("role", "status");
  actions.append(
    button("keep", t(c, "keep", "Keep"), t(c, "keepTitle", "Replace the original with the new version (Undo is offered)"), true),
    button("keepBoth", t(c, "keepBoth", "Keep Both"), t(c, "keepBothTitle", "Keep both files and close")),
    button("discard", t(c, "discard", "Discard"), t(c, "discardTitle", "Move the new version to the trash")),
    status,
  );
  app.append(header, slider, side, actions);

  const setPosition = (p: number): void => {
    position = p;
    stage.style.setProperty("--pos", `${p}%`);
    divider.setAttribute("aria-valuenow", String(p));
    divider.setAttribute("aria-valuetext", t(c, "dividerValue", "{0} % original").replace("{0}", String(p)));
    api.setState({ mode, position });
  };
  const setMode = (m: Mode): void => {
    mode = m;
    side.hidden = m !== "side";
    slider.hidden = m !== "slider";
    sideBtn.setAttribute("aria-pressed", String(m === "side"));
    sliderBtn.setAttribute("aria-pressed", String(m === "slider"));
    api.setState({ mode, position });
  };
  sideBtn.addEventListener("click", () => setMode("side"));
  sliderBtn.addEventListener("click", () => setMode("slider"));
  divider.addEventListener("keydown", (e) => {
    const next = nextPosition(position, e.key, e.shiftKey);
    if (next === undefined) return;
    e.preventDefault();
    setPosition(next);
  });
  // Pointer: press anywhere on the stage, drag; the divider follows across the picture (clamped
  // to its edges when the pointer is beside it) and takes the focus.
  const fromPointer = (e: PointerEvent): void => {
    const r = pic.getBoundingClientRect();
    if (r.width > 0) setPosition(Math.round(Math.min(100, Math.max(0, ((e.clientX - r.left) / r.width) * 100))));
  };
  stage.addEventListener("pointerdown", (e) => {
    // No mousedown after it: its default would move the focus off the divider (the arrow keys go on working).
    e.preventDefault();
    stage.setPointerCapture(e.pointerId);
    divider.focus();
    fromPointer(e);
  });
  stage.addEventListener("pointermove", (e) => {
    if (stage.hasPointerCapture(e.pointerId)) fromPointer(e);
  });
  setPosition(position);
  setMode(mode);
  // The view opens focused on the divider: the arrow keys work at once, Tab goes on to the buttons.
  const focusStart = (): void => {
    if (document.activeElement === document.body || document.activeElement === null) (mode === "slider" ? divider : sideBtn).focus();
  };
  window.addEventListener("focus", focusStart);
  if (document.hasFocus()) focusStart();
  window.addEventListener("message", (e: MessageEvent<unknown>) => {
    const m = e.data as { type?: unknown; text?: unknown };
    if (m?.type === "failed" && typeof m.text === "string") {
      for (const x of actions.querySelectorAll("button")) x.disabled = false;
      status.textContent = m.text.slice(0, 500);
    }
  });
}

if (config) render(config);
else app.textContent = "This view could not be shown.";
