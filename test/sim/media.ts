/** Media served at GET /media/<name> (no auth, like a CDN) and byte streaming with the "cut" fault. */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { ServerResponse } from "node:http";
import type { Ctx } from "./http";
import { cutConnection, failStatus } from "./http";

export interface MediaItem {
  data: Buffer;
  mime: string;
}

function findFixture(name: string): Buffer {
  const candidates = [
    join(__dirname, "..", "fixtures", name), // test/sim -> test/fixtures (tsx)
    join(__dirname, "..", "test", "fixtures", name), // dist -> test/fixtures (bundle)
    join(process.cwd(), "test", "fixtures", name),
  ];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`Simulator fixture ${name} not found (looked in ${candidates.join(", ")})`);
  return readFileSync(found);
}

/**
 * `mp4`: a short generated clip; `exportMp4`: what a render of a landscape timeline delivers (2 s,
 * 1920×1080, H.264 + AAC); `exportPortraitMp4`: the same for a portrait timeline (2 s, 1080×1920);
 * `jpg`: an upload sample.
 */
export interface Fixtures {
  mp4: Buffer;
  exportMp4: Buffer;
  exportPortraitMp4: Buffer;
  jpg: Buffer;
}

let fixtureCache: Fixtures | undefined;

export function fixtures(): Fixtures {
  fixtureCache ??= {
    mp4: findFixture("sample.mp4"),
    exportMp4: findFixture("export-1080p.mp4"),
    exportPortraitMp4: findFixture("export-1080x1920.mp4"),
    jpg: findFixture("sample.jpg"),
  };
  return fixtureCache;
}

export class MediaStore {
  private readonly items = new Map<string, MediaItem>();

  put(name: string, data: Buffer, mime: string): void {
    this.items.set(name, { data, mime });
  }

  get(name: string): MediaItem | undefined {
    return this.items.get(name);
  }

  /** Every item by name (the state file). */
  entries(): [string, MediaItem][] {
    return [...this.items];
  }

  reset(): void {
    this.items.clear();
  }
}

/** Write `total` bytes produced by `fill`, honouring back-pressure; destroy the socket after `cutAfter` bytes. */
export function streamBytes(
  ctx: Ctx,
  total: number,
  fill: (offset: number, length: number) => Buffer,
  headers: Record<string, string>,
  cutAfter?: number,
): void {
  const res: ServerResponse = ctx.res;
  res.writeHead(200, { "Content-Length": String(total), ...headers });
  if (ctx.req.method === "HEAD") {
    res.end();
    return;
  }
  const limit = cutAfter === undefined ? total : Math.min(total, Math.max(0, cutAfter));
  let offset = 0;
  const pump = (): void => {
    while (offset < limit) {
      const len = Math.min(64 * 1024, limit - offset);
      const piece = fill(offset, len);
      offset += len;
      if (!res.write(piece)) {
        res.once("drain", pump);
        return;
      }
    }
    if (limit < total) {
      ctx.markServerDestroyed();
      cutConnection(res);
    } else {
      res.end();
    }
  };
  res.on("close", () => res.removeListener("drain", pump));
  pump();
}

export function serveBuffer(ctx: Ctx, item: MediaItem, cutAfter?: number, extra: Record<string, string> = {}): void {
  streamBytes(ctx, item.data.length, (o, l) => item.data.subarray(o, o + l), { "Content-Type": item.mime, ...extra }, cutAfter);
}

export function serveMedia(ctx: Ctx, store: MediaStore, name: string, cutAfter?: number): void {
  const item = store.get(name);
  if (!item) return failStatus(ctx.res, 404, "media not found");
  serveBuffer(ctx, item, cutAfter, { "Cache-Control": "public, max-age=86400" });
}

/** GET /__sim/blob?bytes=N: N pseudo-random bytes without allocating N bytes. */
export function serveBlob(ctx: Ctx, seed: number, cutAfter?: number): void {
  const bytes = Number(ctx.url.searchParams.get("bytes") ?? "0");
  if (!Number.isSafeInteger(bytes) || bytes < 0) return failStatus(ctx.res, 400, "bytes must be a non-negative integer");
  const block = Buffer.alloc(64 * 1024);
  let x = (seed ^ 0x9e3779b9) >>> 0 || 1;
  for (let i = 0; i < block.length; i += 4) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    block.writeUInt32LE(x, i);
  }
  const fill = (offset: number, length: number): Buffer => {
    const start = offset % block.length;
    if (start + length <= block.length) return block.subarray(start, start + length);
    return Buffer.concat([block.subarray(start), block.subarray(0, length - (block.length - start))]);
  };
  streamBytes(ctx, bytes, fill, { "Content-Type": "application/octet-stream" }, cutAfter);
}
