// The MCP image preview (src/cli/mcp/preview.ts): PNG and JPEG become a smaller JPEG under a byte
// limit, same aspect ratio, transparency laid on white; WebP and GIF get none.
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { decode as decodeJpeg } from "jpeg-js";
import { PNG } from "pngjs";
import { makePreview, PREVIEW_MAX_SIDE } from "../../src/cli/mcp/preview";
import { GIF_1X1, noisePng, WEBP_1X1 } from "../integration/helpers/media-bytes";

describe("MCP image preview", function () {
  // Decoding and re-encoding is CPU work: generous on a loaded machine (the 3 MB case runs in mcp-hosts.test.ts).
  this.timeout(120_000);

  it("a noise PNG (which no JPEG compresses well) becomes a JPEG under the limit, longest side ≤ 1024 px, same aspect ratio", () => {
    const big = noisePng(1024 * 1024);
    const src = PNG.sync.read(big);
    const p = makePreview(big, 60_000);
    assert.ok(p);
    assert.ok(p.bytes.length <= 60_000, `${p.bytes.length} bytes`);
    const img = decodeJpeg(p.bytes, { useTArray: true });
    assert.deepEqual([img.width, img.height], [p.width, p.height]);
    assert.ok(Math.max(p.width, p.height) <= PREVIEW_MAX_SIDE);
    assert.ok(Math.abs(p.width / p.height - src.width / src.height) < 0.02);
  });

  it("a JPEG is previewed too, and a transparent PNG is laid on white", () => {
    const jpg = readFileSync(path.join(__dirname, "..", "fixtures", "sample.jpg"));
    assert.ok(makePreview(jpg, 100_000));
    const clear = new PNG({ width: 40, height: 20 });
    clear.data.fill(0); // fully transparent black
    const p = makePreview(PNG.sync.write(clear), 50_000);
    assert.ok(p);
    const img = decodeJpeg(p.bytes, { useTArray: true });
    assert.ok(img.data[0] > 245 && img.data[1] > 245 && img.data[2] > 245, "white, not black");
  });

  it("WebP, GIF, broken bytes and a limit too small give no preview", () => {
    assert.equal(makePreview(WEBP_1X1, 100_000), undefined);
    assert.equal(makePreview(GIF_1X1, 100_000), undefined);
    assert.equal(makePreview(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]), 100_000), undefined);
    assert.equal(makePreview(noisePng(200_000), 100), undefined);
  });
});
