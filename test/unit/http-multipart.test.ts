import * as assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { InputError } from "../../src/core/errors";
import type { UploadProgress } from "../../src/core/types";
import { checkUploadFile, checkUploadUrls, multipartBody } from "../../src/core/media";
import { rejection } from "../integration/client-helpers";

describe("http multipart upload body", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "nemo-mp-"));
  });
  afterEach(async () => fs.rm(dir, { recursive: true, force: true }));

  it("streams parts named files with the computed Content-Length", async () => {
    const a = path.join(dir, 'a "quoted".png');
    const b = path.join(dir, "b.mp4");
    await fs.writeFile(a, Buffer.alloc(700_000, 1));
    await fs.writeFile(b, "video-bytes");
    const files = [await checkUploadFile(a), await checkUploadFile(b)];
    const progress: UploadProgress[] = [];
    const make = multipartBody(files, { boundary: "XYZ", onProgress: (p) => progress.push(p) });
    const first = make();
    const chunks: Buffer[] = [];
    for await (const c of first.body) chunks.push(c as Buffer);
    const all = Buffer.concat(chunks);
    assert.equal(first.contentType, "multipart/form-data; boundary=XYZ");
    assert.equal(all.length, first.contentLength);
    const text = all.toString("latin1");
    assert.ok(text.startsWith('--XYZ\r\nContent-Disposition: form-data; name="files"; filename="a %22quoted%22.png"\r\nContent-Type: image/png\r\n\r\n'));
    assert.ok(text.includes('\r\n--XYZ\r\nContent-Disposition: form-data; name="files"; filename="b.mp4"\r\nContent-Type: video/mp4\r\n\r\nvideo-bytes\r\n--XYZ--\r\n'));
    const forA = progress.filter((p) => p.file === 'a "quoted".png');
    assert.equal(forA[0].sentBytes, 0);
    assert.equal(forA.at(-1)?.sentBytes, 700_000);
    assert.ok(forA.length >= 3 && forA.length <= 105, `throttled: ${forA.length} events`);
    assert.ok(forA.every((p, i) => i === 0 || p.sentBytes >= forA[i - 1].sentBytes));
    // A second attempt gets a fresh, identical stream.
    const again: Buffer[] = [];
    for await (const c of make().body) again.push(c as Buffer);
    assert.ok(Buffer.concat(again).equals(all));
  });

  it("refuses wrong types, missing files and folders before sending", async () => {
    const txt = path.join(dir, "notes.txt");
    await fs.writeFile(txt, "x");
    const e1 = await rejection(() => checkUploadFile(txt));
    assert.ok(e1 instanceof InputError && e1.code === "UNSUPPORTED_FILE" && /mp4, mov/.test(e1.nextStep ?? ""));
    const e2 = await rejection(() => checkUploadFile(path.join(dir, "missing.png")));
    assert.ok(e2 instanceof InputError && e2.code === "BAD_INPUT");
    await fs.mkdir(path.join(dir, "folder.mp4"));
    const e3 = await rejection(() => checkUploadFile(path.join(dir, "folder.mp4")));
    assert.ok(e3 instanceof InputError && /not a regular file/.test(e3.userMessage));
    const jpeg = path.join(dir, "photo.JPEG");
    await fs.writeFile(jpeg, "x");
    assert.equal((await checkUploadFile(jpeg)).contentType, "image/jpeg");
  });

  it("refuses files over 200 MB without reading them", async () => {
    const big = path.join(dir, "big.mp4");
    const fh = await fs.open(big, "w");
    await fh.truncate(200 * 1024 * 1024 + 1); // sparse: no 200 MB written
    await fh.close();
    const err = await rejection(() => checkUploadFile(big));
    assert.ok(err instanceof InputError && err.code === "FILE_TOO_LARGE");
    assert.match(err.nextStep ?? "", /Compress or trim/);
  });

  it("accepts only http(s) URLs", () => {
    assert.deepEqual(checkUploadUrls([" https://x.example/a.mp4 "]), ["https://x.example/a.mp4"]);
    assert.throws(() => checkUploadUrls(["file:///etc/passwd"]), /not an http\(s\) URL/);
    assert.throws(() => checkUploadUrls(["not a url"]), InputError);
    assert.throws(() => checkUploadUrls([]), InputError);
  });
});
