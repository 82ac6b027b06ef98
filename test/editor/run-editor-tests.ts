// `npm run test:editor`: setup (cached) -> build -> extension-host suite in code-server ->
// Playwright UI tests -> one closing line "N passed, N failed". Exit code 1 on any failure.
// Flags: --host-only, --ui-only, --no-setup, --no-build, --grep <pattern>, --headed (UI only,
// needs a display). Output of every run: .artifacts/editor-run-<ts>/ (see test/editor/README.md).
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { TestResults } from "./suite/results";
import { runHostTests } from "./harness/host-tests";
import { REPO_ROOT, makeRunDir } from "./harness/paths";
import { cleanupAll } from "./harness/procs";
import { runUiTests } from "./harness/ui";

const argv = process.argv.slice(2);
const has = (flag: string) => argv.includes(flag);
const grepIndex = argv.indexOf("--grep");
const grep = grepIndex >= 0 ? argv[grepIndex + 1] : undefined;

function say(line: string): void {
  console.log(`[editor-tests] ${line}`);
}

/** index.ts imports every suite statically (one bundle); fail when a *.test.ts is not listed. */
function checkSuiteList(): void {
  const dir = join(REPO_ROOT, "test", "editor", "suite");
  const index = readFileSync(join(dir, "index.ts"), "utf8");
  const missing = readdirSync(dir)
    .filter((f) => f.endsWith(".test.ts"))
    .filter((f) => !index.includes(`"./${f.replace(/\.ts$/, "")}"`));
  if (missing.length) {
    throw new Error(`add ${missing.join(", ")} to SUITES in test/editor/suite/index.ts (it would never run)`);
  }
}

async function main(): Promise<number> {
  const started = Date.now();
  checkSuiteList();
  if (!has("--no-setup")) {
    say("setup (cached after the first run)");
    execFileSync("bash", [join(REPO_ROOT, "scripts", "setup-editor.sh")], { stdio: "inherit" });
  }
  if (!has("--no-build")) {
    say("build: node esbuild.mjs");
    const build = spawnSync(process.execPath, ["esbuild.mjs"], { cwd: REPO_ROOT, encoding: "utf8" });
    if (build.status !== 0) throw new Error(`build failed:\n${build.stderr}`);
  }
  const runDir = makeRunDir();
  say(`run folder ${runDir}`);
  const all: TestResults[] = [];
  // A run that failed without a failed test record (crash, timeout, no results) still counts.
  let unrecordedFailures = 0;

  if (!has("--ui-only")) {
    say("extension-host suite (code-server, smoke-test driver)");
    const hostDir = join(runDir, "host");
    mkdirSync(hostDir, { recursive: true });
    const outcome = await runHostTests({ runDir: hostDir, grep });
    if (outcome.results) all.push(outcome.results);
    if (outcome.exitCode !== 0 && !outcome.results?.failed) unrecordedFailures += 1;
  }

  if (!has("--host-only")) {
    say("UI tests (Playwright, extension installed from a .vsix)");
    const uiDir = join(runDir, "ui");
    mkdirSync(uiDir, { recursive: true });
    all.push(await runUiTests({ runDir: uiDir, grep, headless: !has("--headed") }));
  }

  const passed = all.reduce((n, r) => n + r.passed, 0);
  const failed = all.reduce((n, r) => n + r.failed, 0) + unrecordedFailures;
  say(`logs and results: ${runDir} (screenshots: .artifacts/screenshots/)`);
  say(`finished in ${Math.round((Date.now() - started) / 1000)} s`);
  console.log(`${passed} passed, ${failed} failed`);
  return failed > 0 || passed === 0 ? 1 : 0;
}

main()
  .then(async (code) => {
    await cleanupAll();
    process.exit(code);
  })
  .catch(async (err: unknown) => {
    console.error(`[editor-tests] ${err instanceof Error ? err.message : String(err)}`);
    await cleanupAll();
    console.log("0 passed, 1 failed");
    process.exit(1);
  });
