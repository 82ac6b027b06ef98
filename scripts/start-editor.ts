// `npm start` / `npm run demo`: run the extension in an editor.
//   - desktop VS Code (`code` on PATH): code --extensionDevelopmentPath=<repo> <workspace>
//   - otherwise code-server on 127.0.0.1 (PORT or a free port) with the freshly packaged extension
//     installed into a persistent profile (.cache/editor-profile/); open the printed URL.
// Flags: --sim (npm run demo) also starts the simulator and points the extension at it;
//        --code-server forces code-server even when `code` exists;
//        --fresh starts over: forgets the editor profile (settings, chat history, token, the
//        simulator's state file) and the demo workspace's files before starting;
//        --dev loads the repo in development mode instead of installing the .vsix (reload the
//        window after `npm run build`; notification toasts are hidden in this mode).
// Argument: the workspace folder to open (default .cache/demo-workspace/). Ctrl-C stops it all.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join, resolve } from "node:path";
import { startCodeServer } from "../test/editor/harness/code-server";
import { CACHE_DIR, REPO_ROOT } from "../test/editor/harness/paths";
import { cleanupAll, onCleanup } from "../test/editor/harness/procs";
import { makeWorkspace } from "../test/editor/harness/session";
import { startSim, type SimHandle } from "../test/editor/harness/sim";
import { packageVsix } from "../test/editor/harness/ui";

const args = process.argv.slice(2);
const flag = (f: string) => args.includes(f);
const PROFILE = join(CACHE_DIR, "editor-profile");
/** The simulator's world (sessions, balances, media), removed with the profile by --fresh. */
const SIM_STATE = join(PROFILE, "sim-state.json");
/** The code-server port of the last run (taken again when free: see keptPort). */
const PORT_FILE = join(PROFILE, "code-server-port");

function say(line: string): void {
  console.log(`[start] ${line}`);
}

function hasDesktopCode(): boolean {
  return spawnSync("sh", ["-c", "command -v code"], { stdio: "ignore" }).status === 0;
}

