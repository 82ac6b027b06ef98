/**
 * The one place that calls undici: a request with the given dispatcher and signal, whose
 * failures come back as NemoErrors (abort → CancelledError, socket trouble → NetworkError).
 */
import { pipeline, type Readable } from "node:stream";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";
import { request, type Dispatcher } from "undici";
import { CancelledError, isAbortError, NetworkError, type NemoError, toNemoError, phrase } from "../errors";
import { proxyFailure } from "./proxy";

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

/**
 * The body with its Content-Encoding (gzip, deflate, br) undone — a proxy or server may compress even
 * an SSE stream without being asked. Unknown encodings are left as they are (the reader then fails to
 * parse and says so). Decoding streams: an SSE event is readable as soon as its bytes arrive.
 */
export function decodedBody(res: HttpResponse): HttpResponse {
  const encoding = headerValue(res.headers, "content-encoding")?.trim().toLowerCase();
  const decoder =
    encoding === "gzip" || encoding === "x-gzip"
      ? createGunzip()
      : encoding === "deflate"
        ? createInflate()
        : encoding === "br"
          ? createBrotliDecompress()
          : undefined;
  if (!decoder) return res;
  const headers = { ...res.headers };
  delete headers["content-encoding"];
  delete headers["content-length"];
  const body = pipeline(res.body, decoder, () => undefined);
  // The decoder has the Readable side of the body (iteration, destroy, pipe); callers use no more.
  return { status: res.status, headers, body: body as unknown as HttpResponse["body"] };
}
