// The same in-editor suite on desktop VS Code, for machines where @vscode/test-electron CAN
// download VS Code (not these build machines: update.code.visualstudio.com is unreachable here;
// use `npm run test:editor`, which runs the suite in code-server).
//   npm run build && npx tsx test/editor/run-electron.ts [--vscode-version 1.95.0]
// Starts the simulator when dist/sim.js exists and points the extension at it, like the harness.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { runTests } from "@vscode/test-electron";
import { formatResults, testResultsSchema } from "./suite/results";
import { DIST, REPO_ROOT, makeRunDir } from "./harness/paths";
import { cleanupAll } from "./harness/procs";
import { makeWorkspace } from "./harness/session";
import { startSim } from "./harness/sim";

async function main(): Promise<number> {
  if (!existsSync(DIST.suite)) throw new Error(`${DIST.suite} is missing: run \`npm run build\` first`);
  const runDir = makeRunDir("electron");
  const workspace = makeWorkspace(join(runDir, "workspace"));
  const resultsPath = join(runDir, "host-results.json");
  const sim = existsSync(DIST.sim) ? await startSim({ runDir }) : undefined;
  const versionIndex = process.argv.indexOf("--vscode-version");
  const userDataDir = join(runDir, "ud");
  mkdirSync(userDataDir, { recursive: true });
  let exitCode = 0;
  try {
    exitCode = await runTests({
      version: versionIndex > 0 ? process.argv[versionIndex + 1] : undefined,
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: DIST.suite,
      launchArgs: [workspace, "--disable-extensions", "--disable-workspace-trust", `--user-data-dir=${userDataDir}`],
      extensionTestsEnv: {
        NEMO_TEST_RESULTS: resultsPath,
        ...(sim ? { NEMO_API_URL: sim.url, NEMO_WEB_URL: sim.url } : {}),
      },
    });
  } catch (err) {
    console.error(`[run-electron] ${err instanceof Error ? err.message : String(err)}`);
    exitCode = 1;
  } finally {
    await sim?.stop();
  }
  if (existsSync(resultsPath)) {
    const results = testResultsSchema.parse(JSON.parse(readFileSync(resultsPath, "utf8")));
    console.log(formatResults(results));
  }
  return exitCode;
}

main()
  .then(async (code) => {
    await cleanupAll();
    process.exit(code);
  })
  .catch(async (err: unknown) => {
    console.error(`[run-electron] ${err instanceof Error ? err.message : String(err)}`);
    await cleanupAll();
    process.exit(1);
  });