function build(): void {
  say("building (node esbuild.mjs)");
  const r = spawnSync(process.execPath, ["esbuild.mjs"], { cwd: REPO_ROOT, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`build failed:\n${r.stderr}`);
}

async function maybeSim(runDir: string): Promise<SimHandle | undefined> {
  if (!flag("--sim")) return undefined;
  const sim = await startSim({ runDir, timeScale: Number(process.env.SIM_TIME_SCALE ?? "0.1"), credits: Number(process.env.SIM_CREDITS ?? "1000"),
    // Renders as long as a short real one, so the export's percentage shows; turns stay quick.
    renderMs: Number(process.env.SIM_RENDER_MS ?? "25000"),
    // Its world (token, balance, session, media) is kept beside the profile: a restart keeps the chat's session and credits.
    statePath: SIM_STATE,
  });
  say(`simulator ${sim.url} (offline demo backend; state ${SIM_STATE}; log ${sim.process.logPath})`);
  return sim;
}

/**
 * The port code-server had last time, when it is free: the browser keeps the editor's own state
 * (the extension's client id, token and session, in code-server's web storage) per origin, so the
 * same address after a restart is what keeps the chat on the same session. Undefined: any free port.
 */
async function keptPort(): Promise<number | undefined> {
  const saved = existsSync(PORT_FILE) ? Number(readFileSync(PORT_FILE, "utf8").trim()) : NaN;
  if (!Number.isInteger(saved) || saved <= 0 || saved > 65535) return undefined;
  const free = await new Promise<boolean>((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(false));
    probe.listen(saved, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
  if (!free) say(`port ${saved} (last run) is taken; using another one: the browser will treat it as a new editor`);
  return free ? saved : undefined;
}

/** Resolves when the process should end (Ctrl-C is handled by the harness cleanup). */
async function runDesktop(workspace: string, runDir: string): Promise<number> {
  const sim = await maybeSim(runDir);
  const env = sim ? { ...process.env, NEMO_API_URL: sim.url, NEMO_WEB_URL: sim.url } : process.env;
  const codeArgs = [`--extensionDevelopmentPath=${REPO_ROOT}`, "--new-window", ...(sim ? ["--wait"] : []), workspace];
  say(`code ${codeArgs.join(" ")}`);
  const child = spawn("code", codeArgs, { env, stdio: "inherit" });
  const code = await new Promise<number>((res) => child.on("exit", (c) => res(c ?? 0)));
  if (sim) await sim.stop();
  return code;
}

async function runCodeServer(workspace: string, runDir: string): Promise<number> {
  say("checking code-server (scripts/setup-editor.sh; cached after the first run)");
  execFileSync("bash", [join(REPO_ROOT, "scripts", "setup-editor.sh")], { stdio: "inherit" });
  const sim = await maybeSim(runDir);
  const dev = flag("--dev");
  let installVsix: string[] = [];
  if (!dev) {
    say("packaging the extension (vsce)");
    installVsix = [await packageVsix(REPO_ROOT, join(PROFILE, "image-generation-generator.vsix"))];
  }
  const port = process.env.PORT ? Number(process.env.PORT) : await keptPort();
  const server = await startCodeServer({
    runDir,
    workspace,
    userDataDir: join(PROFILE, "ud"),
    extensionsDir: join(PROFILE, "exts"),
    port,
    env: sim ? { NEMO_API_URL: sim.url, NEMO_WEB_URL: sim.url } : {},
    smokeTestDriver: dev,
    installVsix,
    forPeople: true, // the editor as people have it: the credit question on, their own theme
  });
  writeFileSync(PORT_FILE, String(server.port));
  const url = dev
    ? server.openUrl(workspace, [["extensionDevelopmentPath", server.remoteUri(REPO_ROOT)]])
    : server.openUrl(workspace);
  say(`code-server log: ${server.process.logPath}`);
  say(`extension host log: ${join(server.userDataDir, "logs", "<date>", "exthost1", "remoteexthost.log")}`);
  console.log(`\n  Open in your browser:  ${url}\n`);
  if (!process.env.PORT) say("the port is the previous run's when it is free, else a new one: open the URL printed here (PORT=<n> fixes it).");
  say(dev ? "development mode: after `npm run build`, run \"Developer: Reload Window\"." : "the extension was packaged from this build and installed (again on every start).");
  say("press Ctrl-C to stop.");
  const code = await server.process.exited;
  say(`code-server exited (${code})`);
  return code ?? 1;
}

async function main(): Promise<number> {
  const wsArg = args.find((a) => !a.startsWith("--"));
  if (flag("--fresh")) {
    say(`--fresh: removing ${PROFILE}${wsArg ? "" : ` and ${join(CACHE_DIR, "demo-workspace")}`}`);
    rmSync(PROFILE, { recursive: true, force: true });
    if (!wsArg) rmSync(join(CACHE_DIR, "demo-workspace"), { recursive: true, force: true });
  } else {
    say(`editor profile ${PROFILE} and the simulator's state (kept between runs; \`npm run demo -- --fresh\` starts over)`);
  }
  const workspace = wsArg ? resolve(wsArg) : makeWorkspace(join(CACHE_DIR, "demo-workspace"));
  mkdirSync(workspace, { recursive: true });
  const runDir = join(PROFILE, "run");
  mkdirSync(runDir, { recursive: true });
  onCleanup(async () => say("stopped."));
  build();
  if (hasDesktopCode() && !flag("--code-server")) return runDesktop(workspace, runDir);
  return runCodeServer(workspace, runDir);
}

main()
  .then(async (code) => {
    await cleanupAll();
    process.exit(code);
  })
  .catch(async (err: unknown) => {
    console.error(`[start] ${err instanceof Error ? err.message : String(err)}`);
    await cleanupAll();
    process.exit(1);
  });
