/**
 * The Gallery view's page: a search box, a kind filter, a count (announced politely) and the
 * virtual list. The host posts the whole listing (checked on arrival, shared/gallery-protocol.ts);
 * search and filter run here, through the core's own query function (core/gallery/query.ts), on
 * an index of each item's folded text built once per listing. The search, the filter and the place
 * in the list (the top row's id) are kept in the view's state across reloads, and across a hide and
 * show (the view's page is rebuilt each time it is shown).
 */
import { galleryTranslator, parseHostToGallery, queryGallery, searchableText, type GalleryAction, type GalleryKind, type GalleryRow, type GalleryToHost } from "../../src/shared/gallery-protocol";
import { VirtualList } from "./list";

interface VsCodeApi {
  postMessage(message: GalleryToHost): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

interface ViewState {
  text: string;
  kind: GalleryKind | "all";
  /** The id of the row at the top of the list (the place a person scrolled to). */
  top?: string;
}

/** Builds the page into `root`; returns the handle the benchmark and the host messages use. */
export function mountGallery(root: HTMLElement, api: VsCodeApi, strings: unknown, lang: string): { receive(raw: unknown): void; list: VirtualList } {
  const t = galleryTranslator(strings);
  const saved = api.getState() as Partial<ViewState> | undefined;
  const state: ViewState = {
    text: typeof saved?.text === "string" ? saved.text : "",
    kind: (["all", "image", "video", "export"] as const).find((k) => k === saved?.kind) ?? "all",
    top: typeof saved?.top === "string" ? saved.top : undefined,
  };
  // The view is rebuilt each time it is shown again: the place is restored once that row is listed.
  let placePending = state.top !== undefined;
  let all: GalleryRow[] = [];
  let index = new Map<string, string>();
  let editAvailable = false;
  let scanning = true;

  const bar = document.createElement("div");
  bar.className = "g-bar";
  const search = document.createElement("input");
  search.type = "search";
  search.className = "g-search";
  search.placeholder = t("searchPlaceholder");
  search.setAttribute("aria-label", t("search"));
  search.value = state.text;
  const kind = document.createElement("select");
  kind.className = "g-kind";
  kind.setAttribute("aria-label", t("kind"));
  for (const [value, label] of [["all", t("kindAll")], ["image", t("kindImage")], ["video", t("kindVideo")], ["export", t("kindExport")]] as const) {
    const o = document.createElement("option");
    o.value = value;
    o.textContent = label;
    kind.append(o);
  }
  kind.value = state.kind;
  bar.append(search, kind);

  const status = document.createElement("div");
  status.className = "g-status";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");

  const empty = document.createElement("div");
  empty.className = "g-empty";
  const emptyText = document.createElement("p");
  const generate = document.createElement("button");
  generate.type = "button";
  generate.className = "g-generate";
  generate.textContent = t("generate");
  generate.addEventListener("click", () => api.postMessage({ type: "generate" }));
  empty.append(emptyText, generate);

  const list = new VirtualList({ t, lang, editAvailable }, t("listLabel"), (action: GalleryAction, row: GalleryRow) => api.postMessage({ type: "action", action, id: row.id }));
  // The footer: what the gallery lists (saved files; the chat's unsaved images are not files yet)
  // and the keys. Hidden when the view is too short for it (gallery.css), the rows go first.
  const hint = document.createElement("div");
  hint.className = "g-hint";
  const savedOnly = document.createElement("p");
  savedOnly.className = "g-saved-only";
  savedOnly.textContent = t("savedOnly");
  const keys = document.createElement("p");
  keys.textContent = t("keysHint");
  hint.append(savedOnly, keys);
  root.append(bar, status, empty, list.element, hint);

  const apply = (): void => {
    const shown = queryGallery(all, { text: state.text, kind: state.kind }, index);
    list.setRows(shown, { t, lang, editAvailable });
    const filtered = shown.length !== all.length;
    const count = filtered ? t("countFiltered", shown.length, all.length) : all.length === 1 ? t("countOne") : t("count", all.length);
    status.textContent = scanning ? (all.length === 0 ? t("scanning") : `${count} · ${t("scanning")}`) : count;
    const none = shown.length === 0 && !(scanning && all.length === 0);
    empty.hidden = !none;
    generate.hidden = filtered;
    emptyText.textContent = filtered ? t("emptyFiltered") : t("empty");
    list.element.hidden = shown.length === 0;
    // The empty state says it already.
    savedOnly.hidden = none && !filtered;
  };

  const remember = (): void => api.setState({ ...state });
  search.addEventListener("input", () => {
    state.text = search.value;
    remember();
    apply();
  });
  search.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown" && list.length) {
      e.preventDefault();
      list.focusCurrent();
    }
  });
  list.element.addEventListener(
    "scroll",
    () => {
      if (placePending) return;
      const top = list.topId();
      if (top === state.top) return;
      state.top = top;
      remember();
      list.element.dataset.place = top ?? ""; // what the view keeps (tests wait for it)
    },
    { passive: true },
  );
  kind.addEventListener("change", () => {
    state.kind = kind.value as ViewState["kind"];
    remember();
    apply();
  });

  apply();
  return {
    list,
    receive(raw: unknown): void {
      const msg = parseHostToGallery(raw);
      if (!msg) {
        console.warn("gallery: dropped a message that is not in the protocol");
        return;
      }
      if (msg.type === "focusSearch") {
        search.focus();
        return;
      }
      all = msg.items;
      index = new Map(all.map((r) => [r.id, searchableText(r)]));
      editAvailable = msg.editAvailable;
      scanning = msg.scanning;
      apply();
      if (placePending && state.top !== undefined && (list.scrollToId(state.top) || !scanning)) placePending = false;
    },
  };
}

if (typeof acquireVsCodeApi === "function") {
  const api = acquireVsCodeApi();
  const root = document.getElementById("gallery");
  if (root) {
    let strings: unknown = {};
    try {
      strings = JSON.parse(document.body.dataset.strings ?? "{}");
    } catch {
      console.warn("gallery: the strings table from the extension is not JSON");
    }
    const page = mountGallery(root, api, strings, document.documentElement.lang || "en");
    window.addEventListener("message", (e: MessageEvent) => page.receive(e.data));
    api.postMessage({ type: "ready" });
  }
}
