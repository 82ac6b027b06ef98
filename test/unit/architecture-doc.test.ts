// docs/ARCHITECTURE.md describes the tree: every folder of src/core and src/extension has its line,
// and every source path it names exists, so moving or renaming a file fails here until the page follows.
import * as assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";

const ROOT = path.join(__dirname, "..", "..");
const doc = readFileSync(path.join(ROOT, "docs", "ARCHITECTURE.md"), "utf8");

function folders(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name);
}

describe("docs/ARCHITECTURE.md", () => {
  for (const dir of ["src/core", "src/extension"]) {
    it(`names every folder of ${dir}`, () => {
      const missing = folders(dir).filter((f) => !doc.includes(`\`${f}/\``));
      assert.deepEqual(missing, [], `${dir} folders without a line in docs/ARCHITECTURE.md`);
    });
  }

  it("every source path it names exists (relative to the repository, src/, src/extension/ or src/core/)", () => {
    const named = [...doc.matchAll(/`([\w./-]+\/[\w.-]+\.(?:ts|cjs|md))`/g)].map((m) => m[1]);
    assert.ok(named.length > 20, `only ${named.length} paths found: the pattern no longer matches the page`);
    const bases = ["", "src", "src/extension", "src/core"];
    const missing = named.filter((p) => !bases.some((b) => existsSync(path.join(ROOT, b, p))));
    assert.deepEqual(missing, [], "paths in docs/ARCHITECTURE.md that do not exist");
  });
});
