/**
 * The layer rules of `npm run lint` (.dependency-cruiser.cjs, issue 20) fail on what they forbid,
 * each with its rule's name, and pass a tree that keeps them. The real dependency-cruiser runs
 * the depcruise half of package.json's `lint` script over small trees written to a temp folder
 * (with its own tsconfig, a stand-in `@types/vscode` and an npm package, so imports resolve as in
 * the repository).
 */
import { strict as assert } from "node:assert";
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "../..");
const DEPCRUISE = path.join(ROOT, "node_modules/dependency-cruiser/bin/dependency-cruise.mjs");

/** The depcruise command of `npm run lint`, its config made absolute (the fixture is elsewhere). */
function lintArgs(): string[] {
  const script = (JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts.lint;
  const part = script.split("&&").map((s) => s.trim()).find((s) => s.startsWith("depcruise "));
  assert.ok(part, `npm run lint runs depcruise (lint is: ${script})`);
  const args = part.split(/\s+/).slice(1);
  const at = args.indexOf("--config");
  assert.ok(at >= 0, "lint's depcruise names its config");
  args[at + 1] = path.join(ROOT, args[at + 1]);
  return args;
}

/** Writes a tree: the fixture's own tsconfig, a stand-in editor API and an npm package. */
function writeTree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "layers-"));
  const all: Record<string, string> = {
    "tsconfig.json": JSON.stringify({ compilerOptions: { module: "commonjs", moduleResolution: "node", strict: true }, include: ["src", "webview"] }),
    "node_modules/@types/vscode/package.json": JSON.stringify({ name: "@types/vscode", version: "1.95.0", types: "index.d.ts" }),
    "node_modules/@types/vscode/index.d.ts": 'declare module "vscode" { export const version: string; }\n',
    "node_modules/tiny-pkg/package.json": JSON.stringify({ name: "tiny-pkg", version: "1.0.0", main: "index.js" }),
    "node_modules/tiny-pkg/index.js": "exports.tiny = 1;\n",
    ...files,
  };
  for (const [name, text] of Object.entries(all)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

function depcruise(cwd: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [DEPCRUISE, ...lintArgs()], { cwd, env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" } }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === "number" ? err.code : 1) : 0;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });
}

/** A tree that keeps every rule: each layer used the way the house allows. */
const CLEAN: Record<string, string> = {
  "src/core/a.ts": "export const a = 1;\n",
  "src/core/b.ts": 'import { a } from "./a";\nexport const b = a + 1;\n',
  "src/core/types.ts": "export interface Shape { ratio: string }\n",
  "src/shared/protocol.ts": 'import { a } from "../core/a";\nimport type { Shape } from "../core/types";\nexport const p: Shape = { ratio: String(a) };\n',
  "src/extension/extension.ts": 'import * as vscode from "vscode";\nimport { b } from "../core/b";\nimport { p } from "../shared/protocol";\nexport const e = [vscode.version, b, p];\n',
  "src/cli/main.ts": 'import { b } from "../core/b";\nimport { tiny } from "tiny-pkg";\nexport const c = b + tiny;\n',
  "webview/main.ts": 'import { p } from "../src/shared/protocol";\nimport { tiny } from "tiny-pkg";\nimport type { Row } from "./rows";\nexport const w: Row = { p, tiny };\n',
  "webview/rows.ts": "export interface Row { p: unknown; tiny: number }\n",
};

describe("layers (npm run lint's dependency-cruiser rules)", function () {
  this.timeout(180_000); // a real depcruise process; the machines are loaded
  const dirs: string[] = [];
  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it("passes a tree that keeps the layers", async () => {
    const dir = writeTree(CLEAN);
    dirs.push(dir);
    const r = await depcruise(dir);
    assert.equal(r.code, 0, r.output);
    assert.match(r.output, /no dependency violations found/);
  });

  it("fails each injected violation with its rule's name, and nothing else", async () => {
    const dir = writeTree({
      ...CLEAN,
      // A circle closed by a type-only import.
      "src/core/turn.ts": 'import { watch } from "./watch";\nexport interface TurnDeps { n: number }\nexport const turn = watch;\n',
      "src/core/watch.ts": 'import type { TurnDeps } from "./turn";\nexport const watch = (d: TurnDeps): number => d.n;\n',
      // The core reaching for the editor, and for an adapter.
      "src/core/editor.ts": 'import * as vscode from "vscode";\nexport const v = vscode.version;\n',
      "src/core/reach.ts": 'import { c } from "../cli/main";\nexport const r = c;\n',
      // An adapter importing another adapter.
      "src/cli/uses-extension.ts": 'import { e } from "../extension/extension";\nexport const u = e;\n',
      // The webview importing the core directly.
      "webview/uses-core.ts": 'import { a } from "../src/core/a";\nexport const x = a;\n',
    });
    dirs.push(dir);
    const r = await depcruise(dir);
    assert.notEqual(r.code, 0, r.output);
    const errors = r.output.split("\n").filter((l) => /^\s*error /.test(l)).map((l) => l.trim());
    assert.deepEqual(errors.sort(), [
      "error adapters-import-no-other-adapter: src/cli/uses-extension.ts → src/extension/extension.ts",
      "error core-imports-no-adapter: src/core/reach.ts → src/cli/main.ts",
      "error core-imports-no-vscode: src/core/editor.ts → node_modules/@types/vscode/index.d.ts",
      "error no-circular: src/core/turn.ts →",
      "error webview-imports-only-webview-and-shared: webview/uses-core.ts → src/core/a.ts",
    ].sort(), r.output);
    // The circle's lines name both files.
    assert.match(r.output, /no-circular: src\/core\/turn\.ts →\s+src\/core\/watch\.ts →\s+src\/core\/turn\.ts/, r.output);
  });

  it("fails the product importing test code, the webview reaching for the editor, and a view importing a command", async () => {
    const dir = writeTree({
      ...CLEAN,
      "src/extension/commands/generate.ts": "export const generate = 1;\n",
      "src/extension/views/tree.ts": 'import { generate } from "../commands/generate";\nexport const t = generate;\n',
      "test/helpers/fake.ts": "export const fake = 1;\n",
      "src/core/uses-test.ts": 'import { fake } from "../../test/helpers/fake";\nexport const f = fake;\n',
      "webview/uses-editor.ts": 'import * as vscode from "vscode";\nexport const v = vscode.version;\n',
    });
    dirs.push(dir);
    const r = await depcruise(dir);
    assert.notEqual(r.code, 0, r.output);
    assert.match(r.output, /error product-imports-no-test-code: src\/core\/uses-test\.ts → test\/helpers\/fake\.ts/, r.output);
    assert.match(r.output, /error webview-imports-only-webview-and-shared: webview\/uses-editor\.ts → node_modules\/@types\/vscode\/index\.d\.ts/, r.output);
    assert.match(r.output, /error extension-views-import-no-commands: src\/extension\/views\/tree\.ts → src\/extension\/commands\/generate\.ts/, r.output);
  });
});
