/**
 * The chat panel (browser bundle). Talks to the extension only through the typed protocol:
 * says `ready`, then receives the history, streamed chunks, cards, credits and chip updates.
 */
import "./setup";
import { applyChatEvent } from "../src/shared/chat-model";
import type { AnyNotify, ChatMessage, Credits } from "../src/shared/protocol";
import { t } from "./i18n";
import { createMarkdownRenderer } from "./markdown";
import { RequestError, Rpc } from "./rpc";
import { badge, icon, liveRegion, registerComponents, setDisabled } from "./ui/components";
import { Composer } from "./view/composer";
import { ShapePicker } from "./view/shape-picker";
import { MessageList } from "./view/list";

type CreditsValue = Credits | null;

registerComponents();

const app = document.getElementById("app") ?? document.body;
const live = liveRegion();
const header = document.createElement("header");
header.className = "top";
const creditsBox = document.createElement("div");
creditsBox.className = "credits";
header.appendChild(creditsBox);
const empty = document.createElement("div");
empty.className = "empty muted";
empty.append(icon("sparkle"), document.createTextNode(` ${t("emptyHint")}`));

let credits: CreditsValue = null;
let streamingAnnounced = new Map<string, number>();
let editorOpen = false;

function showError(err: unknown): void {
  const text = err instanceof RequestError ? `${err.info.message}${err.info.nextStep ? ` ${err.info.nextStep}` : ""}` : t("panelError");
  composer.setHint(text);
  live.say(text);
}

const rpc = new Rpc(onNotify);
const list = new MessageList(createMarkdownRenderer(window), {
  saveMedia: (messageId, key) =>
    void rpc.request("saveMedia", { messageId, key }).then((r) => live.say(t("savedTo", r.path)), showError),
  insertMedia: (messageId, key) =>
    void rpc.request("insertMedia", { messageId, key }).then((r) => live.say(t("insertedText", r.text)), showError),
  editorOpen: () => editorOpen,
  reveal: (path) => void rpc.request("revealFile", { path }).catch(showError),
  openFile: (path) => void rpc.request("openFile", { path }).catch(showError),
  openLink: (url) => void rpc.request("openLink", { url }).catch(showError),
  retry: (messageId) => void rpc.request("retry", { messageId }).then((r) => !r.accepted && r.reason && showError(new RequestError({ code: "BAD_INPUT", message: r.reason })), showError),
  runAction: (action) => void rpc.request("runAction", { action }).catch(showError),
  redownload: (messageId, key) => void rpc.request("redownloadPreview", { messageId, key }).catch(showError),
  openExternal: (path) => void rpc.request("openExternalFile", { path }).catch(showError),
});

// The shape picker (ratio, style, variations) sits in the composer, folded behind a toggle.
const shapePicker = new ShapePicker(() => composer.refreshHint());

const composer = new Composer({
  send: async (text, attachmentIds) => {
    try {
      const r = await rpc.request("send", { text, attachmentIds, shape: shapePicker.value() });
      if (!r.accepted && r.reason) composer.setHint(r.reason);
      if (r.accepted) shapePicker.resetVariations();
      return r.accepted;
    } catch (err) {
      showError(err);
      return false;
    }
  },
  cancel: () => void rpc.request("cancel", {}).catch(showError),
  attach: () => void rpc.request("attach", {}).then((r) => composer.setAttachments(r.attachments), showError),
  attachUrl: (url) => void rpc.request("attachUrl", { url }).then((r) => composer.setAttachments(r.attachments), showError),
  dropUris: (uris) => void rpc.request("uploadDropped", { uris }).then((r) => composer.setAttachments(r.attachments), showError),
  removeAttachment: (id) => void rpc.request("removeAttachment", { id }).then((r) => composer.setAttachments(r.attachments), showError),
  estimate: (text) => {
    // Asked for an empty input too: with no folder open, the person reads before typing that media stays here.
    void rpc.request("estimate", { text, shape: shapePicker.value() }).then((r) => {
      const noFolder = r.noFolder ? ` ${t("mediaStaysInChat")}` : "";
      if (!text.trim()) composer.setHint((balanceText() + noFolder).trim());
      else if (r.route !== "agent") composer.setHint(`${t("handledHere", r.route)} ${balanceText()}`.trim());
      else if (r.cost) composer.setHint(costHint(r.cost, r.balance) + noFolder);
      else composer.setHint((balanceText() + noFolder).trim());
    }, () => undefined);
  },
  say: (text) => live.say(text),
});

