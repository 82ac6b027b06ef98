// Starts code-server (VS Code 1.139 in the browser) from the .cache install, isolated in a run
// folder: its own HOME, TMPDIR, user data and extensions, no marketplace, no telemetry.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { CODE_SERVER_BIN, NODE24_BIN_DIR, REPO_ROOT, editorToolsInstalled } from "./paths";
import { freePort, startProcess, waitForHttp, type ManagedProcess } from "./procs";

const run = promisify(execFile);

export const USER_SETTINGS: Record<string, unknown> = {
  "workbench.startupEditor": "none",
  "security.workspace.trust.enabled": false,
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "chat.disableAIFeatures": true,
  "update.mode": "none",
  "extensions.autoUpdate": false,
  "extensions.autoCheckUpdates": false,
  "telemetry.telemetryLevel": "off",
  "workbench.tips.enabled": false,
  "git.enabled": false,
};

/** Added for tests only (never for `npm start` / `npm run demo`, where a person uses the editor). */
export const TEST_SETTINGS: Record<string, unknown> = {
  // An explicit theme, so that restoring these settings after a module switched themes always
  // switches back (with no theme set, the editor may keep a theme restored from its storage).
  "workbench.colorTheme": "Default Light Modern",
  // The credit question before paid actions (on by default for people) would stop every chat test
  // at a modal; the tests of the question itself (ui/rules.ui.ts) turn it on.
  "imageGeneration.confirmPaidActions": false,
};

export interface CodeServerOptions {
  /** Run folder: HOME, TMPDIR, logs. */
  runDir: string;
  /** Folder opened in the workbench. */
  workspace: string;
  /** Defaults to <runDir>/ud and <runDir>/exts; `npm start` passes a persistent profile. */
  userDataDir?: string;
  extensionsDir?: string;
  port?: number;
  /** Extra environment for code-server and therefore for the extension host. */
  env?: Record<string, string>;
  /** Passes `--vscode-option enable-smoke-test-driver` (needed for the `payload` dev-mode URL). */
  smokeTestDriver?: boolean;
  /** .vsix files installed (with the same dirs) before the server starts. */
  installVsix?: string[];
  /** Extra user settings merged over USER_SETTINGS. */
  settings?: Record<string, unknown>;
  /** An editor for a person (`npm start`, `npm run demo`): without TEST_SETTINGS. */
  forPeople?: boolean;
  extraArgs?: string[];
}

export interface CodeServerHandle {
  url: string;
  port: number;
  userDataDir: string;
  extensionsDir: string;
  process: ManagedProcess;
  /** `vscode-remote://` URI of an absolute server path (for the payload). */
  remoteUri(absPath: string): string;
  /** Writes the harness user settings back (undoes theme or setting changes made by a test), plus `extra`. */
  resetUserSettings(extra?: Record<string, unknown>): void;
  /** URL that opens `folder`; with `payload` entries when given (smoke-test-driver mode). */
  openUrl(folder: string, payload?: Array<[string, string]>): string;
  stop(): Promise<void>;
}

function serverEnv(opts: CodeServerOptions, home: string, tmp: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PATH: `${NODE24_BIN_DIR}:${process.env.PATH ?? ""}`,
    HOME: home,
    TMPDIR: tmp,
    XDG_CONFIG_HOME: join(home, ".config"),
    XDG_DATA_HOME: join(home, ".local", "share"),
    EXTENSIONS_GALLERY: "{}",
    VSCODE_PROXY_URI: "",
    ...opts.env,
  };
}

function dirArgs(userDataDir: string, extensionsDir: string): string[] {
  return ["--user-data-dir", userDataDir, "--extensions-dir", extensionsDir];
}

export async function startCodeServer(opts: CodeServerOptions): Promise<CodeServerHandle> {
  if (!editorToolsInstalled()) throw new Error("code-server is not installed: run `npm run setup:editor` first");
  const userDataDir = opts.userDataDir ?? join(opts.runDir, "ud");
  const extensionsDir = opts.extensionsDir ?? join(opts.runDir, "exts");
  const home = join(opts.runDir, "home");
  const tmp = join(opts.runDir, "tmp");
  for (const d of [userDataDir, join(userDataDir, "User"), extensionsDir, home, tmp, opts.workspace]) {
    mkdirSync(d, { recursive: true });
  }
  const settingsPath = join(userDataDir, "User", "settings.json");
  const writeSettings = (extra?: Record<string, unknown>) =>
    writeFileSync(settingsPath, JSON.stringify({ ...USER_SETTINGS, ...(opts.forPeople ? {} : TEST_SETTINGS), ...opts.settings, ...extra }, null, 2));
  if (!existsSync(settingsPath) || opts.settings) writeSettings();
  const env = serverEnv(opts, home, tmp);
  for (const vsix of opts.installVsix ?? []) {
    await run(CODE_SERVER_BIN, [...dirArgs(userDataDir, extensionsDir), "--install-extension", vsix, "--force"], {
      env,
      cwd: REPO_ROOT,
      timeout: 120_000,
    });
  }
  const port = opts.port ?? (await freePort());
  const args = [
    "--bind-addr", `127.0.0.1:${port}`,
    "--auth", "none",
    ...dirArgs(userDataDir, extensionsDir),
    "--disable-telemetry",
    "--disable-update-check",
    "--disable-workspace-trust",
    "--disable-getting-started-override",
    "--ignore-last-opened",
    ...(opts.smokeTestDriver ? ["--vscode-option", "enable-smoke-test-driver"] : []),
    ...(opts.extraArgs ?? []),
    opts.workspace,
  ];
  const proc = startProcess("code-server", CODE_SERVER_BIN, args, {
    env,
    cwd: opts.runDir,
    logPath: join(opts.runDir, "code-server.log"),
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${url}/healthz`, 60_000, proc);
  } catch (err) {
    await proc.stop();
    throw err;
  }
  const remoteUri = (absPath: string) => `vscode-remote://127.0.0.1:${port}${absPath}`;
  return {
    url,
    port,
    userDataDir,
    extensionsDir,
    process: proc,
    remoteUri,
    resetUserSettings: (extra) => writeSettings(extra),
    openUrl(folder, payload) {
      let u = `${url}/?folder=${encodeURIComponent(folder)}`;
      if (payload) u += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
      return u;
    },
    stop: () => proc.stop(),
  };
}
