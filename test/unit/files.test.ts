import * as assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  collisionName,
  ensureExtension,
  extensionFor,
  MAX_NAME_BYTES,
  MAX_NAME_LENGTH,
  mediaFileName,
  slugName,
  sanitizeFileName,
} from "../../src/core/media";
import { placeWithoutOverwrite } from "../../src/core/media";

describe("files: sanitizeFileName", () => {
  it("keeps only the last path component and drops traversal", () => {
    assert.equal(sanitizeFileName("../../etc/passwd"), "passwd");
    assert.equal(sanitizeFileName("..\\x"), "x");
    assert.equal(sanitizeFileName("/abs"), "abs");
    assert.equal(sanitizeFileName("C:\\Windows\\system32\\evil.exe"), "evil.exe");
    assert.equal(sanitizeFileName(".."), "download");
    assert.equal(sanitizeFileName("../", "fallback.png"), "fallback.png");
  });

  it("removes leading dots, control and reserved characters", () => {
    assert.equal(sanitizeFileName(".bashrc"), "bashrc");
    assert.equal(sanitizeFileName("a\u0000b\u001fc.png"), "a_b_c.png");
    assert.equal(sanitizeFileName('what<>:"|?*.mp4'), "what_.mp4");
    assert.equal(sanitizeFileName("name. . "), "name");
  });

  it("defuses Windows device names", () => {
    assert.equal(sanitizeFileName("CON"), "_CON");
    assert.equal(sanitizeFileName("con.txt"), "_con.txt");
    assert.equal(sanitizeFileName("LPT1.mp4"), "_LPT1.mp4");
    assert.equal(sanitizeFileName("console.mp4"), "console.mp4");
  });

  it("limits length and keeps the extension", () => {
    const long = `${"a".repeat(500)}.mp4`;
    const out = sanitizeFileName(long);
    assert.ok(out.length <= MAX_NAME_LENGTH, `length ${out.length}`);
    assert.ok(out.endsWith(".mp4"));
    const emoji = `${"😀".repeat(200)}.png`;
    const e = sanitizeFileName(emoji);
    assert.ok(e.length <= MAX_NAME_LENGTH && e.endsWith(".png"));
    assert.ok(!/[\ud800-\udbff](?![\udc00-\udfff])/.test(e), "no split surrogate pair");
  });

  it("keeps long Chinese names under the file systems' 255-byte limit, with the extension", () => {
    const zh = sanitizeFileName(`${"海边的灯塔".repeat(30)}.png`);
    assert.ok(Buffer.byteLength(zh, "utf8") <= MAX_NAME_BYTES, `${Buffer.byteLength(zh, "utf8")} bytes`);
    assert.ok(zh.endsWith(".png") && zh.startsWith("海边的灯塔"));
    const second = collisionName(zh, 2);
    assert.ok(Buffer.byteLength(second, "utf8") < 255, "the -2 name fits too");
    assert.ok(Buffer.byteLength(mediaFileName({ url: "https://x/a.png", kind: "image", title: "灯".repeat(150), nowMs: 0 }), "utf8") <= MAX_NAME_BYTES);
  });

  it("falls back when nothing usable is left", () => {
    assert.equal(sanitizeFileName("", "image-1.png"), "image-1.png");
    assert.equal(sanitizeFileName("???", "x.png"), "x.png");
    assert.equal(sanitizeFileName("", ""), "download");
  });
});

