/**
 * The one place that calls undici: a request with the given dispatcher and signal, whose
 * failures come back as NemoErrors (abort → CancelledError, socket trouble → NetworkError).
 */
import type { Readable } from "node:stream";
import { request, type Dispatcher } from "undici";
import { CancelledError, isAbortError, NetworkError, type NemoError, toNemoError, phrase } from "../errors";
import { proxyFailure } from "../proxy";

export type HttpMethod = "GET" | "POST";

export interface SendInit {
  method: HttpMethod;
  url: string;
  headers: Record<string, string>;
  body?: string | Readable;
  signal?: AbortSignal;
  dispatcher?: Dispatcher;
  /** 0 disables undici's idle timeout between body chunks (SSE). Default: undici's. */
  bodyTimeoutMs?: number;
  headersTimeoutMs?: number;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Dispatcher.ResponseData["body"];
}

export async function send(init: SendInit): Promise<HttpResponse> {
  if (init.signal?.aborted) throw new CancelledError(init.signal.reason);
  try {
    const res = await request(init.url, {
      method: init.method,
      headers: init.headers,
      body: init.body,
      signal: init.signal,
      dispatcher: init.dispatcher,
      bodyTimeout: init.bodyTimeoutMs,
      headersTimeout: init.headersTimeoutMs,
    });
    return { status: res.statusCode, headers: res.headers, body: res.body };
  } catch (err) {
    if (!init.signal?.aborted) {
      const viaProxy = proxyFailure(err, init.dispatcher);
      if (viaProxy) throw viaProxy;
    }
    throw transportError(err, init.signal);
  }
}

/** Map an error thrown while sending or reading a body. */
export function transportError(err: unknown, signal?: AbortSignal): NemoError {
  if (signal?.aborted || isAbortError(err)) return new CancelledError(err);
  const mapped = toNemoError(err);
  if (mapped instanceof NetworkError) return mapped;
  const code = typeof err === "object" && err !== null ? (err as { code?: unknown }).code : undefined;
  if (code === undefined && err instanceof Error && /socket|closed|terminated|ECONN/i.test(err.message)) {
    return new NetworkError("NETWORK", {
      cause: err,
      userMessage: phrase("The connection to the NemoVideo service was interrupted."),
      nextStep: phrase("Check your connection or proxy settings and try again."),
    });
  }
  return mapped;
}

/** First value of a header. */
export function headerValue(headers: HttpResponse["headers"], name: string): string | undefined {
  const v = headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/** Read a (small) body as text, at most `limit` bytes; the rest is discarded. */
export async function readText(body: HttpResponse["body"], signal?: AbortSignal, limit = 4 * 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      if (size < limit) chunks.push(chunk);
      size += chunk.length;
    }
  } catch (err) {
    throw transportError(err, signal);
  }
  return Buffer.concat(chunks).subarray(0, limit).toString("utf8");
}
