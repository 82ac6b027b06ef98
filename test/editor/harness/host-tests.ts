// Mode (a): runs dist/test/suite.js inside the real extension host of code-server.
// code-server starts with the smoke-test driver, the page opens with a `payload` naming the
// repo as extensionDevelopmentPath and the suite as extensionTestsPath; the workbench reports
// the exit code through window.codeAutomationExit, the suite writes its results to a file.
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { formatResults, testResultsSchema, type TestResults } from "../suite/results";
import { DIST, EXTENSION_DEV_PATH } from "./paths";
import { delay } from "./procs";
import { startSession, type SessionOptions } from "./session";

export interface HostTestOptions extends Pick<SessionOptions, "sim" | "env" | "simTimeScale"> {
  runDir: string;
  timeoutMs?: number;
  /** Only run tests whose full title matches (NEMO_TEST_GREP inside the host). */
  grep?: string;
  log?: (line: string) => void;
}

export interface HostTestOutcome {
  exitCode: number;
  results: TestResults | undefined;
  resultsPath: string;
}

export async function runHostTests(opts: HostTestOptions): Promise<HostTestOutcome> {
  const log = opts.log ?? ((l: string) => process.stdout.write(`${l}\n`));
  for (const f of [join(EXTENSION_DEV_PATH, "package.json"), DIST.suite]) {
    if (!existsSync(f)) throw new Error(`${f} is missing: run \`node esbuild.mjs\` first`);
  }
  const resultsPath = join(opts.runDir, "host-results.json");
  const automationLog = join(opts.runDir, "host-automation.log");
  const session = await startSession({
    runDir: opts.runDir,
    sim: opts.sim,
    simTimeScale: opts.simTimeScale,
    smokeTestDriver: true,
    env: { ...opts.env, NEMO_TEST_RESULTS: resultsPath, ...(opts.grep ? { NEMO_TEST_GREP: opts.grep } : {}) },
  });
  try {
    log(`  code-server ${session.server.url}${session.sim ? `, simulator ${session.sim.url}` : ", no simulator"}`);
    const { page, server } = session;
    let reportExit: (code: number) => void = () => undefined;
    const exitCode = new Promise<number>((resolve) => (reportExit = resolve));
    await page.exposeFunction("codeAutomationExit", (code: unknown) => reportExit(Number(code)));
    await page.exposeFunction("codeAutomationLog", (...args: unknown[]) => {
      appendFileSync(automationLog, `${args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" ")}\n`);
    });
    const payload: Array<[string, string]> = [
      ["extensionDevelopmentPath", server.remoteUri(EXTENSION_DEV_PATH)],
      ["extensionTestsPath", server.remoteUri(DIST.suite)],
    ];
    await page.goto(server.openUrl(session.workspace, payload), { waitUntil: "domcontentloaded" });
    const timeoutMs = opts.timeoutMs ?? 10 * 60_000;
    const code = await Promise.race([
      exitCode,
      delay(timeoutMs).then(() => -1),
      session.server.process.exited.then(() => -2),
    ]);
    if (code === -1) log(`  extension-host tests did not finish within ${timeoutMs / 1000} s`);
    if (code === -2) log(`  code-server exited during the tests (log ${session.server.process.logPath})`);
    const results = readResults(resultsPath);
    if (results) log(formatResults(results).split("\n").map((l) => `  ${l}`).join("\n"));
    else log(`  the suite wrote no results to ${resultsPath}; see ${session.browser.consoleLogPath} and ${exthostLogHint(session.server.userDataDir)}`);
    const failed = code !== 0 || !results || results.failed > 0;
    return { exitCode: failed ? 1 : 0, results, resultsPath };
  } finally {
    await session.stop();
  }
}

function readResults(path: string): TestResults | undefined {
  if (!existsSync(path)) return undefined;
  const parsed = testResultsSchema.safeParse(JSON.parse(readFileSync(path, "utf8")));
  return parsed.success ? parsed.data : undefined;
}

function exthostLogHint(userDataDir: string): string {
  return join(userDataDir, "logs", "*", "exthost1", "remoteexthost.log");
}
