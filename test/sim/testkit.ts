/** Raw-HTTP helpers for tests that talk to the simulator directly (no project client involved). */
import { request as httpRequest } from "node:http";

export const SKILL = { "X-Skill-Source": "image-generation-generator", "X-Skill-Version": "0.1.0", "X-Skill-Platform": "test" };

export interface Envelope<T = Record<string, unknown>> {
  code: number;
  data: T;
  message?: string;
}

export interface RawResponse {
  status: number;
  headers: Headers;
  json: Envelope;
}

export async function call(base: string, method: string, path: string, opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<RawResponse> {
  const headers: Record<string, string> = { ...SKILL, ...(opts.headers ?? {}) };
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers["Content-Type"] = "application/json";
  const res = await fetch(base + path, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  return { status: res.status, headers: res.headers, json: (await res.json()) as Envelope };
}

export async function newToken(base: string, clientId = `client-${Math.random().toString(36).slice(2)}`): Promise<string> {
  const r = await call(base, "POST", "/api/auth/anonymous-token", { headers: { "X-Client-Id": clientId } });
  return String(r.json.data.token);
}

export async function newSession(base: string, token: string, language = "en"): Promise<string> {
  const r = await call(base, "POST", "/api/tasks/me/with-session/nemo_agent", { token, body: { task_name: "project", language } });
  return String(r.json.data.session_id);
}

export async function getState(base: string, token: string, sid: string): Promise<Record<string, unknown>> {
  const r = await call(base, "GET", `/api/state/nemo_agent/me/${sid}/latest`, { token });
  return r.json.data.state as Record<string, unknown>;
}

export interface SseBlock {
  kind: "event" | "comment" | "empty" | "malformed";
  raw: string;
  event?: Record<string, unknown>;
}

/** Split an SSE body into blocks: JSON events, `: ping` comments, empty `data:` lines, broken JSON. */
export function parseSse(text: string): SseBlock[] {
  return text
    .split("\n\n")
    .filter((b) => b.length > 0)
    .map((raw): SseBlock => {
      if (raw.startsWith(":")) return { kind: "comment", raw };
      const data = raw
        .split("\n")
        .filter((l) => l.startsWith("data:"))
        .map((l) => l.slice(5).replace(/^ /, ""))
        .join("\n");
      if (data === "") return { kind: "empty", raw };
      try {
        return { kind: "event", raw, event: JSON.parse(data) as Record<string, unknown> };
      } catch {
        return { kind: "malformed", raw };
      }
    });
}

export function sseBody(sid: string, text: string): unknown {
  return { app_name: "nemo_agent", user_id: "me", session_id: sid, new_message: { parts: [{ text }] } };
}

/** POST /run_sse; `onChunk` sees the text as it arrives. Resolves with the whole body and whether it ended cleanly. */
export async function runSse(base: string, token: string, sid: string, message: string, onChunk?: (soFar: string) => void | Promise<void>): Promise<{ status: number; contentType: string; text: string; clean: boolean }> {
  const res = await fetch(`${base}/run_sse`, {
    method: "POST",
    headers: { ...SKILL, Authorization: `Bearer ${token}`, "Content-Type": "application/json", Accept: "text/event-stream" },
    body: JSON.stringify(sseBody(sid, message)),
  });
  const contentType = res.headers.get("content-type") ?? "";
  let text = "";
  let clean = true;
  try {
    const decoder = new TextDecoder();
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      text += decoder.decode(chunk, { stream: true });
      await onChunk?.(text);
    }
  } catch {
    clean = false;
  }
  return { status: res.status, contentType, text, clean };
}

/** Texts of the partial pieces and of the final (non-partial, turnComplete) events. */
export function texts(blocks: SseBlock[]): { partial: string; finals: string[] } {
  let partial = "";
  const finals: string[] = [];
  for (const b of blocks) {
    const ev = b.event as { partial?: boolean; content?: { parts?: { text?: string }[] } } | undefined;
    const text = (ev?.content?.parts ?? []).map((p) => p.text ?? "").join("");
    if (!ev || !text) continue;
    if (ev.partial) partial += text;
    else finals.push(text);
  }
  return { partial, finals };
}

/**
 * Stream a multipart upload of generated files with node:http, chunk by chunk (nothing is held whole).
 * `produce(i, n)` returns the bytes of file i at chunk n, or undefined when that file is done.
 */
export function streamUpload(
  base: string,
  token: string,
  sid: string,
  files: { name: string; produce: (n: number) => Buffer | undefined }[],
): Promise<{ status: number; json: Envelope; sentBytes: number }> {
  const boundary = `----simtest${Date.now().toString(16)}`;
  const url = new URL(`${base}/api/upload-video/nemo_agent/me/${sid}`);
  return new Promise((resolve, reject) => {
    let sentBytes = 0;
    let answered = false;
    const req = httpRequest(url, { method: "POST", headers: { ...SKILL, Authorization: `Bearer ${token}`, "Content-Type": `multipart/form-data; boundary=${boundary}` } });
    req.on("response", (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString("utf8")) as Envelope, sentBytes }));
    });
    req.on("error", (err) => (answered ? undefined : reject(err)));
    const write = (buf: Buffer): Promise<void> =>
      new Promise((ok) => {
        sentBytes += buf.length;
        if (req.write(buf)) setImmediate(ok);
        else req.once("drain", () => ok());
      });
    void (async () => {
      for (const f of files) {
        await write(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${f.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`));
        for (let n = 0; !answered; n++) {
          const piece = f.produce(n);
          if (!piece) break;
          await write(piece);
        }
        await write(Buffer.from("\r\n"));
        if (answered) break;
      }
      req.end(`--${boundary}--\r\n`);
    })();
  });
}
