// One list of accepted upload formats (src/core/media/formats.ts). The Explorer menu's `when` clause in
// package.json and every file picker must agree with it, in any letter case (.jpeg, .JPEG, .JPG).
import { strict as assert } from "node:assert";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { isUploadableName, UPLOAD_CONTENT_TYPES, UPLOAD_EXTENSIONS, uploadFilterExtensions } from "../../src/core/media";

const ROOT = join(__dirname, "..", "..");

interface MenuItem {
  command: string;
  when?: string;
}
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { contributes: { menus: Record<string, MenuItem[]> } };

/** Every `resourceExtname =~ /…/flags` in any menu (Upload, Process Each…: both upload the files). */
function uploadWhenRegexes(): Array<{ where: string; re: RegExp; alternatives: string[] }> {
  const out = [];
  for (const [where, items] of Object.entries(pkg.contributes.menus)) {
    for (const item of items) {
      // Upload and Process Each take every uploadable type; Show Prompt / Regenerate only images that can carry a record.
      if (!item.when?.includes("resourceExtname") || !/\.(uploadFiles|processEach)$/.test(item.command)) continue;
      const m = /resourceExtname\s*=~\s*\/(.+?)\/([a-z]*)(?:\s|$)/.exec(item.when);
      assert.ok(m, `${where}: cannot read the regex in "${item.when}"`);
      const alternatives = /\(([^()]+)\)/.exec(m[1])?.[1].split("|") ?? [];
      out.push({ where: `${where} ${item.command}`, re: new RegExp(m[1], m[2]), alternatives });
    }
  }
  return out;
}

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((f) => {
    const rel = join(dir, f);
    return statSync(join(ROOT, rel)).isDirectory() ? sources(rel) : rel.endsWith(".ts") ? [rel] : [];
  });
}

describe("upload formats: one list", () => {
  it("is the core's content-type table, lower case, jpeg included", () => {
    assert.deepEqual([...UPLOAD_EXTENSIONS].sort(), Object.keys(UPLOAD_CONTENT_TYPES).sort());
    for (const e of UPLOAD_EXTENSIONS) assert.equal(e, e.toLowerCase());
    for (const name of ["a.jpeg", "a.JPEG", "a.JPG", "a.jpg", "clip.MOV", "song.m4a"]) assert.ok(isUploadableName(name), name);
    for (const name of ["a.txt", "a.jpeg.exe", "jpeg", "a."]) assert.ok(!isUploadableName(name), name);
  });

  it("the Explorer menu offers Upload for exactly those extensions, in any case", () => {
    const found = uploadWhenRegexes();
    assert.ok(found.some((f) => f.where === "explorer/context imageGeneration.uploadFiles"), "no Upload entry in the Explorer menu");
    for (const { where, re, alternatives } of found) {
      assert.ok(re.flags.includes("i"), `${where}: the when clause must ignore case`);
      assert.deepEqual([...alternatives].sort(), [...UPLOAD_EXTENSIONS].sort(), `${where}: the when clause disagrees with the core's list`);
      for (const ext of UPLOAD_EXTENSIONS) {
        assert.ok(re.test(`.${ext}`), `${where}: .${ext}`);
        assert.ok(re.test(`.${ext.toUpperCase()}`), `${where}: .${ext.toUpperCase()}`);
      }
      for (const bad of [".txt", ".mp4.exe", ".jpegx", "jpeg"]) assert.ok(!re.test(bad), `${where}: ${bad}`);
    }
  });

  it("every file picker filters by the same list (both cases)", () => {
    const filters = uploadFilterExtensions();
    for (const ext of UPLOAD_EXTENSIONS) assert.ok(filters.includes(ext) && filters.includes(ext.toUpperCase()), ext);
    let pickers = 0;
    for (const f of sources("src/extension")) {
      const text = readFileSync(join(ROOT, f), "utf8");
      for (const m of text.matchAll(/filters:\s*\{[^}]*\}/g)) {
        if (/save/i.test(text.slice(Math.max(0, (m.index ?? 0) - 200), m.index))) continue; // save dialogs name what they write
        pickers++;
        assert.match(m[0], /uploadFilterExtensions\(\)|\bextensions\b/, `${f}: a file picker with its own list: ${m[0]}`);
      }
      assert.doesNotMatch(text, /\[\s*"mp4",\s*"mov"/, `${f}: a second list of upload formats`);
    }
    assert.ok(pickers >= 2, `only ${pickers} upload pickers found`);
  });
});
