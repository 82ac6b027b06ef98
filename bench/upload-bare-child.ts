/**
 * Reference child of bench/upload.ts: the same multipart upload with bare Node (undici.request,
 * fs stream, no client), to separate the client's own cost from Node's; warmed like the client child.
 * Prints one JSON line.
 * Env: SIM_URL, HEADERS (JSON), SESSION ({sessionId}), FILE.
 */
import { createReadStream, statSync } from "node:fs";
import { Readable } from "node:stream";
import { request } from "undici";
import { startMemProbe } from "./child-mem";

async function run(): Promise<void> {
  const env = process.env;
  const file = env.FILE ?? "";
  const sessionId = (JSON.parse(env.SESSION ?? "{}") as { sessionId?: string }).sessionId ?? "";
  const headers = JSON.parse(env.HEADERS ?? "{}") as Record<string, string>;
  const size = statSync(file).size;
  const boundary = "----nemobench0123456789";
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="bench.mp4"\r\nContent-Type: video/mp4\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  async function* parts(): AsyncGenerator<Buffer> {
    yield head;
    for await (const chunk of createReadStream(file, { highWaterMark: 256 * 1024 })) yield chunk as Buffer;
    yield tail;
  }
  // Warm the connection first, like the client child (its credits() call): measured cold, the
  // same upload shows ~20 MB less peak RSS growth, which made bare Node look leaner than it is.
  const warm = await request(`${env.SIM_URL}/api/credits/balance/simple`, { headers });
  await warm.body.text();
  const stop = startMemProbe();
  const t0 = performance.now();
  const res = await request(`${env.SIM_URL}/api/upload-video/nemo_agent/me/${encodeURIComponent(sessionId)}`, {
    method: "POST",
    headers: { ...headers, "content-type": `multipart/form-data; boundary=${boundary}`, "content-length": String(head.length + size + tail.length) },
    body: Readable.from(parts(), { objectMode: false }),
  });
  const text = await res.body.text();
  const ms = performance.now() - t0;
  const mem = stop();
  if (res.statusCode !== 200 || !text.includes('"code":0')) throw new Error(`upload failed: HTTP ${res.statusCode}`);
  process.stdout.write(`${JSON.stringify({ ms, progressCalls: 0, ...mem })}\n`);
}

run().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
