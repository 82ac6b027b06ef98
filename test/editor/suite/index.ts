// The in-editor test runner: the module VS Code loads as `extensionTestsPath` (bundled by
// esbuild.mjs to dist/test/suite.js with `vscode` and `mocha` external). It exports `run()`, the
// contract shared by @vscode/test-electron (run-electron.ts) and the code-server harness.
// Results go to stdout and, when NEMO_TEST_RESULTS is set, to that file (JSON) and <file>.txt.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import Mocha from "mocha";
import { collectResults, formatResults } from "./results";

/**
 * Every in-editor suite, loaded lazily so that mocha's `describe`/`it` exist when they run.
 * ADD NEW SUITES HERE: one line per test/editor/suite/*.test.ts (run-editor-tests.ts fails when a
 * file is missing from this list).
 */
export const SUITES: Record<string, () => Promise<unknown>> = {
  "smoke.test.ts": () => import("./smoke.test"),
  "ext-commands.test.ts": () => import("./ext-commands.test"),
  "ext-flows.test.ts": () => import("./ext-flows.test"),
  "ext-errors.test.ts": () => import("./ext-errors.test"),
  "agents.test.ts": () => import("./agents.test"),
  "ext-exports.test.ts": () => import("./ext-exports.test"),
  "ext-selection.test.ts": () => import("./ext-selection.test"),
  "ext-batch.test.ts": () => import("./ext-batch.test"),
  "ext-rules.test.ts": () => import("./ext-rules.test"),
  "ext-chat-session.test.ts": () => import("./ext-chat-session.test"),
  "ext-reference-shape.test.ts": () => import("./ext-reference-shape.test"),
  "ext-edit.test.ts": () => import("./ext-edit.test"),
  "ext-parallel.test.ts": () => import("./ext-parallel.test"),
  "ext-gallery.test.ts": () => import("./ext-gallery.test"),
  "ext-surface-jobs.test.ts": () => import("./ext-surface-jobs.test"),
};

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: "bdd", color: false, timeout: 60_000, reporter: "spec" });
  if (process.env.NEMO_TEST_GREP) mocha.grep(process.env.NEMO_TEST_GREP);
  // Define describe/it/before... on the global object, as mocha does before requiring a file.
  mocha.suite.emit("pre-require", globalThis, "bundle", mocha);
  for (const load of Object.values(SUITES)) await load();

  const results = await collectResults("extension host", (done) => mocha.run(done));
  const text = formatResults(results);
  process.stdout.write(`${text}\n`);
  const out = process.env.NEMO_TEST_RESULTS;
  if (out) {
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, JSON.stringify(results, null, 2));
    writeFileSync(`${out}.txt`, `${text}\n`);
  }
  if (results.failed > 0 || results.passed === 0) {
    throw new Error(results.failed > 0 ? `${results.failed} test(s) failed` : "no test ran");
  }
}
