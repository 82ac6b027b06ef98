/**
 * Where the chat history lives: keyed by the workspace under the global storage, so a window
 * reloaded while the old extension host still held the workspace storage lock (and was given a
 * `-1` sibling folder) still finds it; an earlier version's file is adopted once, the newest copy.
 */
import { strict as assert } from "node:assert";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { silentLogger } from "../../src/core/support";
import { adoptLegacyHistory, historyPlace } from "../../src/extension/chat/history-location";

describe("chat history location", () => {
  let root: string;
  beforeEach(async () => (root = await fs.mkdtemp(path.join(os.tmpdir(), "history-place-"))));
  afterEach(() => fs.rm(root, { recursive: true, force: true }));

  const globalDir = (): string => path.join(root, "globalStorage", "nemo-labs.ext");
  const wsDir = (suffix = ""): string => path.join(root, "workspaceStorage", `-54a69ee${suffix}`, "nemo-labs.ext");

  it("is the same file whichever lock-suffixed workspace storage folder the window was given", () => {
    const ids = ["file:///home/me/project"];
    const a = historyPlace(globalDir(), wsDir(), ids);
    const b = historyPlace(globalDir(), wsDir("-1"), ids);
    assert.equal(a.file, b.file);
    assert.ok(a.file.startsWith(globalDir()));
    assert.notEqual(historyPlace(globalDir(), wsDir(), ["file:///home/me/other"]).file, a.file, "another workspace, another file");
    assert.deepEqual(a.legacy, b.legacy);
    assert.ok(a.legacy.includes(path.join(wsDir(), "chat-history.json")) && a.legacy.includes(path.join(wsDir("-1"), "chat-history.json")));
  });

  it("with no folder open, the global history file as before", () => {
    assert.deepEqual(historyPlace(globalDir(), undefined, []), { file: path.join(globalDir(), "chat-history.json"), legacy: [] });
  });

  it("adopts the most recently written earlier history (with its journal) once, and never overwrites", async () => {
    const place = historyPlace(globalDir(), wsDir("-1"), ["file:///home/me/project"]);
    const old = path.join(wsDir(), "chat-history.json");
    const newer = path.join(wsDir("-1"), "chat-history.json");
    for (const [file, n] of [[old, 2], [newer, 39]] as const) {
      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.writeFile(file, JSON.stringify({ version: 1, messages: Array.from({ length: n }, () => ({})) }));
    }
    await fs.writeFile(`${newer}.journal`, "{}\n");
    const past = new Date(Date.now() - 60_000);
    await fs.utimes(old, past, past);
    await adoptLegacyHistory(place, silentLogger);
    assert.equal(JSON.parse(await fs.readFile(place.file, "utf8")).messages.length, 39);
    assert.equal(await fs.readFile(`${place.file}.journal`, "utf8"), "{}\n");
    // Once the new file exists, nothing is copied over it again.
    await fs.writeFile(place.file, JSON.stringify({ version: 1, messages: [] }));
    await adoptLegacyHistory(place, silentLogger);
    assert.equal(JSON.parse(await fs.readFile(place.file, "utf8")).messages.length, 0);
  });
});
