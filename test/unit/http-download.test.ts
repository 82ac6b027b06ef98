import * as assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { CancelledError, NemoError } from "../../src/core/errors";
import { makeClient, rejection, scriptedServer, waitFor } from "../integration/client-helpers";

describe("http downloads (scripted servers)", () => {
  let api: Awaited<ReturnType<typeof scriptedServer>>;
  let cdn: Awaited<ReturnType<typeof scriptedServer>>;
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "nemo-dl-"));
    cdn = await scriptedServer([], (req) =>
      req.url === "/img/final.png" ? { type: "image/png", body: "PNGDATA" } : { status: 404, type: "text/plain", body: "nope" },
    );
    api = await scriptedServer([], (req) => {
      if (req.url === "/media/a") return { status: 302, body: "", headers: { location: `${cdn.url}/img/final.png` } };
      if (req.url === "/media/loop") return { status: 302, body: "", headers: { location: "/media/loop" } };
      if (req.url === "/media/file") return { status: 302, body: "", headers: { location: "file:///etc/passwd" } };
      return undefined;
    });
  });
  afterEach(async () => {
    await api.close();
    await cdn.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it("follows a redirect off the API origin without carrying credentials", async () => {
    const t = makeClient(api.url, { env: { NEMO_TOKEN: "nmv_usr_secret", NEMO_CLIENT_ID: "cid" } });
    const saved = await t.client.downloadMedia({ url: `${api.url}/media/a`, kind: "image", key: "a", name: "sunset" }, { outDir: dir });
    assert.equal(saved, path.join(dir, "sunset.png"));
    assert.equal(await fs.readFile(saved, "utf8"), "PNGDATA");
    assert.equal(api.seen[0].headers.authorization, "Bearer nmv_usr_secret");
    assert.equal(cdn.seen.length, 1);
    assert.equal(cdn.seen[0].headers.authorization, undefined);
    assert.equal(cdn.seen[0].headers["x-client-id"], undefined);
  });

  it("gives up on redirect loops, non-http redirects and error statuses, writing nothing", async () => {
    const t = makeClient(api.url, { env: { NEMO_TOKEN: "nmv_usr_secret" } });
    for (const url of [`${api.url}/media/loop`, `${api.url}/media/file`, `${cdn.url}/missing.png`]) {
      const err = await rejection(() => t.client.downloadMedia({ url, kind: "image", key: url }, { outDir: dir }));
      assert.ok(err instanceof NemoError && err.code === "DOWNLOAD_FAILED", `${url}: ${String(err)}`);
    }
    assert.equal(api.seen.filter((s) => s.url === "/media/loop").length, 6);
    assert.deepEqual(await fs.readdir(dir), []);
  });

  it("saves a multi-chunk body byte for byte, with monotonic progress ending at the total and no temp file", async () => {
    const body = Buffer.alloc(3 * 1024 * 1024 + 123);
    for (let i = 0; i < body.length; i++) body[i] = (i * 31 + (i >> 11)) & 0xff;
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { "content-type": "video/mp4", "content-length": String(body.length) });
      let at = 0;
      const next = (): void => {
        if (at >= body.length) return void res.end();
        const piece = body.subarray(at, at + 64 * 1024 + 7);
        at += piece.length;
        if (res.write(piece)) setImmediate(next);
        else res.once("drain", next);
      };
      next();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const t = makeClient(api.url, { env: { NEMO_TOKEN: "nmv_usr_secret" } });
      const seen: number[] = [];
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/clip.mp4`;
      const saved = await t.client.downloadMedia({ url, kind: "video", key: "c" }, { outDir: dir, onProgress: (p) => seen.push(p.receivedBytes) });
      assert.ok((await fs.readFile(saved)).equals(body));
      assert.deepEqual(seen, [...seen].sort((a, b) => a - b));
      assert.equal(seen[0], 0);
      assert.equal(seen[seen.length - 1], body.length);
      assert.ok(seen.length > 3 && seen.length <= 102, `progress calls: ${seen.length}`);
      assert.deepEqual(await fs.readdir(dir), [path.basename(saved)]);

      // A progress callback that throws fails that download cleanly: its error, no file left.
      const boom = new Error("progress sink broke");
      const err = await rejection(() =>
        t.client.downloadMedia({ url, kind: "video", key: "d" }, { outDir: dir, fileName: "second.mp4", onProgress: (p) => {
          if (p.receivedBytes > 0) throw boom;
        } }),
      );
      assert.ok(err === boom || (err instanceof NemoError && err.code === "DOWNLOAD_FAILED"), String(err));
      assert.deepEqual(await fs.readdir(dir), [path.basename(saved)]);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it("abort mid-body deletes the temp file and the connection is closed", async () => {
    let closed = false;
    const slow = http.createServer((_req, res) => {
      res.writeHead(200, { "content-type": "video/mp4", "content-length": String(1024 * 1024) });
      res.write(Buffer.alloc(300 * 1024)); // past the first progress step, then stall
      res.on("close", () => (closed = true));
    });
    await new Promise<void>((r) => slow.listen(0, "127.0.0.1", r));
    try {
      const t = makeClient(api.url, { env: { NEMO_TOKEN: "nmv_usr_secret" } });
      const ac = new AbortController();
      const url = `http://127.0.0.1:${(slow.address() as AddressInfo).port}/v.mp4`;
      let sawPartFile = false;
      // Bytes are counted before the write stream has opened its file (it opens asynchronously,
      // later still on a loaded machine): wait for the .part file to appear, then abort, once.
      let looked = false;
      const isPart = (n: string): boolean => /^\.v\.mp4\.[0-9a-f]+\.part$/.test(n);
      const err = await rejection(() =>
        t.client.downloadMedia(
          { url, kind: "video", key: "v" },
          {
            outDir: dir,
            signal: ac.signal,
            onProgress: (p) => {
              if (p.receivedBytes > 0 && !looked) {
                looked = true;
                void waitFor(async () => (await fs.readdir(dir)).some(isPart), "the .part file in the target folder", 10_000)
                  .then(() => (sawPartFile = true), () => undefined)
                  .finally(() => ac.abort());
              }
            },
          },
        ),
      );
      assert.ok(err instanceof CancelledError, String(err));
      assert.ok(sawPartFile, "the body was streaming into a .part file in the target folder");
      assert.deepEqual(await fs.readdir(dir), []);
      await waitFor(() => closed, "the server saw the connection close");
    } finally {
      slow.closeAllConnections();
      await new Promise<void>((r) => slow.close(() => r()));
    }
  });
});
