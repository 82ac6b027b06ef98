/** The node:http server: records every request, applies queued faults, dispatches to the handlers. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createTlsServer } from "node:https";
import { handleControl, type ControlHooks } from "./control";
import type { Ctx } from "./http";
import { drain, fail, failStatus, flatHeaders, header } from "./http";
import { serveBlob, serveMedia } from "./media";
import { cancelRender, downloadRender, pollRender, submitRender } from "./renders";
import { anonymousToken, claimToken, createSession, credits, sessionState } from "./rest";
import { handleRunSse } from "./sse";
import type { Fault, RecordedRequest, RouteName } from "./types";
import { handleUpload } from "./uploads";
import type { World } from "./world";

type Handler = (ctx: Ctx, world: World, params: string[], fault: Fault | undefined) => void | Promise<void>;

interface RouteDef {
  method: string;
  pattern: RegExp;
  name: Exclude<RouteName, "any">;
  handle: Handler;
}

const cutOf = (f: Fault | undefined): number | undefined => (f?.type === "cut" ? f.afterBytes : undefined);

const ROUTES: RouteDef[] = [
  { method: "POST", pattern: /^\/api\/auth\/anonymous-token$/, name: "anonymous-token", handle: (c, w, _p, f) => anonymousToken(c, w, f?.type === "expired-at") },
  { method: "POST", pattern: /^\/api\/tasks\/([^/]+)\/with-session\/nemo_agent$/, name: "create-session", handle: (c, w) => createSession(c, w) },
  { method: "POST", pattern: /^\/api\/auth\/claim-token$/, name: "claim-token", handle: (c, w) => claimToken(c, w) },
  { method: "POST", pattern: /^\/run_sse$/, name: "run_sse", handle: (c, w, _p, f) => handleRunSse(c, w, f) },
  { method: "POST", pattern: /^\/api\/upload-video\/nemo_agent\/([^/]+)\/([^/]+)$/, name: "upload", handle: (c, w, p, f) => handleUpload(c, w, p[0], p[1], f?.type === "upload-files") },
  { method: "GET", pattern: /^\/api\/credits\/balance\/simple$/, name: "credits", handle: (c, w) => credits(c, w) },
  { method: "GET", pattern: /^\/api\/state\/nemo_agent\/([^/]+)\/([^/]+)\/latest$/, name: "state", handle: (c, w, p) => sessionState(c, w, p[0], p[1]) },
  { method: "POST", pattern: /^\/api\/render\/proxy\/lambda$/, name: "render-submit", handle: (c, w, _p, f) => submitRender(c, w, f) },
  { method: "POST", pattern: /^\/api\/render\/proxy\/lambda\/([^/]+)\/cancel$/, name: "render-cancel", handle: (c, w, p) => cancelRender(c, w, p[0]) },
  { method: "GET", pattern: /^\/api\/render\/proxy\/lambda\/([^/]+)$/, name: "render-poll", handle: (c, w, p, f) => pollRender(c, w, p[0], f) },
  { method: "GET", pattern: /^\/api\/render\/proxy\/([^/]+)\/download$/, name: "render-download", handle: (c, w, p, f) => downloadRender(c, w, p[0], f) },
  { method: "GET", pattern: /^\/media\/([^/]+)$/, name: "media", handle: (c, w, p, f) => serveMedia(c, w.media, p[0], cutOf(f)) },
  { method: "GET", pattern: /^\/__sim\/blob$/, name: "blob", handle: (c, w, _p, f) => serveBlob(c, w.settings.seed, cutOf(f)) },
];

const SKILL_HEADERS = ["x-skill-source", "x-skill-version", "x-skill-platform"];

function record(req: IncomingMessage, res: ServerResponse, path: string, route: string): { rec: RecordedRequest; markServerDestroyed(): void } {
  const rec: RecordedRequest = {
    method: req.method ?? "GET",
    path,
    headers: flatHeaders(req),
    receivedAt: Date.now(),
    aborted: false,
    bodyBytes: 0,
    route,
    missingSkillHeaders: SKILL_HEADERS.filter((h) => !header(req, h)),
  };
  let serverDestroyed = false;
  res.on("close", () => {
    if (!res.writableFinished && !serverDestroyed) rec.aborted = true;
  });
  return { rec, markServerDestroyed: () => (serverDestroyed = true) };
}

/** Real ms; ends early when the client goes away or the simulator resets or closes (no timer left behind). */
function delay(ms: number, signal: AbortSignal, res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      res.off("close", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
    res.once("close", done);
  });
}

async function dispatch(world: World, hooks: ControlHooks, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  const path = url.pathname;
  const match = ROUTES.map((r) => ({ r, m: r.pattern.exec(path) })).find((x) => x.m !== null);
  const isControl = path.startsWith("/__sim/") && match?.r.name !== "blob";
  const { rec, markServerDestroyed } = record(req, res, req.url ?? "/", isControl ? "control" : (match?.r.name ?? "unknown"));
  const ctx: Ctx = { req, res, rec, url, markServerDestroyed };
  if (isControl) {
    if (!(await handleControl(ctx, world, hooks))) failStatus(res, 404, `No control endpoint ${req.method} ${path}`);
    return;
  }
  world.requests.push(rec);
  if (!match || !match.m) return (drain(ctx), failStatus(res, 404, `No route ${req.method} ${path}`));
  const allowed = match.r.method === "GET" ? ["GET", "HEAD"] : [match.r.method];
  if (!allowed.includes(req.method ?? "")) return (drain(ctx), failStatus(res, 405, `Use ${match.r.method} for ${path}`, { Allow: match.r.method }));
  const params = match.m.slice(1).map((p) => decodeURIComponent(p));

  let fault = world.faults.take(match.r.name);
  if (fault?.type === "slow") {
    await delay(fault.ms, world.signal, res);
    if (res.destroyed) return; // the client gave up meanwhile (the request is recorded as aborted)
    fault = undefined;
  }
  if (fault?.type === "code") return (drain(ctx), fail(res, fault.code, `Simulated error ${fault.code}`));
  if (fault?.type === "status") {
    drain(ctx);
    const retryAfter = fault.retryAfter ?? (fault.status === 429 ? 30 : undefined);
    const headers: Record<string, string> = retryAfter === undefined ? {} : { "Retry-After": String(retryAfter) };
    if (fault.html) return htmlPage(res, fault.status, `<html><head><title>${fault.status}</title></head><body><h1>${fault.status} from the proxy</h1></body></html>`, headers);
    return failStatus(res, fault.status, fault.message ?? `Simulated HTTP ${fault.status}`, headers);
  }
  if (fault?.type === "html") {
    drain(ctx);
    return htmlPage(res, 200, "<!doctype html><html><body><form>Sign in to the network to continue</form></body></html>");
  }
  await match.r.handle(ctx, world, params, fault);
}

function htmlPage(res: ServerResponse, status: number, html: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "Content-Type": "text/html; charset=utf-8", "Content-Length": String(Buffer.byteLength(html)), ...headers });
  res.end(html);
}

/** HTTP, or HTTPS with `tls` (a test's self-signed certificate). */
export function createSimServer(world: World, hooks: ControlHooks, tls?: { cert: string; key: string }): Server {
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    dispatch(world, hooks, req, res).catch((err: unknown) => {
      if (!res.headersSent) failStatus(res, 500, `Simulator error: ${err instanceof Error ? err.message : String(err)}`);
      else res.destroy();
    });
  };
  return tls ? createTlsServer({ cert: tls.cert, key: tls.key }, handler) : createServer(handler);
}
