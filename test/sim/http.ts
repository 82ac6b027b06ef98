/** Small HTTP helpers shared by the route handlers. */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { RecordedRequest } from "./types";

/** Per-request context handed to every handler. */
export interface Ctx {
  req: IncomingMessage;
  res: ServerResponse;
  rec: RecordedRequest;
  url: URL;
  /** Set when the simulator itself destroys the socket (so it is not recorded as a client abort). */
  markServerDestroyed(): void;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

export function ok(res: ServerResponse, data: unknown): void {
  sendJson(res, 200, { code: 0, data, message: "success" });
}

/** A non-zero envelope code in a 200 body. */
export function fail(res: ServerResponse, code: number, message: string, headers: Record<string, string> = {}): void {
  sendJson(res, 200, { code, data: null, message }, headers);
}

/** An HTTP error status with an envelope body. */
export function failStatus(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  sendJson(res, status, { code: status, data: null, message }, headers);
}

export class BodyError extends Error {}

/** Read a (small) request body, counting its bytes into the record. */
export function readBody(ctx: Ctx, limit = 20 * 1024 * 1024): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    ctx.req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      ctx.rec.bodyBytes += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    ctx.req.on("end", () => (size > limit ? reject(new BodyError("body too large")) : resolve(Buffer.concat(chunks))));
    ctx.req.on("error", reject);
  });
}

/** Parse a JSON object body; undefined when it is not one. */
export async function readJsonObject(ctx: Ctx): Promise<Record<string, unknown> | undefined> {
  const body = await readBody(ctx);
  if (body.length === 0) return {};
  try {
    const value: unknown = JSON.parse(body.toString("utf8"));
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

export function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/** Flatten node's header object for the request log. */
export function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v !== undefined) out[k] = Array.isArray(v) ? v.join(", ") : v;
  }
  return out;
}

/** Cut the connection abruptly, after what was already written has been flushed (no chunked terminator). */
export function cutConnection(res: ServerResponse): void {
  const socket = res.socket;
  if (!socket) return void res.destroy();
  socket.end();
  setTimeout(() => socket.destroy(), 100).unref();
}

/** Read and discard the rest of the request body (counting it), so an early answer can still be read. */
export function drain(ctx: Ctx): void {
  if (ctx.req.readableEnded || ctx.req.listenerCount("data") > 0) return;
  ctx.req.on("data", (chunk: Buffer) => (ctx.rec.bodyBytes += chunk.length));
  ctx.req.on("error", () => undefined);
}
