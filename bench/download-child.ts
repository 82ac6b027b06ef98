/**
 * Child of bench/download.ts: one download of URL into DIR, timed. MODE=client uses the core's
 * download code (NemoClient.downloadMedia: temp file, fsync, size check, rename); MODE=bare uses bare Node
 * (undici.request piped to a file) as a reference. Prints one JSON line; deletes the file.
 */
import { createWriteStream, promises as fs } from "node:fs";
import * as path from "node:path";
import { pipeline } from "node:stream/promises";
import { request } from "undici";
import { NemoClient } from "../src/core/client";
import { MemoryStore } from "../src/core/support";
import { startMemProbe } from "./child-mem";

async function run(): Promise<void> {
  const url = process.env.URL ?? "";
  const dir = process.env.DIR ?? "";
  const mode = process.env.MODE ?? "client";
  let progressCalls = 0;
  const client = new NemoClient({
    apiUrl: new URL(url).origin,
    webUrl: "https://web.example.test",
    platform: "cli",
    version: "bench",
    language: "en",
    globalStore: new MemoryStore(),
    workspaceStore: new MemoryStore(),
    secrets: new MemoryStore(),
    env: {},
  });
  if (mode === "client") await client.ensureToken(); // not timed: the download itself is
  const stop = startMemProbe();
  const t0 = performance.now();
  let file: string;
  let bytes: number;
  if (mode === "client") {
    file = await client.downloadMedia(
      { url, kind: "unknown", key: url, name: "bench-download.bin" },
      { outDir: dir, fileName: "bench-download.bin", onProgress: () => progressCalls++ },
    );
    bytes = (await fs.stat(file)).size;
  } else {
    const res = await request(url);
    file = path.join(dir, "bench-download-bare.bin");
    await pipeline(res.body, createWriteStream(file));
    bytes = (await fs.stat(file)).size;
  }
  const ms = performance.now() - t0;
  const mem = stop();
  await fs.rm(file, { force: true });
  process.stdout.write(`${JSON.stringify({ ms, bytes, progressCalls, ...mem })}\n`);
}

run().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
