/**
 * One chat message → DOM (re-rendered when it changes, throttled by the list; the Markdown body is
 * kept and only its growing tail is rendered again, see markdown-body.ts).
 */
import type { Card, ChatMessage } from "../../src/shared/protocol";
import type { StringId } from "../../src/shared/strings";
import { t } from "../i18n";
import type { MarkdownRenderer } from "../markdown";
import { button, icon, link, progressBar, progressRing } from "../ui/components";
import type { IconName } from "../ui/icon-names";
import { markdownBody } from "./markdown-body";
import { elapsedClock, RenderProgress } from "../../src/shared/render-estimate";
import { baseName, mediaBlock } from "./media";
import type { MessageActions } from "./message-actions";
import { player } from "./player";

function div(cls: string, text?: string): HTMLDivElement {
  const d = document.createElement("div");
  d.className = cls;
  if (text !== undefined) d.textContent = text;
  return d;
}

const WHO: Record<ChatMessage["role"], [StringId, IconName]> = {
  user: ["you", "account"],
  agent: ["agent", "sparkle"],
  system: ["system", "info"],
};

const STAGE: Record<string, StringId> = {
  precheck: "stagePrecheck",
  submitting: "stageSubmitting",
  rendering: "stageRendering",
  downloading: "stageDownloading",
  done: "stageDone",
  failed: "stageFailed",
  cancelled: "stageCancelled",
};

/** One line per track; the lines carry their own numbers ("1. Video: …"). */
function trackList(lines: readonly string[]): HTMLElement {
  const ul = document.createElement("ul");
  ul.className = "tracks";
  for (const line of lines) {
    const li = document.createElement("li");
    li.textContent = line;
    ul.appendChild(li);
  }
  return ul;
}

/** Each export card's render progress (by message id), timed in this panel's clock from when it was first seen rendering. */
const renderProgress = new Map<string, RenderProgress>();
let estimateTicker = 0;

/**
 * "Rendering · about 40 % (estimate) · 0:41": between the service's checks (every 30 s) the card
 * shows the elapsed time and an estimate (core/render/estimate.ts: from the typical render time, or
 * the service's last number carried on at its pace), redrawn once a second, so the number never
 * sits still and never goes back.
 */
function renderingText(el: HTMLElement): void {
  const progress = renderProgress.get(el.dataset.message ?? "");
  if (!progress) return;
  const e = progress.at(Date.now());
  el.textContent = e.estimated ? t("renderEstimate", e.percent, elapsedClock(e.elapsedMs)) : t("renderPercent", e.percent, elapsedClock(e.elapsedMs));
}

function tickEstimates(): void {
  const shown = document.querySelectorAll<HTMLElement>(".render-estimate");
  shown.forEach(renderingText);
  if (shown.length === 0) {
    window.clearInterval(estimateTicker);
    estimateTicker = 0;
  }
}

function renderingLabel(messageId: string, percent: number | undefined): HTMLElement {
  let progress = renderProgress.get(messageId);
  if (!progress) renderProgress.set(messageId, (progress = new RenderProgress(Date.now())));
  // When the service's number arrived: the estimate carries it on at its pace until the next check.
  progress.report(percent, Date.now());
  const el = document.createElement("span");
  el.className = "render-estimate";
  el.dataset.message = messageId;
  renderingText(el);
  if (!estimateTicker) estimateTicker = window.setInterval(tickEstimates, 1_000);
  return el;
}

function cardBlock(card: Card, act: MessageActions, messageId: string): HTMLElement {
  const box = div(`card card-${card.type}`);
  switch (card.type) {
    case "credits": {
      box.appendChild(div("card-title", t("credits")));
      const dl = document.createElement("dl");
      for (const [k, v] of [["available", card.credits.available], ["reserved", card.credits.frozen], ["total", card.credits.total]] as const) {
        const dt = document.createElement("dt");
        dt.textContent = t(k);
        const dd = document.createElement("dd");
        dd.textContent = String(v);
        dd.dataset.field = k;
        dl.append(dt, dd);
      }
      box.appendChild(dl);
      break;
    }
    case "export": {
      const active = !["done", "failed", "cancelled"].includes(card.stage);
      const title = div("card-title");
      if (active) title.appendChild(progressRing(t("exportInProgress")));
      if (card.stage === "rendering") title.append(" ", renderingLabel(messageId, card.percent));
      else title.appendChild(document.createTextNode(` ${card.stage in STAGE ? t(STAGE[card.stage]) : card.stage}${card.percent !== undefined && active ? ` ${Math.round(card.percent)}%` : ""}`));
      box.appendChild(title);
      if (active) box.appendChild(progressBar(card.percent, t("exportProgress")));
      // The service's own status word ("pending", "processing") is not shown: the stage above says it in words.
      if (card.filePath && card.previewUri) {
        const file = card.filePath;
        box.appendChild(player({ src: card.previewUri, label: baseName(file), name: file, file, openExternal: (p) => act.openExternal(p), openInEditor: (p) => act.openFile(p) }));
      }
      if (card.filePath) {
        const file = card.filePath;
        const row = div("actions");
        row.append(link(baseName(file), () => act.openFile(file), t("openFile", baseName(file))), button({ label: t("reveal"), icon: "go-to-file", ariaLabel: t("revealFile", baseName(file)), onClick: () => act.reveal(file) }));
        box.appendChild(row);
      }
      break;
    }
    case "state":
      box.appendChild(div("card-title", t("timeline")));
      if (card.tracks?.length) box.appendChild(trackList(card.tracks));
      else box.appendChild(div("summary", card.summary));
      break;
    case "upload":
      box.appendChild(div("card-title", card.files.length === 1 ? t("uploadedOne") : t("uploadedMany", card.files.length)));
      box.appendChild(div("muted", card.files.join(", ")));
      break;
  }
  return box;
}