describe("files: extensions and media names", () => {
  it("makes the extension fit the kind", () => {
    assert.equal(ensureExtension("shot", "image"), "shot.png");
    assert.equal(ensureExtension("shot.jpeg", "image"), "shot.jpeg");
    assert.equal(ensureExtension("shot.mp4", "image", "image/webp"), "shot.mp4.webp");
    assert.equal(ensureExtension("clip", "video"), "clip.mp4");
    assert.equal(ensureExtension("song.wav", "audio"), "song.wav");
    assert.equal(ensureExtension("blob", "unknown"), "blob.bin");
    assert.equal(extensionFor("image", "image/jpeg; charset=binary"), "jpg");
  });

  it("derives a name from the URL, else from kind and time", () => {
    const nowMs = new Date(2026, 10, 24, 1, 2, 3).getTime();
    assert.equal(mediaFileName({ url: "https://cdn.example/a/b/sunset%20lake.png?x=1", kind: "image", nowMs }), "sunset lake.png");
    assert.equal(mediaFileName({ url: "https://cdn.example/", kind: "video", nowMs }), "video-20261124-010203.mp4");
    assert.equal(mediaFileName({ url: "https://cdn.example/..%2F..%2Fetc%2Fpasswd", kind: "image", nowMs }), "passwd.png");
    assert.equal(mediaFileName({ url: "https://cdn.example/x.png", kind: "image", name: "../../CON", nowMs }), "_CON.png");
  });

  it("numbers collisions before the extension: name, name-2, name-3", () => {
    assert.equal(collisionName("clip.mp4", 0), "clip.mp4");
    assert.equal(collisionName("clip.mp4", 1), "clip.mp4");
    assert.equal(collisionName("clip.mp4", 2), "clip-2.mp4");
    assert.equal(collisionName("noext", 3), "noext-3");
  });

  it("names media from the prompt or title: short, lower case, words joined by '-'", () => {
    assert.equal(slugName("A watercolor lighthouse at dusk"), "watercolor-lighthouse-at-dusk");
    assert.equal(slugName("Generate an image of a watercolor lighthouse, at dusk!"), "watercolor-lighthouse-at-dusk");
    assert.equal(slugName("create a photorealistic image of Urban Dreams"), "urban-dreams");
    assert.equal(slugName("a photorealistic image of a lighthouse at dusk over a calm sea"), "lighthouse-at-dusk-over-a-calm-sea");
    assert.equal(slugName("an illustration showing two cats"), "two-cats");
    assert.equal(slugName("photo booth in the rain"), "photo-booth-in-the-rain");
    assert.equal(slugName("一只在月光下的猫"), "一只在月光下的猫");
    assert.equal(slugName("水彩 灯塔 at dusk"), "水彩-灯塔-at-dusk");
    assert.equal(slugName("Café crème"), "café-crème");
    assert.equal(slugName("  ?!  "), "");
    assert.equal(slugName("con"), "con-file");
    const long = slugName("one two three four five six seven eight nine ten eleven twelve thirteen fourteen", 30);
    assert.ok(long.length <= 30 && !long.endsWith("-"), long);
    assert.equal(long, "one-two-three-four-five-six");
    assert.equal(Array.from(slugName("猫".repeat(100))).length, 60);
    assert.doesNotMatch(slugName('a/b\\c:d*e?f"g<h>i|j'), /[\\/:*?"<>|]/);
  });

  it("strips the Chinese asking and framing too: 生成一张水墨画风格的山间小屋 → 水墨画风格的山间小屋", () => {
    assert.equal(slugName("生成一张水墨画风格的山间小屋"), "水墨画风格的山间小屋");
    assert.equal(slugName("请帮我生成一幅水墨画风格的山间小屋的图片。"), "水墨画风格的山间小屋");
    assert.equal(slugName("给我画一个红色的苹果"), "红色的苹果");
    assert.equal(slugName("帮我制作一段海浪拍打礁石的视频"), "海浪拍打礁石");
    assert.equal(slugName("创作一部关于星空的动画"), "关于星空");
    assert.equal(slugName("生成城市夜景海报"), "城市夜景");
    assert.equal(slugName("秋天的枫叶照片！"), "秋天的枫叶");
    assert.equal(slugName("山间小屋插画"), "山间小屋");
    assert.equal(
      mediaFileName({ url: "https://cdn.example/media/img_2flmqa5nkq.png", kind: "image", title: "生成一张水墨画风格的山间小屋", nowMs: 0 }),
      "水墨画风格的山间小屋.png",
    );
  });

  it("keeps Chinese words that only look like framing", () => {
    assert.equal(slugName("一只在月光下的猫"), "一只在月光下的猫", "a measure word without a verb is the subject's");
    assert.equal(slugName("画廊里的猫"), "画廊里的猫", "a bare 画 opens nouns too");
    assert.equal(slugName("生成式艺术展"), "生成式艺术展");
  });

  it("never strips a prompt down to nothing: the unstripped text instead", () => {
    assert.equal(slugName("生成一段视频"), "生成一段视频");
    assert.equal(slugName("请帮我生成一张图片"), "请帮我生成一张图片");
    assert.equal(slugName("海报"), "海报");
    assert.equal(slugName("generate an image of ?!"), "generate-an-image-of");
  });

  it("names a download from its title before the backend's id", () => {
    const nowMs = 0;
    assert.equal(mediaFileName({ url: "https://cdn.example/img_xhhna5w0wr.png", kind: "image", title: "A watercolor lighthouse at dusk", nowMs }), "watercolor-lighthouse-at-dusk.png");
    assert.equal(mediaFileName({ url: "https://cdn.example/v.mp4", kind: "video", title: "城市之夜", mime: "video/mp4", nowMs }), "城市之夜.mp4");
    assert.equal(mediaFileName({ url: "https://cdn.example/img_1.png", kind: "image", title: "!!!", nowMs }), "img_1.png");
  });
});

describe("files: placing without overwriting", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "nemo-files-"));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it("never replaces an existing file", async () => {
    await fs.writeFile(path.join(dir, "clip.mp4"), "old");
    await fs.writeFile(path.join(dir, "clip-2.mp4"), "old2");
    const tmp = path.join(dir, ".clip.mp4.abc.part");
    await fs.writeFile(tmp, "new");
    const placed = await placeWithoutOverwrite(tmp, dir, "clip.mp4");
    assert.equal(path.basename(placed), "clip-3.mp4");
    assert.equal(await fs.readFile(path.join(dir, "clip.mp4"), "utf8"), "old");
    assert.equal(await fs.readFile(placed, "utf8"), "new");
    assert.deepEqual((await fs.readdir(dir)).sort(), ["clip-2.mp4", "clip-3.mp4", "clip.mp4"]);
  });
});
