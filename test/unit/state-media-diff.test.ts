import assert from "node:assert/strict";
import { diffStates, extractMedia, kindFromUrl, parseState } from "../../src/core/state";

describe("state: extractMedia", () => {
  it("finds the URL under the usual names and infers the kind", () => {
    const media = extractMedia([
      { id: "a", url: "https://cdn.example/a.png" },
      { file_url: "https://cdn.example/b.MP4?sig=1#t" },
      { fileUrl: "https://cdn.example/c.mp3" },
      { src: "https://cdn.example/d", mime: "image/webp" },
      { uri: "https://cdn.example/e", media_type: "video" },
      { download_url: "https://cdn.example/f.wav" },
      { output_url: "https://cdn.example/g.mov" },
      { output: { url: "https://cdn.example/h.jpeg" } },
      { result: { file: { url: "https://cdn.example/i.gif" } } },
      { url: "https://cdn.example/j.bin" },
      { url: "/media/k.webm" },
    ]);
    assert.deepEqual(
      media.map((m) => [m.kind, m.url]),
      [
        ["image", "https://cdn.example/a.png"],
        ["video", "https://cdn.example/b.MP4?sig=1#t"],
        ["audio", "https://cdn.example/c.mp3"],
        ["image", "https://cdn.example/d"],
        ["video", "https://cdn.example/e"],
        ["audio", "https://cdn.example/f.wav"],
        ["video", "https://cdn.example/g.mov"],
        ["image", "https://cdn.example/h.jpeg"],
        ["image", "https://cdn.example/i.gif"],
        ["unknown", "https://cdn.example/j.bin"],
        ["video", "/media/k.webm"],
      ],
    );
    assert.equal(media[0].key, "a");
    assert.equal(media[1].key, "https://cdn.example/b.MP4?sig=1#t");
    assert.equal(media[1].name, "b.MP4");
  });

  it("an explicit kind wins over the extension", () => {
    const [m] = extractMedia([{ url: "https://x/y.png", type: "video/mp4" }]);
    assert.equal(m.kind, "video");
    assert.equal(extractMedia([{ url: "https://x/y", kind: "Image" }])[0].kind, "image");
  });

  it("deduplicates by key and URL", () => {
    const media = extractMedia([
      { id: "1", url: "https://x/a.png" },
      { id: "1", url: "https://x/b.png" },
      { id: "2", url: "https://x/a.png" },
      "https://x/c.png",
      "https://x/c.png",
    ]);
    assert.deepEqual(media.map((m) => m.url), ["https://x/a.png", "https://x/c.png"]);
  });

  it("accepts a map, a single entry, a whole state, and refuses unsafe URLs", () => {
    assert.deepEqual(extractMedia({ m1: { url: "https://x/a.png" } }).map((m) => m.key), ["m1"]);
    assert.equal(extractMedia({ url: "https://x/a.mp4" })[0].kind, "video");
    assert.equal(extractMedia({ generated_media: [{ url: "https://x/a.mp4" }] }).length, 1);
    assert.deepEqual(extractMedia([{ url: "javascript:alert(1)" }, { url: "file:///etc/passwd" }, { url: "//evil/x.png" }, { url: 5 }]), []);
    for (const junk of [null, undefined, 1, "x", [], {}, [[]], [null]]) assert.deepEqual(extractMedia(junk), []);
  });

  it("kindFromUrl ignores dots in directories and queries", () => {
    assert.equal(kindFromUrl("https://x/v1.2/file"), undefined);
    assert.equal(kindFromUrl("https://x/a.png?x=1.mp4"), "image");
    assert.equal(kindFromUrl("https://x/a.constructor"), undefined);
  });
});

const draft = (...tracks: object[]): object => ({ draft: { t: tracks } });
const video = (name: string, d = 10000, st?: number): object => ({ tt: 0, sg: [{ d, st, m: { name } }] });
const music = (name: string, volume: number, d = 10000): object => ({ tt: 1, sg: [{ d, m: { name, volume } }] });
const title = (text: string, d = 3000): object => ({ tt: 7, sg: [{ d, m: { text } }] });

describe("state: diffStates", () => {
  it("no change → []", () => {
    const s = parseState(draft(video("a"), music("m", 0.3)));
    assert.deepEqual(diffStates(s, parseState(draft(video("a"), music("m", 30)))), []);
    assert.deepEqual(diffStates(undefined, undefined), []);
  });

  it("describes additions in the documented words", () => {
    const before = parseState(draft());
    const after = parseState(draft(video("city timelapse"), music("Lo-fi", 0.35), title("Paradise Found")));
    assert.deepEqual(diffStates(before, after), [
      "Video clip added: 'city timelapse' (0-10s)",
      "Music added: 'Lo-fi' (0-10s, 35%)",
      "Title added: 'Paradise Found' (0-3s)",
    ]);
  });

  it("describes removals, duration, moves, volume and replaced titles", () => {
    const before = parseState(draft(video("a", 10000), video("b", 5000, 10000), music("m", 0.35), title("Old")));
    const after = parseState(draft(video("a", 12000), video("b", 5000, 12000), music("m", 0.5), title("New")));
    assert.deepEqual(diffStates(before, after), [
      "Video clip 'a' duration changed: 10s → 12s",
      "Video clip 'b' moved: 10-15s → 12-17s",
      "Music 'm' volume changed: 35% → 50%",
      "Title changed: 'Old' → 'New'",
    ]);
    assert.deepEqual(diffStates(after, parseState(draft(video("a", 12000)))), [
      "Video clip removed: 'b'",
      "Music removed: 'm'",
      "Title removed: 'New'",
    ]);
  });

  it("calls a still image on a video track an image", () => {
    const still = { tt: 0, sg: [{ d: 5000, m: { name: "red fox", url: "https://cdn.example/fox.png?sig=1" } }] };
    const clipSeg = { tt: 0, sg: [{ d: 5000, m: { name: "waves", url: "https://cdn.example/waves.mp4" } }] };
    assert.deepEqual(diffStates(parseState({}), parseState(draft(still))), ["Image added: 'red fox' (0-5s)"]);
    assert.deepEqual(diffStates(parseState({}), parseState(draft(clipSeg))), ["Video clip added: 'waves' (0-5s)"]);
  });

  it("reports empty tracks added or removed", () => {
    const a = parseState(draft(video("a")));
    const b = parseState(draft(video("a"), { tt: 1, sg: [] }, { tt: 1, sg: [] }));
    assert.deepEqual(diffStates(a, b), ["2 audio tracks added"]);
    assert.deepEqual(diffStates(b, a), ["2 audio tracks removed"]);
  });

  it("reports generated media first (two-stage generation)", () => {
    const before = parseState({ generated_media: [{ id: "old", url: "https://x/old.png" }] });
    const after = parseState({
      ...draft(video("neon city")),
      generated_media: [{ id: "old", url: "https://x/old.png" }, { id: "n", url: "https://x/n.png", name: "neon" }, { url: "https://x/clip.mp4" }],
    });
    assert.deepEqual(diffStates(before, after), ["Image generated: 'neon'", "Video generated", "Video clip added: 'neon city' (0-10s)"]);
  });
});
