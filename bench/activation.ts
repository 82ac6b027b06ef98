/**
 * Activation benchmark (not a test): `npx tsx bench/activation.ts` (BENCH_REPS sessions, default 3;
 * needs `npm run setup:editor` once). In code-server (test/editor/harness), one extension host runs
 * this extension (production build) next to two empty extensions; a tiny tests module activates
 * empty A, this extension, then empty B with `vscode.extensions.getExtension(id).activate()` and
 * times each call inside the extension host (loading the main file + running activate()), after
 * the window's own start-up work has settled. Reported:
 * this extension's time minus the mean of the two empty ones, median over the sessions.
 * Target: ≤ +30 ms.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { delay } from "../test/editor/harness/procs";
import { EXTENSION_DEV_PATH, EXTENSION_ID } from "../test/editor/harness/paths";
import { startSession } from "../test/editor/harness/session";
import { main, median, ms, printTable, ROOT, tmpPath } from "./lib";

const REPS = Number(process.env.BENCH_REPS ?? 3);
const EMPTY = ["bench.empty-a", "bench.empty-b"];

/** The module the extension host loads as extensionTestsPath: time each activation, write JSON, exit. */
const MEASURE = `
const vscode = require("vscode");
const fs = require("fs");
exports.run = async function () {
  // Let the window's own start-up work (built-in extensions, the workbench) finish first: a busy
  // extension host queues activations and would time the queue, not the extension.
  await new Promise((r) => setTimeout(r, 8000));
  const ids = ${JSON.stringify([EMPTY[0], EXTENSION_ID, EMPTY[1]])};
  const out = {};
  for (const id of ids) {
    const ext = vscode.extensions.getExtension(id);
    if (!ext) { out[id] = { missing: true }; continue; }
    const wasActive = ext.isActive;
    const t0 = performance.now();
    await ext.activate();
    out[id] = { ms: performance.now() - t0, wasActive };
  }
  fs.writeFileSync(process.env.BENCH_OUT, JSON.stringify(out));
};
`;

/** An extension that does nothing, packaged as a VSIX (code-server loads one development path only). */
function emptyExtension(dir: string, name: string): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "README.md"), "Empty extension for the activation benchmark.\n");
  writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify({ name, publisher: "bench", version: "0.0.1", engines: { vscode: "^1.95.0" }, main: "./extension.js", activationEvents: [] }),
  );
  writeFileSync(path.join(dir, "extension.js"), "exports.activate = function () {};\n");
  const vsix = path.join(dir, `${name}.vsix`);
  const vsce = path.join(ROOT, "node_modules", ".bin", "vsce");
  execFileSync(vsce, ["package", "--allow-missing-repository", "--skip-license", "--out", vsix], { cwd: dir, stdio: "ignore" });
  return vsix;
}

type Sample = Record<string, { ms?: number; wasActive?: boolean; missing?: boolean }>;

async function session(runDir: string, vsixes: string[], measure: string): Promise<Sample> {
  const out = path.join(runDir, "activation.json");
  const s = await startSession({ runDir, sim: "off", smokeTestDriver: true, installVsix: vsixes, env: { BENCH_OUT: out } });
  try {
    let reportExit: (code: number) => void = () => undefined;
    const exited = new Promise<number>((resolve) => (reportExit = resolve));
    await s.page.exposeFunction("codeAutomationExit", (code: unknown) => reportExit(Number(code)));
    await s.page.exposeFunction("codeAutomationLog", () => undefined);
    const payload: Array<[string, string]> = [
      ["extensionDevelopmentPath", s.server.remoteUri(EXTENSION_DEV_PATH)],
      ["extensionTestsPath", s.server.remoteUri(measure)],
    ];
    await s.page.goto(s.server.openUrl(s.workspace, payload), { waitUntil: "domcontentloaded" });
    await Promise.race([exited, delay(180_000)]);
    if (!existsSync(out)) throw new Error(`no timing written (see ${runDir})`);
    return JSON.parse(readFileSync(out, "utf8")) as Sample;
  } finally {
    await s.stop();
  }
}

main(async () => {
  execFileSync("node", ["esbuild.mjs", "--production"], { cwd: ROOT, stdio: "ignore" });
  const base = tmpPath("activation");
  const dirs = EMPTY.map((id) => path.join(base, id.split(".")[1]));
  const vsixes = EMPTY.map((id, i) => emptyExtension(dirs[i], id.split(".")[1]));
  const measure = path.join(base, "measure.js");
  writeFileSync(measure, MEASURE);
  const extBytes = readFileSync(path.join(ROOT, "dist", "extension.js")).length;

  const ours: number[] = [];
  const empties: number[] = [];
  const deltas: number[] = [];
  for (let r = 0; r < REPS; r++) {
    const sample = await session(path.join(base, `run-${r}`), vsixes, measure);
    const o = sample[EXTENSION_ID];
    const e = EMPTY.map((id) => sample[id]?.ms ?? NaN);
    if (o?.ms === undefined || o.wasActive || e.some(Number.isNaN)) throw new Error(`unusable sample: ${JSON.stringify(sample)}`);
    const empty = (e[0] + e[1]) / 2;
    ours.push(o.ms);
    empties.push(empty);
    deltas.push(o.ms - empty);
    console.error(`session ${r + 1}: this extension ${o.ms.toFixed(1)} ms, empty ${e.map((x) => x.toFixed(1)).join(" / ")} ms`);
  }
  const d = median(deltas);
  printTable(`Activation in code-server (median of ${REPS} sessions; dist/extension.js ${(extBytes / 1024).toFixed(1)} KB)`, [
    { measure: "this extension: activate()", value: ms(median(ours)), target: "", ok: undefined },
    { measure: "empty extension: activate() (mean of two)", value: ms(median(empties)), target: "", ok: undefined },
    { measure: "difference", value: `+${d.toFixed(1)} ms`, target: "≤ +30 ms", ok: d <= 30 },
  ]);
});