/** Where a new session begins: a rule with one sentence, not a message (no author, no actions). */
function renderDivider(m: ChatMessage, el: HTMLElement): HTMLElement {
  el.className = `msg-divider divider-${m.divider ?? "session"}`;
  el.dataset.id = m.id;
  el.setAttribute("role", "separator");
  const text = m.text || t("sessionLostDivider");
  el.setAttribute("aria-label", text);
  el.append(div("rule"), div("divider-text", text), div("rule"));
  return el;
}

export function renderMessage(m: ChatMessage, md: MarkdownRenderer, act: MessageActions, into?: HTMLElement): HTMLElement {
  const el = into ?? document.createElement("article");
  el.replaceChildren();
  el.removeAttribute("role");
  if (m.divider) return renderDivider(m, el);
  el.className = `msg msg-${m.role} status-${m.status}`;
  el.dataset.id = m.id;
  const [whoId, ico] = WHO[m.role];
  const who = t(whoId);
  el.setAttribute("aria-label", who);
  const head = div("msg-head");
  head.append(icon(ico), document.createTextNode(` ${who}`));
  el.appendChild(head);

  if (m.role === "user") {
    if (m.text) el.appendChild(div("msg-body plain", m.text));
    if (m.attachments.length) {
      const att = div("muted attachments");
      att.append(icon("attach"), document.createTextNode(` ${m.attachments.map(baseName).join(", ")}`));
      el.appendChild(att);
    }
  } else if (m.text) {
    el.appendChild(markdownBody(el, m.text, md));
  }
  if (m.status === "streaming" && !m.text && !m.activity) {
    const wait = div("activity");
    wait.append(progressRing(t("waitingLabel")), document.createTextNode(` ${t("thinking")}`));
    el.appendChild(wait);
  }
  if (m.activity) {
    const a = div("activity");
    if (m.status === "streaming") a.appendChild(progressRing(m.activity));
    a.appendChild(document.createTextNode(` ${m.activity}`));
    el.appendChild(a);
  }
  if (m.notes.length) {
    const ul = document.createElement("ul");
    ul.className = "notes";
    for (const n of m.notes) {
      const li = document.createElement("li");
      li.textContent = n;
      ul.appendChild(li);
    }
    el.appendChild(ul);
  }
  if (m.media.length) {
    const box = div("media-list");
    for (const item of m.media) box.appendChild(mediaBlock(m, item, act));
    el.appendChild(box);
  }
  if (m.card) el.appendChild(cardBlock(m.card, act, m.id));
  if (m.status === "cancelled") el.appendChild(div("muted", t("stopped")));
  if (m.error) {
    const err = div("error");
    err.setAttribute("role", "alert");
    err.append(icon("error"), document.createTextNode(` ${m.error.message}${m.error.nextStep ? ` ${m.error.nextStep}` : ""}`));
    const errLink = m.error.link;
    if (errLink) err.appendChild(button({ label: t("openLink"), icon: "link-external", ariaLabel: t("openFile", errLink), onClick: () => act.openLink(errLink) }));
    el.appendChild(err);
  }
  if (m.offers.length) {
    const row = div("actions offers");
    if (m.offers.includes("export")) row.appendChild(button({ label: t("exportMp4"), icon: "export", appearance: "primary", onClick: () => act.runAction("export") }));
    if (m.offers.includes("retry")) row.appendChild(button({ label: t("retry"), icon: "refresh", ariaLabel: t("retryLabel"), onClick: () => act.retry(m.id) }));
    el.appendChild(row);
  }
  return el;
}
