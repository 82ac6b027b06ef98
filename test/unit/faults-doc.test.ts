// docs/FAULTS.md ties every injected fault to a test by file and title: each title must still exist,
// so renaming or deleting a test that guards a fault fails here until the matrix is updated.
import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";

const ROOT = path.join(__dirname, "..", "..");
const doc = readFileSync(path.join(ROOT, "docs", "FAULTS.md"), "utf8");

/** `nf` = `test/integration/net-faults.test.ts` etc., from the legend. */
function abbreviations(): Map<string, string> {
  const map = new Map<string, string>();
  for (const m of doc.matchAll(/`(\w+)` = `(test\/[^`]+)`/g)) map.set(m[1], m[2]);
  return map;
}

/** Test titles of a file: literal ones as they are, template ones as patterns (`${x}` matches anything). */
function titles(file: string): Array<(title: string) => boolean> {
  const text = readFileSync(path.join(ROOT, file), "utf8");
  const out: Array<(title: string) => boolean> = [];
  for (const m of text.matchAll(/\b(?:it|describe)\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|`((?:[^`\\]|\\.)*)`)/g)) {
    if (m[1] !== undefined || m[2] !== undefined) {
      const literal = (m[1] ?? m[2]).replace(/\\(.)/g, "$1");
      out.push((t) => t === literal);
    } else {
      const pattern = m[3].split(/\$\{[^}]*\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(".+");
      out.push((t) => new RegExp(`^${pattern}$`).test(t));
    }
  }
  return out;
}

describe("docs/FAULTS.md", () => {
  const rows = doc.split("\n").filter((l) => /^\| \d+ \|/.test(l));

  it("has at least 35 fault rows, numbered in order", () => {
    assert.ok(rows.length >= 35, `${rows.length} rows`);
    rows.forEach((row, i) => assert.ok(row.startsWith(`| ${i + 1} |`), `row ${i + 1}: ${row.slice(0, 40)}`));
  });

  it("every row names a test that exists, by file and exact title", () => {
    const abbr = abbreviations();
    const cache = new Map<string, Array<(t: string) => boolean>>();
    for (const row of rows) {
      const cell = row.split(" | ").at(-1) ?? "";
      let file: string | undefined;
      let checked = 0;
      // `nf` — "title"; "another title in the same file"; `test/unit/x.test.ts` — "title"
      for (const m of cell.matchAll(/`([\w./-]+)`(?= —)|"((?:[^"\\]|\\.)+)"/g)) {
        if (m[1] !== undefined) {
          file = abbr.get(m[1]) ?? m[1];
          continue;
        }
        assert.ok(file, `a title before any file in: ${row.slice(0, 60)}`);
        if (!cache.has(file)) cache.set(file, titles(file));
        const title = m[2];
        assert.ok(cache.get(file)?.some((matches) => matches(title)), `${file} has no test "${title}"`);
        checked++;
      }
      assert.ok(checked > 0, `no test named in: ${row.slice(0, 60)}`);
    }
  });
});