function balanceText(): string {
  return credits ? t("balance", credits.available) : "";
}

function costHint(cost: number, balance: number | undefined): string {
  if (balance === undefined) return t("costHint", cost);
  return balance < cost ? t("costHintLow", cost, balance) : t("costHintBalance", cost, balance);
}

function renderCredits(): void {
  creditsBox.replaceChildren();
  if (!credits) return;
  creditsBox.append(icon("credit-card"), document.createTextNode(` ${t("credits")} `), badge(String(credits.available), t("creditsAvailable", credits.available)));
}

function updateEmpty(count: number): void {
  empty.hidden = count > 0;
}

/** Announce new answer text politely, at most every 2 s per message (and once more when done). */
function announce(m: ChatMessage, final: boolean): void {
  const last = streamingAnnounced.get(m.id) ?? 0;
  const now = performance.now();
  if (!final && now - last < 2000) return;
  streamingAnnounced.set(m.id, now);
  // Only the end (or the start) is read: the cost does not grow with the reply.
  const text = (final ? m.text.slice(0, 1200) : m.text.slice(-600)).replace(/\s+/g, " ").trim();
  if (text) live.say(final ? text.slice(0, 600) : text.slice(-300));
  else if (m.activity) live.say(m.activity);
}

function onNotify(n: AnyNotify): void {
  switch (n.name) {
    case "history":
      streamingAnnounced = new Map();
      list.reset(n.payload.messages);
      composer.setLastPrompt([...n.payload.messages].reverse().find((m) => m.role === "user" && m.text)?.text ?? "");
      updateEmpty(n.payload.messages.length);
      composer.setBusy(n.payload.busy);
      break;
    case "message":
      list.upsert(n.payload.message);
      updateEmpty(1);
      break;
    case "chunk": {
      const m = list.get(n.payload.messageId);
      if (!m) break;
      applyChatEvent(m, n.payload.event, t);
      list.touch(m.id);
      announce(m, false);
      break;
    }
    case "done": {
      const m = list.get(n.payload.messageId);
      if (m) announce(m, true);
      break;
    }
    case "error":
      showError(new RequestError(n.payload.error));
      break;
    case "credits":
      credits = n.payload.credits;
      renderCredits();
      composer.refreshHint();
      break;
    case "attachments":
      composer.setAttachments(n.payload.attachments);
      break;
    case "attachmentProgress":
      composer.progress(n.payload.id, n.payload.state, n.payload.sentBytes, n.payload.totalBytes);
      break;
    case "busy":
      composer.setBusy(n.payload.busy);
      break;
    case "focus":
      composer.focus();
      break;
    case "prefill":
      shapePicker.set(n.payload.shape);
      composer.prefill(n.payload.text);
      break;
    case "editor":
      editorOpen = n.payload.open;
      for (const b of document.querySelectorAll<HTMLElement>(".insert-media")) {
        setDisabled(b, !editorOpen);
        b.title = editorOpen ? b.getAttribute("aria-label") ?? "" : t("insertNeedsEditor");
      }
      break;
  }
}

// The picker's row above the buttons; its toggle in the button row, before the paperclip.
const buttonRow = composer.el.lastElementChild as HTMLElement;
composer.el.insertBefore(shapePicker.el, buttonRow);
buttonRow.insertBefore(shapePicker.toggle, buttonRow.querySelector('vscode-button[appearance="icon"]'));
app.append(header, empty, list.el, composer.el, live.el);
document.addEventListener("dragover", (e) => e.preventDefault());
document.addEventListener("drop", (e) => composer.onDrop(e));
document.addEventListener("keydown", (e) => {
  if (e.key === "Escape") composer.onEscape();
});
void rpc.request("ready", {}).catch(showError);
void rpc.request("shapeOptions", {}).then((o) => shapePicker.setOptions(o), showError);
