// parseUploadFiles: the one guess at the upload answer's `data.files[]`, read tolerantly.
import * as assert from "node:assert/strict";
import { parseUploadFiles } from "../../src/core/media";

describe("parseUploadFiles", () => {
  it("reads every field of the later vendor shape, several files", () => {
    const files = parseUploadFiles({
      files: [
        { filename: "a.mp4", file_type: "video", cdn_url: "https://cdn.example/a.mp4", duration: 12.5, width: 1920, height: 1080, fps: 30, hash: "abc" },
        { filename: "b.mp3", file_type: "audio", cdn_url: "https://cdn.example/b.mp3", duration: "61" },
      ],
      session_state_applied: true,
    });
    assert.deepEqual(files, [
      { fileName: "a.mp4", kind: "video", url: "https://cdn.example/a.mp4", durationSec: 12.5, width: 1920, height: 1080, fps: 30, hash: "abc" },
      { fileName: "b.mp3", kind: "audio", url: "https://cdn.example/b.mp3", durationSec: 61, width: undefined, height: undefined, fps: undefined, hash: undefined },
    ]);
  });

  it("never throws: odd answers give what can be read, or nothing", () => {
    for (const data of [undefined, null, 42, "x", [], {}, { files: "no" }, { files: null }]) assert.deepEqual(parseUploadFiles(data), []);
    const odd = parseUploadFiles({
      files: [null, 7, { file_type: "video" }, { filename: "  " }, { filename: "c.png", file_type: "IMAGE/PNG", width: -3, height: "x", cdn_url: "javascript:alert(1)", extra: { deep: 1 } }],
    });
    assert.equal(odd.length, 1);
    assert.equal(odd[0].fileName, "c.png");
    assert.equal(odd[0].kind, "image");
    assert.equal(odd[0].width, undefined, "a negative size is dropped");
    assert.equal(odd[0].height, undefined);
    assert.equal(odd[0].url, undefined, "only http(s) links are kept");
  });
});
