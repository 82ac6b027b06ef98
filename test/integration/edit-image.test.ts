/**
 * Editing an image with a prompt (issue 19 §2), the core flow over real HTTP against the
 * simulator: the new version saved beside the original ("harbour-edit-1.png", then -edit-2), the
 * original untouched byte for byte, different pixels and the instruction in the result, the record
 * of a saved image; a wrong file refused before a byte is sent; Cancel aborting the request in
 * flight; Keep replacing the original and Undo bringing it back.
 */
import * as assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { inflateSync } from "node:zlib";
import { startSimulator, type Simulator } from "../sim/index";
import { makePng } from "../sim/png";
import { editImage, editMessage, keepVersion, undoKeep } from "../../src/core/edit";
import { CancelledError, InputError, ServerError } from "../../src/core/errors";
import { embedProvenance, pngSize, PRODUCT_NAME, readProvenance, TRAINED_ALGORITHMIC_MEDIA } from "../../src/core/provenance";
import { makeClient, rejection, waitFor } from "./client-helpers";

const sha = (b: Buffer): string => createHash("sha256").update(b).digest("hex");

/** The concatenated, inflated IDAT data of a PNG: its pixels as stored (metadata chunks excluded). */
function pixels(png: Buffer): Buffer {
  const parts: Buffer[] = [];
  for (let off = 8; off + 8 <= png.length; ) {
    const len = png.readUInt32BE(off);
    if (png.toString("latin1", off + 4, off + 8) === "IDAT") parts.push(png.subarray(off + 8, off + 8 + len));
    off += 12 + len;
  }
  return inflateSync(Buffer.concat(parts));
}

/** The PNG's `Description` text chunk (tEXt), as the simulator writes it. */
function description(png: Buffer): string | undefined {
  for (let off = 8; off + 8 <= png.length; ) {
    const len = png.readUInt32BE(off);
    const type = png.toString("latin1", off + 4, off + 8);
    const data = png.subarray(off + 8, off + 8 + len);
    if ((type === "tEXt" || type === "iTXt") && data.toString("latin1").startsWith("Description\0")) return data.toString("utf8").replace(/^Description\0(?:\0\0\0\0)?/, "");
    off += 12 + len;
  }
  return undefined;
}

