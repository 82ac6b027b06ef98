/**
 * Regenerates package.json's `contributes.languageModelTools` from the tools' one declaration
 * (src/core/agents/lm-manifest.ts). Run after changing a tool's schema or description:
 *   npx tsx scripts/lm-tool-schemas.ts          (writes package.json)
 *   npx tsx scripts/lm-tool-schemas.ts --check  (exit 1 when package.json differs)
 * Every other field of package.json is kept as it is (2-space indentation, final newline).
 */
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { lmToolContributions } from "../src/core/agents";

const file = path.resolve(__dirname, "..", "package.json");
const before = readFileSync(file, "utf8");
const pkg = JSON.parse(before) as { contributes: { languageModelTools?: unknown } };
pkg.contributes.languageModelTools = lmToolContributions();
const after = `${JSON.stringify(pkg, null, 2)}\n`;
if (process.argv.includes("--check")) {
  if (after !== before) {
    process.stderr.write("package.json's languageModelTools differ from the declarations: run npx tsx scripts/lm-tool-schemas.ts\n");
    process.exit(1);
  }
  process.stdout.write("package.json's languageModelTools match the declarations.\n");
} else if (after === before) process.stdout.write("package.json is up to date.\n");
else {
  writeFileSync(file, after);
  process.stdout.write("package.json's languageModelTools regenerated.\n");
}
