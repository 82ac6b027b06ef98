import * as assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { appendFileSync, promises as fs, truncateSync, unlinkSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startSimulator, type Simulator } from "../sim/index";
import { CancelledError, InputError } from "../../src/core/errors";
import type { UploadProgress } from "../../src/core/types";
import { makeClient, rejection, waitFor } from "./client-helpers";

async function writeFile(file: string, mb: number): Promise<string> {
  const hash = createHash("sha256");
  const fh = await fs.open(file, "w");
  const block = randomBytes(1024 * 1024);
  for (let i = 0; i < mb; i++) {
    block.writeUInt32LE(i, 0); // every block different
    hash.update(block);
    await fh.write(block);
  }
  await fh.close();
  return hash.digest("hex");
}

describe("client (sim): uploads", function () {
  this.timeout(60_000);
  let sim: Simulator;
  let dir: string;
  before(async () => {
    sim = await startSimulator({ timeScale: 0.002, seed: 3 });
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "nemo-up-"));
  });
  after(async () => {
    await sim.close();
    await fs.rm(dir, { recursive: true, force: true });
  });
  beforeEach(() => sim.reset());

  it("streams a 50 MB file from disk; the server's sha256 matches; progress is reported", async () => {
    const file = path.join(dir, "big clip.mp4");
    const sha = await writeFile(file, 50);
    const t = makeClient(sim.url);
    const progress: UploadProgress[] = [];
    const result = await t.client.uploadFiles([file], { onProgress: (p) => progress.push(p) });
    assert.deepEqual(result.files, ["big clip.mp4"]);
    assert.equal(sim.uploads.length, 1);
    assert.equal(sim.uploads[0].fileName, "big clip.mp4");
    assert.equal(sim.uploads[0].size, 50 * 1024 * 1024);
    assert.equal(sim.uploads[0].sha256, sha);
    assert.equal(progress[0].sentBytes, 0);
    assert.equal(progress.at(-1)?.sentBytes, 50 * 1024 * 1024);
    assert.ok(progress.length > 10 && progress.length < 200, `${progress.length} progress events`);
    const req = sim.requests.find((r) => r.route === "upload");
    assert.ok(req);
    assert.match(req.headers["content-type"] ?? "", /^multipart\/form-data; boundary=/);
    assert.equal(req.headers["transfer-encoding"], undefined, "a Content-Length, not chunked");
    assert.equal(Number(req.headers["content-length"]), req.bodyBytes);
  });

  it("uploads several files in one request", async () => {
    const a = path.join(dir, "a.png");
    const b = path.join(dir, "b.mp3");
    await fs.writeFile(a, Buffer.from("png-bytes"));
    const shaB = await writeFile(b, 1);
    const t = makeClient(sim.url);
    await t.client.uploadFiles([a, b]);
    assert.equal(sim.requests.filter((r) => r.route === "upload").length, 1);
    assert.deepEqual(sim.uploads.map((u) => u.fileName), ["a.png", "b.mp3"]);
    assert.equal(sim.uploads[1].sha256, shaB);
    assert.equal(sim.uploads[0].sha256, createHash("sha256").update("png-bytes").digest("hex"));
  });

  it("refuses locally before any byte reaches the server (all files checked first)", async () => {
    const ok = path.join(dir, "ok.png");
    const bad = path.join(dir, "notes.txt");
    const huge = path.join(dir, "huge.mov");
    await fs.writeFile(ok, "x");
    await fs.writeFile(bad, "x");
    const fh = await fs.open(huge, "w");
    await fh.truncate(200 * 1024 * 1024 + 1);
    await fh.close();
    const t = makeClient(sim.url);
    const e1 = await rejection(() => t.client.uploadFiles([ok, bad]));
    assert.ok(e1 instanceof InputError && e1.code === "UNSUPPORTED_FILE");
    const e2 = await rejection(() => t.client.uploadFiles([ok, huge]));
    assert.ok(e2 instanceof InputError && e2.code === "FILE_TOO_LARGE");
    const e3 = await rejection(() => t.client.checkUploadFile(path.join(dir, "missing.mp4")));
    assert.ok(e3 instanceof InputError && e3.code === "BAD_INPUT");
    assert.deepEqual(await t.client.checkUploadFile(ok), { size: 1, name: "ok.png" });
    assert.equal(sim.requests.length, 0);
  });

  it("uploads URLs as JSON and validates them", async () => {
    const t = makeClient(sim.url);
    const res = await t.client.uploadUrls(["https://media.example/clip.mp4"]);
    assert.deepEqual(res.files, ["https://media.example/clip.mp4"]);
    assert.equal(sim.uploads[0].url, "https://media.example/clip.mp4");
    const err = await rejection(() => t.client.uploadUrls(["ftp://x/y.mp4"]));
    assert.ok(err instanceof InputError && err.code === "BAD_INPUT");
  });

  it("abort stops the upload", async () => {
    const file = path.join(dir, "abort.mp4");
    await writeFile(file, 30);
    const t = makeClient(sim.url);
    await t.client.ensureSession();
    const ac = new AbortController();
    const p = t.client.uploadFiles([file], {
      signal: ac.signal,
      onProgress: (pr) => {
        if (pr.sentBytes > 2 * 1024 * 1024) ac.abort();
      },
    });
    assert.ok((await rejection(() => p)) instanceof CancelledError);
    await waitFor(() => sim.requests.some((r) => r.route === "upload" && r.aborted), "the simulator saw the abort");
    const rec = sim.requests.filter((r) => r.route === "upload");
    assert.equal(rec.length, 1);
    assert.equal(rec[0].aborted, true);
    assert.ok(rec[0].bodyBytes < 30 * 1024 * 1024);
    assert.equal(sim.uploads.length, 0);
  });

  for (const change of ["shrunk", "grown", "deleted"] as const) {
    it(`a file ${change} while it is being sent: a clear error, the request aborted, nothing recorded`, async () => {
      const file = path.join(dir, `${change}.mp4`);
      await writeFile(file, 8);
      const t = makeClient(sim.url);
      await t.client.ensureSession();
      let changed = false;
      const err = await rejection(() =>
        t.client.uploadFiles([file], {
          onProgress: (pr) => {
            if (changed || pr.sentBytes < 1024 * 1024) return;
            changed = true;
            if (change === "shrunk") truncateSync(file, 512 * 1024);
            else if (change === "grown") appendFileSync(file, randomBytes(4096));
            else unlinkSync(file);
          },
        }),
      );
      assert.ok(changed, "the file was changed mid-upload");
      assert.ok(err instanceof InputError && err.code === "BAD_INPUT", String(err));
      assert.equal(err.userMessage, `"${change}.mp4" changed while it was being uploaded.`);
      await waitFor(() => sim.requests.some((r) => r.route === "upload" && r.aborted), "the simulator saw the request end early");
      assert.equal(sim.uploads.length, 0, "nothing half-recorded");
    });
  }
});
