/**
 * Activation benchmark (not a test): `npx tsx bench/activation.ts [--compare <dir>]` (BENCH_REPS
 * sessions, default 3; needs `npm run setup:editor` once). Measures what start-up really costs: the
 * extension host's own activation time of this extension (production build, installed as a VSIX,
 * activated `onStartupFinished` as users get it) against two empty extensions activated by the same
 * event in the same window. The times are the host's own — "Developer: Show Running Extensions"
 * shows `codeLoadingTime + activateCallTime` per extension (VS Code's ExtensionsStatus); Playwright
 * opens that editor and reads them once every row is activated.
 * Reported: this extension minus the mean of the two empty ones, median over the sessions.
 * Target: ≤ +30 ms. Also printed: the size of each VSIX it installs (target ≤ 600 KB), packaged as
 * the UI tests package it. `--compare <dir>` also runs sessions with `<dir>`'s build (e.g. main in a
 * temp clone), interleaved, for before/after figures.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { packageVsix } from "../test/editor/harness/ui";
import { runCommand, waitForWorkbench } from "../test/editor/harness/workbench";
import { startSession } from "../test/editor/harness/session";
import { main, median, ms, printTable, ROOT, type Row, tmpPath } from "./lib";

const REPS = Number(process.env.BENCH_REPS ?? 3);
const EMPTY = ["Bench Empty A", "Bench Empty B"];
const OURS = (JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { displayName: string }).displayName;

/** An extension that does nothing, activated like ours (onStartupFinished), packaged as a VSIX. */
function emptyExtension(dir: string, name: string, displayName: string): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "README.md"), "Empty extension for the activation benchmark.\n");
  writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify({ name, displayName, publisher: "bench", version: "0.0.1", engines: { vscode: "^1.95.0" }, main: "./extension.js", activationEvents: ["onStartupFinished"] }),
  );
  writeFileSync(path.join(dir, "extension.js"), "exports.activate = function () {};\n");
  const vsix = path.join(dir, `${name}.vsix`);
  const vsce = path.join(ROOT, "node_modules", ".bin", "vsce");
  execFileSync(vsce, ["package", "--allow-missing-repository", "--skip-license", "--out", vsix], { cwd: dir, stdio: "ignore" });
  return vsix;
}

/** One window: the host's activation time (ms) of each named extension, read from Running Extensions. */
async function session(runDir: string, vsixes: string[]): Promise<Record<string, number>> {
  const s = await startSession({ runDir, sim: "off", installVsix: vsixes });
  try {
    await s.page.goto(s.server.openUrl(s.workspace), { waitUntil: "domcontentloaded", timeout: 180_000 });
    await waitForWorkbench(s.page, { explorerFile: "README.md", activityBarEntry: "Image Generation", timeoutMs: 120_000 });
    await runCommand(s.page, "Developer: Show Running Extensions", 60_000);
    const wanted = [OURS, ...EMPTY];
    const deadline = Date.now() + 120_000;
    const out: Record<string, number> = {};
    for (;;) {
      const rows = await s.page.locator(".runtime-extensions-editor .monaco-list-row").evaluateAll((els) =>
        els.map((el) => ({
          name: el.querySelector(".name")?.textContent ?? "",
          time: el.querySelector(".activation-time")?.textContent ?? "",
        })),
      );
      for (const r of rows) {
        const m = /Activation:\s*([\d.]+)\s*ms/.exec(r.time);
        if (wanted.includes(r.name) && m) out[r.name] = Number(m[1]);
      }
      if (wanted.every((n) => n in out)) return out;
      if (Date.now() > deadline) throw new Error(`no activation time for ${wanted.filter((n) => !(n in out)).join(", ")} (rows: ${JSON.stringify(rows)})`);
      // The list is virtual: scroll so every row gets rendered, then read again.
      await s.page.locator(".runtime-extensions-editor .monaco-list").first().hover().catch(() => undefined);
      await s.page.mouse.wheel(0, 400);
      await s.page.waitForTimeout(500);
    }
  } finally {
    await s.stop();
  }
}

main(async () => {
  const i = process.argv.indexOf("--compare");
  const compare = i > 0 ? path.resolve(process.argv[i + 1]) : undefined;
  const base = tmpPath("activation");
  mkdirSync(base, { recursive: true });
  const builds: { name: string; dir: string; vsix: string; bytes: number }[] = [];
  for (const [name, dir] of [["this build", ROOT], ...(compare ? [[path.basename(compare), compare]] : [])]) {
    execFileSync("node", ["esbuild.mjs", "--production"], { cwd: dir, stdio: "ignore" });
    const bytes = readFileSync(path.join(dir, "dist", "extension.js")).length; // what the VSIX ships
    builds.push({ name, dir, bytes, vsix: await packageVsix(dir, path.join(base, `${builds.length}-extension.vsix`)) });
  }
  const empties = EMPTY.map((n, k) => emptyExtension(path.join(base, `empty-${k}`), `empty-${k}`, n));

  const results = builds.map(() => ({ ours: [] as number[], empty: [] as number[], delta: [] as number[] }));
  for (let r = 0; r < REPS; r++) {
    for (let b = 0; b < builds.length; b++) {
      const t = await session(path.join(base, `run-${r}-${b}`), [builds[b].vsix, ...empties]);
      const empty = (t[EMPTY[0]] + t[EMPTY[1]]) / 2;
      results[b].ours.push(t[OURS]);
      results[b].empty.push(empty);
      results[b].delta.push(t[OURS] - empty);
      console.error(`session ${r + 1}, ${builds[b].name}: this extension ${t[OURS]} ms, empty ${t[EMPTY[0]]} / ${t[EMPTY[1]]} ms`);
    }
  }
  const rows: Row[] = [];
  builds.forEach((b, k) => {
    const d = median(results[k].delta);
    rows.push({ measure: `${b.name}: this extension, host activation (dist/extension.js ${(b.bytes / 1024).toFixed(1)} KB)`, value: ms(median(results[k].ours)), target: "", ok: undefined });
    rows.push({ measure: `${b.name}: empty extension (mean of two)`, value: ms(median(results[k].empty)), target: "", ok: undefined });
    rows.push({ measure: `${b.name}: difference`, value: `+${d.toFixed(1)} ms`, target: "≤ +30 ms", ok: d <= 30 });
    const vsix = statSync(b.vsix).size;
    rows.push({ measure: `${b.name}: .vsix`, value: `${(vsix / 1024).toFixed(1)} KB (${vsix.toLocaleString("en")} B)`, target: "≤ 600 KB", ok: vsix <= 600 * 1024 });
  });
  printTable(`Activation in code-server, the extension host's own times (median of ${REPS} sessions)`, rows);
});
