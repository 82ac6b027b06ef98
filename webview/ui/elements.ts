/**
 * The five elements the chat used from @vscode/webview-ui-toolkit (deprecated upstream; its FAST
 * runtime was ~90 KB of the 238 KB webview bundle), as small light-DOM custom elements under the
 * same tag names, themed with the editor's CSS variables (webview/ui/elements.css): vscode-button,
 * vscode-text-area (a real <textarea> inside), vscode-link, vscode-progress-ring, vscode-badge.
 * No shadow DOM, no inline styles (the strict CSP stays as it is); keyboard behaviour as the
 * toolkit's: buttons and links are focusable and answer Enter (buttons also Space), a disabled
 * button is skipped by Tab and ignores clicks.
 */

/** Enter (and Space for buttons) acts as a click, as on a native control. */
function clickOnKey(el: HTMLElement, keys: readonly string[]): void {
  el.addEventListener("keydown", (e) => {
    if (e.target !== el || !keys.includes(e.key) || e.altKey || e.ctrlKey || e.metaKey) return;
    e.preventDefault();
    el.click();
  });
}

class VscodeButton extends HTMLElement {
  static readonly observedAttributes = ["disabled"];

  constructor() {
    super();
    clickOnKey(this, ["Enter", " "]);
    // A disabled button swallows clicks before any other listener sees them.
    this.addEventListener(
      "click",
      (e) => {
        if (this.hasAttribute("disabled")) e.stopImmediatePropagation();
      },
      { capture: true },
    );
  }

  connectedCallback(): void {
    if (!this.hasAttribute("role")) this.setAttribute("role", "button");
    this.sync();
  }

  attributeChangedCallback(): void {
    this.sync();
  }

  private sync(): void {
    const disabled = this.hasAttribute("disabled");
    this.setAttribute("tabindex", disabled ? "-1" : "0");
    this.setAttribute("aria-disabled", String(disabled));
  }
}

class VscodeLink extends HTMLElement {
  constructor() {
    super();
    clickOnKey(this, ["Enter"]);
  }

  connectedCallback(): void {
    if (!this.hasAttribute("role")) this.setAttribute("role", "link");
    if (!this.hasAttribute("tabindex")) this.setAttribute("tabindex", "0");
  }
}

/** A <textarea> inside; `value` reads and writes it. Its input, keydown and paste events bubble to this element. */
class VscodeTextArea extends HTMLElement {
  static readonly observedAttributes = ["placeholder", "rows", "aria-label", "aria-describedby", "disabled"];
  readonly control: HTMLTextAreaElement;

  constructor() {
    super();
    this.control = document.createElement("textarea");
    this.control.className = "control";
  }

  get value(): string {
    return this.control.value;
  }

  set value(v: string) {
    this.control.value = v;
  }

  override focus(options?: FocusOptions): void {
    this.control.focus(options);
  }

  connectedCallback(): void {
    if (this.control.parentNode !== this) this.appendChild(this.control);
    for (const name of VscodeTextArea.observedAttributes) this.attributeChangedCallback(name);
  }

  /** Mirrored onto the <textarea>: the name and description belong to the control that takes focus. */
  attributeChangedCallback(name: string): void {
    const v = this.getAttribute(name);
    if (v === null) this.control.removeAttribute(name);
    else this.control.setAttribute(name, v);
  }
}

class VscodeProgressRing extends HTMLElement {
  connectedCallback(): void {
    if (!this.hasAttribute("role")) this.setAttribute("role", "progressbar");
    if (!this.firstChild) {
      const spin = document.createElement("span");
      spin.className = "spin";
      spin.setAttribute("aria-hidden", "true");
      this.appendChild(spin);
    }
  }
}

class VscodeBadge extends HTMLElement {}

/** Define the elements (once per page). */
export function defineElements(registry: CustomElementRegistry = customElements): void {
  const all: [string, CustomElementConstructor][] = [
    ["vscode-button", VscodeButton],
    ["vscode-link", VscodeLink],
    ["vscode-text-area", VscodeTextArea],
    ["vscode-progress-ring", VscodeProgressRing],
    ["vscode-badge", VscodeBadge],
  ];
  for (const [name, ctor] of all) if (!registry.get(name)) registry.define(name, ctor);
}
