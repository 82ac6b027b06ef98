// The extension's manifest and translations stay consistent: every contributed string has an
// English and a Chinese entry, every runtime string of src/extension is in both l10n bundles.
import { strict as assert } from "node:assert";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { uploadWhenRegex } from "../../src/core/media";

const ROOT = join(__dirname, "..", "..");
const read = (p: string): string => readFileSync(join(ROOT, p), "utf8");
const json = (p: string): Record<string, unknown> => JSON.parse(read(p)) as Record<string, unknown>;

function files(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((f) => {
    const rel = join(dir, f);
    return statSync(join(ROOT, rel)).isDirectory() ? files(rel) : rel.endsWith(".ts") ? [rel] : [];
  });
}

describe("extension manifest and l10n", () => {
  const pkgText = read("package.json");
  const pkg = JSON.parse(pkgText) as { activationEvents: string[]; contributes: { commands: Array<{ command: string; title: string; category?: string }>; menus: Record<string, Array<{ command: string; when?: string }>> } };

  it("has an English and a Chinese value for every %key% of package.json", () => {
    const keys = [...pkgText.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]);
    assert.ok(keys.length > 20);
    const en = json("package.nls.json");
    const zh = json("package.nls.zh-cn.json");
    for (const k of keys) {
      assert.equal(typeof en[k], "string", `package.nls.json lacks ${k}`);
      assert.equal(typeof zh[k], "string", `package.nls.zh-cn.json lacks ${k}`);
    }
  });

  it("has every runtime string of src/extension in both l10n bundles", () => {
    const en = json("l10n/bundle.l10n.json");
    const zh = json("l10n/bundle.l10n.zh-cn.json");
    const ours = files("src/extension").filter((f) => !f.includes(`${join("src", "extension", "chat")}`));
    let count = 0;
    for (const f of ours) {
      for (const m of read(f).matchAll(/l10n\.t\(\s*("(?:[^"\\]|\\.)*")/g)) {
        const key = JSON.parse(m[1]) as string;
        count++;
        assert.equal(en[key], key, `${f}: "${key}" missing from l10n/bundle.l10n.json`);
        assert.equal(typeof zh[key], "string", `${f}: "${key}" missing from l10n/bundle.l10n.zh-cn.json`);
        const placeholders = (s: string) => [...s.matchAll(/\{\d+\}/g)].map((x) => x[0]).sort().join();
        assert.equal(placeholders(zh[key] as string), placeholders(key), `placeholders differ for "${key}"`);
      }
    }
    assert.ok(count > 50);
  });

  it("activates lazily and keeps tree-only commands out of the palette", () => {
    assert.ok(!pkg.activationEvents.includes("*"));
    // The credits item shows after start-up (issue 9, finding 15); activation stays light and offline.
    assert.deepEqual(pkg.activationEvents, ["onStartupFinished"]);
    const palette = pkg.contributes.menus.commandPalette ?? [];
    for (const id of ["imageGeneration.downloadMedia", "imageGeneration.revealExport"]) {
      assert.equal(palette.find((m) => m.command === id)?.when, "false", id);
    }
    const explorer = pkg.contributes.menus["explorer/context"].find((m) => m.command === "imageGeneration.uploadFiles");
    assert.ok(explorer?.when?.includes("resourceExtname =~"));
    assert.ok(explorer?.when?.includes(uploadWhenRegex()), "the Explorer when clause drifted from UPLOAD_EXTENSIONS");
    for (const c of pkg.contributes.commands.filter((c) => c.command.startsWith("imageGeneration."))) {
      assert.equal(c.category, "%category%", c.command);
    }
  });
});
