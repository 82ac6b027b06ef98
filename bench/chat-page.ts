/**
 * Drives the real chat webview bundle (dist/webview) in headless Chromium against the real host
 * logic (ChatController + NemoClient + the simulator), without an editor: `acquireVsCodeApi` is a
 * shim that forwards to the controller, and host notifications are posted into the page. Used by
 * bench/chat-latency.ts.
 */
import { promises as fs } from "node:fs";
import * as http from "node:http";
import * as os from "node:os";
import * as path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import type { Dispatcher } from "undici";
import type { Timing } from "../src/core/api";
import { NemoClient } from "../src/core/client";
import { silentLogger } from "../src/core/support";
import { route } from "../src/core/prompt";
import { MemoryStore } from "../src/core/support";
import { ChatController } from "../src/extension/chat/controller";
import { errorInfo } from "../src/extension/chat/localize";
import { ChatHistoryStore } from "../src/extension/chat/history-store";
import { chatHtml } from "../src/extension/chat/html";
import { toNemoError } from "../src/core/errors";
import { makeResponse, parseRequest } from "../src/shared/protocol";
import { fakeChatPorts } from "../test/unit/chat-ports-fake";

const ROOT = path.resolve(__dirname, "..");
const WEBVIEW = path.join(ROOT, "dist", "webview");
const TYPES: Record<string, string> = { ".js": "text/javascript", ".css": "text/css", ".ttf": "font/ttf", ".html": "text/html" };

export interface ChatPage {
  page: Page;
  controller: ChatController;
  store: ChatHistoryStore;
  dir: string;
  /** Where the page is served. */
  url: string;
  close(): Promise<void>;
}

async function serve(html: () => string): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const name = (req.url ?? "/").split("?")[0];
    if (name === "/" || name === "/index.html") {
      res.writeHead(200, { "content-type": "text/html" }).end(html());
      return;
    }
    const file = path.join(WEBVIEW, path.normalize(name).replace(/^([/\\])+/, ""));
    if (!file.startsWith(WEBVIEW)) return void res.writeHead(404).end();
    fs.readFile(file).then(
      (body) => res.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream" }).end(body),
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const addr = server.address() as { port: number };
  return { url: `http://127.0.0.1:${addr.port}`, close: () => new Promise((r) => server.close(() => r())) };
}

export interface ChatPageOptions {
  apiUrl: string;
  historyFile?: string;
  theme?: "dark" | "light";
  /** undici dispatcher for the client (the bench taps the SSE stream with it). */
  dispatcher?: Dispatcher;
  timing?: Partial<Timing>;
  /** Sees every notification the host posts, when it posts it. */
  onPost?: (message: object) => void;
}

export async function openChatPage(opts: ChatPageOptions): Promise<ChatPage> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "chat-page-"));
  const client = new NemoClient({
    apiUrl: opts.apiUrl,
    webUrl: "http://127.0.0.1:9",
    platform: "bench",
    version: "0.0.0",
    language: "en",
    globalStore: new MemoryStore(),
    workspaceStore: new MemoryStore(),
    secrets: new MemoryStore(),
    env: {},
    logger: silentLogger,
    dispatcher: opts.dispatcher,
    timing: opts.timing,
  });
  const store = new ChatHistoryStore(opts.historyFile ?? path.join(dir, "chat.json"), { logger: silentLogger });
  await store.load();
  const browser: Browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"],
  });
  const page: Page = await browser.newPage({ colorScheme: opts.theme ?? "dark" });
  let ready = false;
  const post = (m: object): void => {
    opts.onPost?.(m);
    if (ready) void page.evaluate((msg) => window.postMessage(msg, "*"), m).catch(() => undefined);
  };
  const controller = new ChatController({
    client,
    logger: silentLogger,
    store,
    route: (t) => route(t),
    ports: fakeChatPorts(dir, {
      post,
      previewUri: () => undefined,
      uriToPath: (u) => (u.startsWith("file://") ? decodeURIComponent(new URL(u).pathname) : undefined),
    }),
  });
  const site = await serve(() =>
    chatHtml({ cspSource: site.url, scriptUri: "/main.js", styleUri: "/style.css", codiconUri: "/codicon.css", title: "chat", lang: "en" }),
  );
  page.on("framenavigated", (f) => {
    if (f === page.mainFrame()) ready = false;
  });
  await page.exposeFunction("__chatToHost", async (raw: unknown) => {
    const req = parseRequest(raw);
    if (!req.ok) return;
    if (req.value.method === "ready") ready = true;
    try {
      const result = await controller.handle(req.value);
      post(makeResponse(req.value.id, { ok: true, result }));
    } catch (err) {
      post(makeResponse(req.value.id, { ok: false, error: errorInfo(toNemoError(err)) }));
    }
  });
  // A string, not a function: the test runner's transpiler would add helpers the page lacks.
  await page.addInitScript(
    "window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__chatToHost(m), getState: () => undefined, setState: () => undefined });",
  );
  return {
    page,
    controller,
    store,
    dir,
    url: site.url,
    close: async () => {
      controller.cancel();
      await store.flush();
      await browser.close();
      await site.close();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

/** (Re)load the page and wait until the webview rendered the history it got after `ready`. */
export async function loadChat(p: ChatPage): Promise<void> {
  await p.page.goto(`${p.url}/`, { waitUntil: "load" });
  await p.page.locator(".composer").waitFor({ state: "visible" });
}
