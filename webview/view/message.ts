/** One chat message → DOM (re-rendered whole when it changes; cheap enough, throttled by the list). */
import type { Card, ChatMessage, MediaItem } from "../../src/shared/protocol";
import type { MarkdownRenderer } from "../markdown";
import { button, icon, link, progressBar, progressRing } from "../ui/components";

export interface MessageActions {
  saveMedia(messageId: string, key: string): void;
  reveal(path: string): void;
  openFile(path: string): void;
  openLink(url: string): void;
  retry(messageId: string): void;
  runAction(action: "export" | "credits" | "show-state"): void;
}

function div(cls: string, text?: string): HTMLDivElement {
  const d = document.createElement("div");
  d.className = cls;
  if (text !== undefined) d.textContent = text;
  return d;
}

function baseName(p: string): string {
  return p.split(/[\\/]/).pop() ?? p;
}

const WHO: Record<ChatMessage["role"], [string, string]> = {
  user: ["You", "account"],
  agent: ["Agent", "sparkle"],
  system: ["Image Generation", "info"],
};

function mediaBlock(m: ChatMessage, item: MediaItem, act: MessageActions): HTMLElement {
  const fig = document.createElement("figure");
  fig.className = `media media-${item.media.kind}`;
  const name = item.media.name ?? (item.media.kind === "video" ? "Generated clip" : "Generated image");
  const src = item.previewUri ?? (/^https:\/\//i.test(item.media.url) ? item.media.url : undefined);
  if (!src && item.previewFailed) {
    fig.appendChild(div("media-wait", "No preview available — save it to the workspace to open it."));
  } else if (!src) {
    const wait = div("media-wait");
    wait.append(progressRing("Preparing preview"), document.createTextNode(" Preparing preview…"));
    fig.appendChild(wait);
  } else if (item.media.kind === "video") {
    const v = document.createElement("video");
    v.src = src;
    v.controls = true;
    v.preload = "metadata";
    v.setAttribute("aria-label", name);
    fig.appendChild(v);
  } else {
    const img = document.createElement("img");
    img.src = src;
    img.alt = name;
    img.loading = "lazy";
    fig.appendChild(img);
  }
  const cap = document.createElement("figcaption");
  cap.appendChild(document.createTextNode(name));
  const actions = div("actions");
  if (item.savedPath) {
    const saved = item.savedPath;
    actions.append(
      link(`Saved: ${baseName(saved)}`, () => act.openFile(saved), `Open ${baseName(saved)}`),
      button({ label: "Reveal", icon: "go-to-file", ariaLabel: `Reveal ${baseName(saved)} in the Explorer`, onClick: () => act.reveal(saved) }),
    );
  } else {
    actions.append(
      button({ label: "Save to workspace", icon: "save", ariaLabel: `Save ${name} to the workspace`, onClick: () => act.saveMedia(m.id, item.media.key) }),
    );
  }
  cap.appendChild(actions);
  fig.appendChild(cap);
  return fig;
}

const STAGE: Record<string, string> = {
  precheck: "Checking the timeline…",
  submitting: "Starting the render…",
  rendering: "Rendering the MP4…",
  downloading: "Downloading the MP4…",
  done: "MP4 saved",
  failed: "Export failed",
  cancelled: "Export stopped",
};

function cardBlock(card: Card, act: MessageActions): HTMLElement {
  const box = div(`card card-${card.type}`);
  switch (card.type) {
    case "credits": {
      box.appendChild(div("card-title", "Credits"));
      const dl = document.createElement("dl");
      for (const [k, v] of [["Available", card.credits.available], ["Reserved", card.credits.frozen], ["Total", card.credits.total]] as const) {
        const dt = document.createElement("dt");
        dt.textContent = k;
        const dd = document.createElement("dd");
        dd.textContent = String(v);
        dd.dataset.field = k.toLowerCase();
        dl.append(dt, dd);
      }
      box.appendChild(dl);
      break;
    }
    case "export": {
      const active = !["done", "failed", "cancelled"].includes(card.stage);
      const title = div("card-title");
      if (active) title.appendChild(progressRing("Export in progress"));
      title.appendChild(document.createTextNode(` ${STAGE[card.stage] ?? card.stage}${card.percent !== undefined && active ? ` ${Math.round(card.percent)}%` : ""}`));
      box.appendChild(title);
      if (active) box.appendChild(progressBar(card.percent, "Export progress"));
      if (card.status) box.appendChild(div("muted", card.status));
      if (card.filePath) {
        const file = card.filePath;
        const row = div("actions");
        row.append(link(baseName(file), () => act.openFile(file), `Open ${baseName(file)}`), button({ label: "Reveal", icon: "go-to-file", ariaLabel: `Reveal ${baseName(file)}`, onClick: () => act.reveal(file) }));
        box.appendChild(row);
      }
      break;
    }
    case "state":
      box.appendChild(div("card-title", "Timeline"));
      box.appendChild(div("summary", card.summary));
      break;
    case "upload":
      box.appendChild(div("card-title", `Uploaded ${card.files.length} item${card.files.length === 1 ? "" : "s"}`));
      box.appendChild(div("muted", card.files.join(", ")));
      break;
  }
  return box;
}

export function renderMessage(m: ChatMessage, md: MarkdownRenderer, act: MessageActions, into?: HTMLElement): HTMLElement {
  const el = into ?? document.createElement("article");
  el.replaceChildren();
  el.className = `msg msg-${m.role} status-${m.status}`;
  el.dataset.id = m.id;
  const [who, ico] = WHO[m.role];
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
    const body = div("msg-body markdown");
    body.appendChild(md.render(m.text));
    el.appendChild(body);
  }
  if (m.status === "streaming" && !m.text && !m.activity) {
    const wait = div("activity");
    wait.append(progressRing("Waiting for the agent"), document.createTextNode(" Thinking…"));
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
  if (m.card) el.appendChild(cardBlock(m.card, act));
  if (m.status === "cancelled") el.appendChild(div("muted", "Stopped."));
  if (m.error) {
    const err = div("error");
    err.setAttribute("role", "alert");
    err.append(icon("error"), document.createTextNode(` ${m.error.message}${m.error.nextStep ? ` ${m.error.nextStep}` : ""}`));
    const errLink = m.error.link;
    if (errLink) err.appendChild(button({ label: "Open link", icon: "link-external", ariaLabel: `Open ${errLink}`, onClick: () => act.openLink(errLink) }));
    el.appendChild(err);
  }
  if (m.offers.length) {
    const row = div("actions offers");
    if (m.offers.includes("export")) row.appendChild(button({ label: "Export MP4", icon: "export", appearance: "primary", onClick: () => act.runAction("export") }));
    if (m.offers.includes("retry")) row.appendChild(button({ label: "Retry", icon: "refresh", ariaLabel: "Retry: send the message again", onClick: () => act.retry(m.id) }));
    el.appendChild(row);
  }
  return el;
}
