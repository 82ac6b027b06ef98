/**
 * Shape, style and provenance end to end: the built `imagegen` CLI against the simulator, the saved
 * files read back with independent tools (exiftool, ffprobe, ffmpeg) — a 9:16 request saves an
 * image taller than wide, a portrait timeline exports at 1080×1920, every saved file says it is
 * AI-generated with its product and session, the prompt only when allowed, and the pixels are the
 * ones the service sent.
 */
import { strict as assert } from "node:assert";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pngChunks } from "../../src/core/provenance/png";
import { TRAINED_ALGORITHMIC_MEDIA } from "../../src/core/provenance";
import { startSimulator, type Simulator } from "../sim/index";
import { buildCli, type CliRun, runCli } from "./cli-harness";
import { decodeRgb, exiftool, ffprobeSize, tagValues } from "./helpers/media-tools";

const TIME_SCALE = 0.02;

/** The image data of a PNG: IHDR and every IDAT, byte for byte. */
function pixelChunks(buf: Buffer): Buffer {
  return Buffer.concat(pngChunks(buf).filter((c) => c.type === "IHDR" || c.type === "IDAT").map((c) => c.raw));
}

describe("creators: shape, style and provenance through the CLI (simulator, exiftool, ffprobe)", function () {
  this.timeout(90_000);
  let cli: string;
  let sim: Simulator;
  const tmp = mkdtempSync(path.join(os.tmpdir(), "imagegen-creators-"));
  let n = 0;
  const fresh = (name: string): string => mkdtempSync(path.join(tmp, `${name}-${n++}-`));

  const run = (args: string[], config: string, env: Record<string, string> = {}): Promise<CliRun> =>
    runCli(cli, args, {
      env: { HOME: tmp, NEMOVIDEO_CONFIG_DIR: config, NEMO_API_URL: sim.url, NEMO_WEB_URL: "https://web.example.test", NEMO_TIME_SCALE: String(TIME_SCALE), ...env },
      timeoutMs: 60_000,
    });

  /** The bytes the simulator served for the media downloaded since `from` (in request order). */
  async function served(from: number): Promise<Buffer[]> {
    const paths = sim.requests.slice(from).filter((r) => r.route === "media").map((r) => r.path);
    return Promise.all(paths.map(async (p) => Buffer.from(await (await fetch(sim.url + p)).arrayBuffer())));
  }

  before(async function () {
    this.timeout(120_000);
    cli = await buildCli();
    sim = await startSimulator({ timeScale: TIME_SCALE, initialCredits: 5000, seed: 19, silentCloseRate: 0 });
  });

  after(async () => {
    await sim?.close();
    rmSync(tmp, { recursive: true, force: true });
    if (cli) rmSync(path.dirname(cli), { recursive: true, force: true });
  });

  it("--ratio 9:16 --style watercolor saves a portrait image that carries its prompt, ratio, style, product, session and the AI mark; pixels as sent", async () => {
    const config = fresh("config");
    const out = fresh("out");
    const before = sim.requests.length;
    const r = await run(["generate", "a harbour at dawn", "--ratio", "9:16", "--style", "watercolor", "--out", out], config);
    assert.equal(r.code, 0, r.stderr);
    const sse = sim.requests.slice(before).find((q) => q.route === "run_sse");
    assert.ok(sse, "a message was sent");
    const file = /^Saved (.+)$/m.exec(r.stdout)?.[1];
    assert.ok(file, r.stdout);
    const bytes = readFileSync(file);
    const ihdr = pngChunks(bytes)[0].data;
    const [width, height] = [ihdr.readUInt32BE(0), ihdr.readUInt32BE(4)];
    assert.ok(height > width, `taller than wide (${width}×${height})`);
    assert.equal(Math.round((width / height) * 16), 9, "9:16");

    const tags = exiftool(file);
    assert.ok(tagValues(tags, "Prompt").includes("a harbour at dawn"), JSON.stringify(tags));
    assert.ok(tagValues(tags, "Description").some((v) => String(v).includes("a harbour at dawn")), "dc:description / PNG Description");
    assert.deepEqual(tagValues(tags, "DigitalSourceType"), [TRAINED_ALGORITHMIC_MEDIA]);
    assert.ok(tagValues(tags, "CreatorTool").some((v) => /^Image Generation Generator \d/.test(String(v))));
    assert.deepEqual(tagValues(tags, "Product"), ["Image Generation Generator"]);
    assert.deepEqual(tagValues(tags, "AspectRatio"), ["9:16"]);
    assert.deepEqual(tagValues(tags, "Style"), ["watercolor"]);
    assert.equal(tagValues(tags, "SessionId").length, 1);
    assert.equal(tagValues(tags, "JobId").length, 1);
    assert.ok(tagValues(tags, "CreateDate").length >= 1);
    assert.doesNotMatch(JSON.stringify(tags), /nmv_usr_/, "never the token");

    const [sent] = await served(before);
    assert.ok(pixelChunks(bytes).equals(pixelChunks(sent)), "IHDR and IDAT byte-identical to what the service sent");
    assert.ok(decodeRgb(file).equals(decodeRgb(writeTemp(sent))), "decoded pixels identical");
  });

  function writeTemp(buf: Buffer): string {
    const p = path.join(fresh("sent"), "sent.png");
    writeFileSync(p, buf);
    return p;
  }

  it("--no-embed-prompt: no prompt anywhere in the file (the service's own copy dropped too), the AI mark and product still there", async () => {
    const config = fresh("config");
    const out = fresh("out");
    const r = await run(["generate", "a secret lighthouse plan", "--ratio", "1:1", "--no-embed-prompt", "--out", out], config);
    assert.equal(r.code, 0, r.stderr);
    const file = /^Saved (.+)$/m.exec(r.stdout)?.[1] ?? assert.fail(r.stdout);
    const bytes = readFileSync(file);
    assert.equal(bytes.indexOf("secret lighthouse"), -1, "the prompt is not in the bytes");
    const tags = exiftool(file);
    assert.doesNotMatch(JSON.stringify(tags), /secret lighthouse/);
    assert.deepEqual(tagValues(tags, "DigitalSourceType"), [TRAINED_ALGORITHMIC_MEDIA]);
    assert.deepEqual(tagValues(tags, "Product"), ["Image Generation Generator"]);
    assert.deepEqual(tagValues(tags, "AspectRatio"), ["1:1"]);
  });

  it("--variations 3 makes three images in one request, each saved under its own name", async () => {
    const config = fresh("config");
    const out = fresh("out");
    const before = sim.requests.length;
    const r = await run(["generate", "a paper lantern", "--variations", "3", "--ratio", "4:3", "--out", out], config);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(sim.requests.slice(before).filter((q) => q.route === "run_sse").length, 1, "one message");
    const files = readdirSync(out).filter((f) => f.endsWith(".png"));
    assert.equal(files.length, 3, files.join(", "));
    for (const f of files) {
      const ihdr = pngChunks(readFileSync(path.join(out, f)))[0].data;
      assert.ok(ihdr.readUInt32BE(0) > ihdr.readUInt32BE(4), "4:3 is wider than tall");
    }
  });

  it("an unknown ratio or style is a usage error naming the choices, before anything is sent", async () => {
    const before = sim.requests.length;
    const bad = await run(["generate", "a fox", "--ratio", "5:7"], fresh("config"));
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /1:1, 16:9, 9:16/);
    const badStyle = await run(["generate", "a fox", "--style", "baroque"], fresh("config"));
    assert.equal(badStyle.code, 2);
    assert.match(badStyle.stderr, /watercolor/);
    assert.equal(sim.requests.slice(before).filter((q) => q.route === "run_sse").length, 0);
  });

  it("exports follow the timeline's ratio: 1080×1920 after a 9:16 image, 1920×1080 after a landscape one; the MP4 carries the record in an XMP uuid box", async () => {
    const portraitConfig = fresh("config");
    const portraitOut = fresh("out");
    assert.equal((await run(["generate", "a tall waterfall", "--ratio", "9:16", "--out", portraitOut], portraitConfig)).code, 0);
    const exp = await run(["export", "--out", portraitOut], portraitConfig);
    assert.equal(exp.code, 0, exp.stderr);
    const mp4 = readdirSync(portraitOut).find((f) => f.endsWith(".mp4"));
    assert.ok(mp4, readdirSync(portraitOut).join(", "));
    const file = path.join(portraitOut, mp4);
    assert.deepEqual(ffprobeSize(file), { width: 1080, height: 1920 });
    const tags = exiftool(file);
    assert.deepEqual(tagValues(tags, "DigitalSourceType"), [TRAINED_ALGORITHMIC_MEDIA]);
    assert.deepEqual(tagValues(tags, "Product"), ["Image Generation Generator"]);
    assert.deepEqual(tagValues(tags, "AspectRatio"), ["9:16"]);
    assert.match(String(tagValues(tags, "JobId")[0]), /^render_/);
    assert.ok(decodeRgb(file).length > 0, "still decodes");

    const landscapeConfig = fresh("config");
    const landscapeOut = fresh("out");
    assert.equal((await run(["generate", "a wide valley", "--ratio", "16:9", "--out", landscapeOut], landscapeConfig)).code, 0);
    assert.equal((await run(["export", "--out", landscapeOut], landscapeConfig)).code, 0);
    const wide = readdirSync(landscapeOut).find((f) => f.endsWith(".mp4"))!;
    assert.deepEqual(ffprobeSize(path.join(landscapeOut, wide)), { width: 1920, height: 1080 });
  });
});