describe("edit an image with a prompt (sim)", function () {
  this.timeout(60_000);
  let sim: Simulator;
  let dir: string;
  let original: Buffer;
  let source: string;
  before(async () => {
    sim = await startSimulator({ timeScale: 0.002, seed: 19, initialCredits: 10_000 });
  });
  after(() => sim.close());
  beforeEach(async () => {
    sim.reset();
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "imagegen-edit-"));
    original = makePng(320, 200, "a harbour at dawn", "harbour");
    source = path.join(dir, "harbour.png");
    await fs.writeFile(source, original);
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  it("saves harbour-edit-1.png beside the original (then -edit-2), with new pixels, the same size and the instruction; the original is untouched", async () => {
    const t = makeClient(sim.url);
    const stages: string[] = [];
    const first = await editImage(t.client, { source, instruction: "make the sky pink.", onStage: (s) => stages.push(s) });
    assert.deepEqual(stages, ["uploading", "editing", "saving"]);
    assert.equal(first.file, path.join(dir, "harbour-edit-1.png"));
    assert.equal(first.instruction, "make the sky pink");
    // The upload is the original's bytes; the message is the core's framing.
    assert.equal(sim.uploads.length, 1);
    assert.equal(sim.uploads[0].fileName, "harbour.png");
    assert.equal(sim.uploads[0].sha256, sha(original));
    const edited = await fs.readFile(first.file);
    assert.deepEqual(pngSize(edited), { width: 320, height: 200 }, "the edit keeps the upload's size");
    assert.notDeepEqual(pixels(edited), pixels(original), "different pixels");
    assert.equal(description(edited), editMessage("harbour.png", "make the sky pink"), "the simulator's own text chunk names the instruction");
    const record = await readProvenance(first.file);
    // The source's own prompt (here its plain PNG Description) with the edit after it.
    assert.equal(record.prompt, "a harbour at dawn (edited: make the sky pink)", "the saved version describes the picture and the edit");
    assert.equal(record.aiGenerated, true);
    assert.deepEqual(await fs.readFile(source), original, "the original is untouched, byte for byte");

    const second = await editImage(t.client, { source, instruction: "add a small red boat" });
    assert.equal(second.file, path.join(dir, "harbour-edit-2.png"));
    // Editing a version numbers on from the original's name.
    const third = await editImage(t.client, { source: first.file, instruction: "warmer light" });
    assert.equal(third.file, path.join(dir, "harbour-edit-3.png"));
    assert.equal((await readProvenance(third.file)).prompt, "a harbour at dawn (edited: make the sky pink) (edited: warmer light)", "edits of a version add up");
    assert.deepEqual((await fs.readdir(dir)).sort(), ["harbour-edit-1.png", "harbour-edit-2.png", "harbour-edit-3.png", "harbour.png"]);
    assert.deepEqual(await fs.readFile(source), original);
  });

  it("the version's record keeps the source's style and prompt (Regenerate from it describes the picture)", async () => {
    await embedProvenance(source, { prompt: "a harbour at dawn", ratio: "16:10", style: "watercolor", createdAt: new Date().toISOString(), product: PRODUCT_NAME, productVersion: "0.1.0-test", digitalSourceType: TRAINED_ALGORITHMIC_MEDIA });
    const t = makeClient(sim.url);
    const result = await editImage(t.client, { source, instruction: "make the sky stormy" });
    const record = await readProvenance(result.file);
    assert.equal(record.prompt, "a harbour at dawn (edited: make the sky stormy)");
    assert.equal(record.style, "watercolor");
    assert.equal(record.aiGenerated, true);
  });

  it("a file that is not a PNG, JPEG or WebP (whatever its name) or an empty instruction is refused before any request", async () => {
    const t = makeClient(sim.url);
    const fake = path.join(dir, "notes.png");
    await fs.writeFile(fake, "just some text, not an image at all");
    const gif = path.join(dir, "anim.png");
    await fs.writeFile(gif, Buffer.concat([Buffer.from("GIF89a"), Buffer.alloc(40)]));
    for (const file of [fake, gif]) {
      const err = await rejection(() => editImage(t.client, { source: file, instruction: "make it pink" }));
      assert.ok(err instanceof InputError, String(err));
      assert.equal(err.code, "UNSUPPORTED_FILE");
      assert.equal(err.userMessage, `"${path.basename(file)}" is not a PNG, JPEG or WebP image.`);
    }
    const empty = await rejection(() => editImage(t.client, { source, instruction: "  . " }));
    assert.ok(empty instanceof InputError && empty.code === "BAD_INPUT", String(empty));
    assert.equal(sim.requests.filter((r) => r.route !== "control").length, 0, "nothing was sent");
  });

  it("Cancel during the agent's turn aborts the request; nothing is saved and the original stays", async () => {
    const t = makeClient(sim.url);
    sim.inject({ route: "run_sse", fault: { type: "stall", ms: 1e9 } });
    const controller = new AbortController();
    const running = rejection(() => editImage(t.client, { source, instruction: "make the sky pink", signal: controller.signal }));
    await waitFor(() => sim.requests.some((r) => r.route === "run_sse"), "the instruction at the simulator");
    controller.abort();
    const err = await running;
    assert.ok(err instanceof CancelledError, String(err));
    await waitFor(() => sim.requests.find((r) => r.route === "run_sse")?.aborted === true, "the stream aborted at the simulator");
    assert.deepEqual(await fs.readdir(dir), ["harbour.png"], "no version, no temp file");
    assert.deepEqual(await fs.readFile(source), original);
  });

  it("an agent answer without an image is a clear error, and nothing is saved", async () => {
    const t = makeClient(sim.url);
    // The simulator's agent makes nothing for an image that is not in the session.
    const other = path.join(dir, "elsewhere.png");
    await fs.writeFile(other, original);
    await t.client.uploadFiles([other]);
    const turn = await t.client.chat(editMessage("missing.png", "make it pink"));
    assert.equal(turn.newMedia.length, 0);
    // editImage on such an answer (the same client, its chat answering without an image).
    const noImage = Object.assign(Object.create(t.client) as typeof t.client, { chat: () => Promise.resolve(turn) });
    const err = await rejection(() => editImage(noImage, { source, instruction: "make it pink" }));
    assert.ok(err instanceof ServerError, String(err));
    assert.equal(err.userMessage, "The agent answered without an edited image.");
    assert.deepEqual((await fs.readdir(dir)).sort(), ["elsewhere.png", "harbour.png"]);
  });

  it("Keep puts the new version in the original's place; Undo brings the original back byte for byte and the version back under its name", async () => {
    const t = makeClient(sim.url);
    const edit = await editImage(t.client, { source, instruction: "make the sky pink" });
    const version = await fs.readFile(edit.file);
    const backups = path.join(dir, ".backups");
    const kept = await keepVersion(source, edit.file, backups);
    assert.equal(kept.kept, source);
    assert.deepEqual(await fs.readFile(source), version, "the original's name holds the new version");
    assert.deepEqual((await fs.readdir(dir)).filter((n) => !n.startsWith(".")), ["harbour.png"], "the version moved, not copied");
    assert.deepEqual(await fs.readFile(kept.backup), original, "the backup is the original");
    const undone = await undoKeep(kept);
    assert.equal(undone.version, edit.file);
    assert.deepEqual(await fs.readFile(source), original, "Undo restores the original byte for byte");
    assert.deepEqual(await fs.readFile(edit.file), version);
    assert.deepEqual(await fs.readdir(backups), [], "the backup is used up");
    const again = await rejection(() => undoKeep(kept));
    assert.ok(again instanceof InputError && again.code === "SAVE_FAILED", "a second Undo has no backup to restore");
  });

  it("Keep of a version of another type leaves the original's stem with the version's extension", async () => {
    const jpg = path.join(dir, "photo.jpg");
    await fs.copyFile(path.join(__dirname, "..", "fixtures", "sample.jpg"), jpg);
    const jpgBytes = await fs.readFile(jpg);
    const version = path.join(dir, "photo-edit-1.png");
    await fs.writeFile(version, original);
    const kept = await keepVersion(jpg, version, path.join(dir, ".backups"));
    assert.equal(kept.kept, path.join(dir, "photo.png"));
    await assert.rejects(fs.stat(jpg));
    await undoKeep(kept);
    assert.deepEqual(await fs.readFile(jpg), jpgBytes);
    assert.deepEqual(await fs.readFile(version), original);
    await assert.rejects(fs.stat(path.join(dir, "photo.png")));
  });
});
