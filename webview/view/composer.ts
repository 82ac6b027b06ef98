/**
 * The input area: text, attachment chips, Send/Stop, the credit hint, keyboard (Enter sends,
 * Shift+Enter newline, Up in an empty input recalls the last prompt, Escape stops), paste of a
 * lone URL (→ URL chip) and drops. VS Code hands Explorer/desktop drags to a webview only while
 * Shift is held; they arrive as `application/vnd.code.uri-list` or `text/uri-list`.
 */
import type { Attachment } from "../../src/shared/protocol";
import { t } from "../i18n";
import { button, icon, progressBar, setDisabled, textArea } from "../ui/components";

export interface ComposerActions {
  send(text: string, attachmentIds: string[]): Promise<boolean>;
  cancel(): void;
  attach(): void;
  attachUrl(url: string): void;
  dropUris(uris: string[]): void;
  removeAttachment(id: string): void;
  estimate(text: string): void;
  say(text: string): void;
}

export function parseUriList(data: string): string[] {
  return data
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"));
}

export function loneUrl(text: string): string | undefined {
  const t = text.trim();
  return /^https?:\/\/\S+$/i.test(t) ? t : undefined;
}

function size(bytes: number | undefined): string {
  if (bytes === undefined) return "";
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The tallest the input grows by itself as lines are typed (CSS px); beyond, it scrolls. */
const MAX_INPUT_PX = 160;

export class Composer {
  readonly el: HTMLElement;
  private readonly input = textArea({
    placeholder: t("placeholder"),
    ariaLabel: t("inputLabel"),
    rows: 2,
  });
  private readonly chips = document.createElement("div");
  private readonly hint = document.createElement("div");
  private readonly sendBtn: HTMLElement;
  private readonly stopBtn: HTMLElement;
  private attachments: Attachment[] = [];
  private lastPrompt = "";
  private busy = false;
  private estimateTimer = 0;

  constructor(private readonly act: ComposerActions) {
    this.el = document.createElement("section");
    this.el.className = "composer";
    this.el.setAttribute("aria-label", t("newMessage"));
    this.chips.className = "chips";
    this.chips.setAttribute("role", "list");
    this.chips.setAttribute("aria-label", t("attachments"));
    this.hint.className = "hint muted";
    this.hint.id = "cost-hint";
    this.input.el.setAttribute("aria-describedby", "cost-hint");
    this.sendBtn = button({ label: t("send"), icon: "send", appearance: "primary", ariaLabel: t("sendLabel"), onClick: () => void this.submit() });
    this.stopBtn = button({ label: t("stop"), icon: "debug-stop", ariaLabel: t("stopLabel"), onClick: () => this.stop() });
    this.stopBtn.hidden = true;
    const attachBtn = button({ label: t("attach"), icon: "attach", appearance: "icon", ariaLabel: t("attachLabel"), onClick: () => this.act.attach() });
    const row = document.createElement("div");
    row.className = "composer-row";
    row.append(this.hint, attachBtn, this.stopBtn, this.sendBtn);
    this.el.append(this.chips, this.input.el, row);
    this.input.el.addEventListener("keydown", (e) => this.onKey(e as KeyboardEvent));
    this.input.el.addEventListener("input", () => {
      this.fitInput();
      this.scheduleEstimate();
    });
    this.input.el.addEventListener("paste", (e) => this.onPaste(e as ClipboardEvent));
    // The panel gets the keyboard back (a modal question closed, the view was focused) with nothing
    // inside focused: the caret goes to the input, where the person goes on typing.
    // Not when a click brought it (the person may be selecting text in a message).
    let pointerAt = -Infinity;
    window.addEventListener("pointerdown", () => (pointerAt = performance.now()), { capture: true, passive: true });
    window.addEventListener("focus", () => {
      if (performance.now() - pointerAt < 1_000) return;
      if (document.activeElement === null || document.activeElement === document.body) this.input.focus();
    });
  }

  focus(): void {
    this.input.focus();
  }

  /**
   * Two lines when empty (the list keeps its space), growing with what is typed up to
   * MAX_INPUT_PX, then scrolling.
   */
  private fitInput(): void {
    const area = this.input.el.querySelector("textarea");
    if (!area) return;
    // Empty: its rows (a placeholder's wrapped lines would count in scrollHeight).
    if (area.value === "") {
      area.style.height = "";
      return;
    }
    area.style.height = "auto";
    if (area.scrollHeight > area.clientHeight) area.style.height = `${Math.min(area.scrollHeight + 2, MAX_INPUT_PX)}px`;
    else area.style.height = "";
  }

  setBusy(busy: boolean): void {
    // Hiding the focused button drops the focus to the page: keep it in the panel, on the input.
    const active = document.activeElement;
    const onButton = active !== null && (this.stopBtn.contains(active) || this.sendBtn.contains(active));
    this.busy = busy;
    this.stopBtn.hidden = !busy;
    this.sendBtn.hidden = busy;
    if (onButton && document.hasFocus()) this.input.focus();
  }

  /** Put text in the input for the person to edit or send (Regenerate from a file), and focus it. */
  prefill(text: string): void {
    this.input.setValue(text);
    this.fitInput();
    this.input.focus();
    this.scheduleEstimate();
  }

  /** Up in an empty input recalls this (restored from the history after a reload). */
  setLastPrompt(text: string): void {
    if (text) this.lastPrompt = text;
  }

  /** Recompute the credit hint for what is typed now (e.g. after the balance changed). */
  refreshHint(): void {
    this.act.estimate(this.input.value());
  }

  setHint(text: string): void {
    this.hint.textContent = text;
  }

  /** Handle a drop anywhere in the panel. */
  onDrop(e: DragEvent): void {
    const dt = e.dataTransfer;
    if (!dt) return;
    e.preventDefault();
    const list = dt.getData("application/vnd.code.uri-list") || dt.getData("text/uri-list");
    const uris = list ? parseUriList(list) : [];
    if (uris.length) {
      this.act.dropUris(uris);
      return;
    }
    const text = dt.getData("text/plain");
    const url = text ? loneUrl(text) : undefined;
    if (url) this.act.attachUrl(url);
    else if (dt.files.length) this.act.say(t("holdShift"));
  }

  setAttachments(list: Attachment[]): void {
    this.attachments = list;
    this.chips.replaceChildren(...list.map((a) => this.chip(a)));
    this.chips.hidden = list.length === 0;
  }

  progress(id: string, state: Attachment["state"], sentBytes: number, totalBytes: number): void {
    const a = this.attachments.find((x) => x.id === id);
    if (!a) return;
    Object.assign(a, { state, sentBytes, totalBytes });
    this.setAttachments(this.attachments);
  }

  private chip(a: Attachment): HTMLElement {
    const chip = document.createElement("div");
    chip.className = `chip chip-${a.state}`;
    chip.setAttribute("role", "listitem");
    chip.title = a.reason ?? a.name;
    const label = document.createElement("span");
    label.className = "chip-label";
    label.append(icon(a.kind === "url" ? "link" : a.state === "invalid" ? "warning" : "file-media"), document.createTextNode(` ${a.name.split(/[\\/]/).pop()} ${size(a.size)}`));
    chip.appendChild(label);
    if (a.reason) {
      const why = document.createElement("span");
      why.className = "chip-reason";
      why.textContent = a.reason;
      chip.appendChild(why);
    }
    if (a.state === "uploading") {
      const pct = a.totalBytes ? (100 * (a.sentBytes ?? 0)) / a.totalBytes : undefined;
      chip.appendChild(progressBar(pct, t("uploading", a.name)));
    } else {
      chip.appendChild(button({ label: t("remove"), icon: "close", appearance: "icon", ariaLabel: t("removeLabel", a.name), onClick: () => this.act.removeAttachment(a.id) }));
    }
    return chip;
  }

  private onKey(e: KeyboardEvent): void {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      void this.submit();
    } else if (e.key === "ArrowUp" && !this.input.value() && this.lastPrompt) {
      e.preventDefault();
      this.input.setValue(this.lastPrompt);
      this.fitInput();
      this.scheduleEstimate();
    }
  }

  /** Escape anywhere in the panel stops the running request (as Stop does). */
  onEscape(): void {
    if (this.busy) this.stop();
  }

  /**
   * Stop the running request and give the keyboard back to the input: the Stop button hides once
   * the reply ends, and focus on a hidden button would leave nothing focused.
   */
  private stop(): void {
    this.act.cancel();
    this.input.focus();
  }

  private onPaste(e: ClipboardEvent): void {
    const text = e.clipboardData?.getData("text/plain") ?? "";
    const url = loneUrl(text);
    if (url && !this.input.value().trim()) {
      e.preventDefault();
      this.act.attachUrl(url);
    }
  }

  private scheduleEstimate(): void {
    window.clearTimeout(this.estimateTimer);
    this.estimateTimer = window.setTimeout(() => this.act.estimate(this.input.value()), 250);
  }

  private async submit(): Promise<void> {
    if (this.busy) return;
    const text = this.input.value();
    const ids = this.attachments.filter((a) => a.state === "ready").map((a) => a.id);
    if (!text.trim() && ids.length === 0) return;
    // The estimate of the typed text is moot once it is sent, and it must not cover a refusal's reason.
    window.clearTimeout(this.estimateTimer);
    setDisabled(this.sendBtn, true);
    try {
      if (await this.act.send(text, ids)) {
        if (text.trim()) this.lastPrompt = text;
        this.input.setValue("");
        this.fitInput();
        // The empty input's line again (the balance, the no-folder note), as before typing.
        this.setHint("");
        this.refreshHint();
      }
    } finally {
      setDisabled(this.sendBtn, false);
    }
  }
}
