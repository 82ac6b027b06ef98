/**
 * Where the chat history of a workspace lives, and adopting it from where earlier versions kept it.
 *
 * Not under the extension's `storageUri`: the extension host locks that workspace folder
 * (`vscode.lock`) and a window reloaded while the old host still holds the lock is given a sibling
 * folder with a `-1` (`-2`, …) suffix (VS Code, workbench/api/node/extHostStoragePaths.ts), so a
 * history kept there seemed lost after a reload under load. The history is the person's, so it lives
 * under the global storage, keyed by the workspace's identity (its folders or workspace file).
 * vscode-free, unit-tested with temp folders.
 */
import { createHash } from "node:crypto";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import type { Logger } from "../../core/support/logger";
import { pathExists } from "../../core/media/path-exists";

export const HISTORY_FILE = "chat-history.json";
/** How many lock-suffixed siblings of the workspace storage folder are searched (`-1` … `-5`). */
const SUFFIXES = 5;

export interface HistoryPlace {
  /** The history file to use (absolute path). */
  file: string;
  /** Where earlier versions may have kept it, newest copy adopted once when `file` is missing. */
  legacy: string[];
}

/**
 * @param globalStorage the extension's global storage folder (`ExtensionContext.globalStorageUri.fsPath`)
 * @param workspaceStorage `ExtensionContext.storageUri?.fsPath` (undefined with no folder open)
 * @param workspaceIds the workspace file's URI, else every folder's URI; empty with no folder open
 */
export function historyPlace(globalStorage: string, workspaceStorage: string | undefined, workspaceIds: string[]): HistoryPlace {
  if (workspaceIds.length === 0) return { file: path.join(globalStorage, HISTORY_FILE), legacy: [] };
  const key = createHash("sha256").update(workspaceIds.join("\n")).digest("hex").slice(0, 16);
  const file = path.join(globalStorage, "chat-history", `${key}.json`);
  if (!workspaceStorage) return { file, legacy: [] };
  // <user data>/workspaceStorage/<workspace id>[-N]/<extension id>
  const extDir = path.basename(workspaceStorage);
  const wsDir = path.dirname(workspaceStorage);
  const base = path.basename(wsDir).replace(/-\d+$/, "");
  const root = path.dirname(wsDir);
  const legacy = ["", ...Array.from({ length: SUFFIXES }, (_, i) => `-${i + 1}`)].map((s) => path.join(root, base + s, extDir, HISTORY_FILE));
  return { file, legacy };
}

/**
 * When `place.file` does not exist yet, copies the most recently written legacy history there (with
 * its journal), so nobody loses the chat kept by an earlier version. Never throws: a failure is
 * logged and the chat starts from what is there.
 */
export async function adoptLegacyHistory(place: HistoryPlace, logger: Logger): Promise<void> {
  try {
    if (await pathExists(place.file)) return;
    let newest: { file: string; mtimeMs: number } | undefined;
    for (const file of place.legacy) {
      const stat = await fs.stat(file).catch(() => undefined);
      if (stat?.isFile() && (!newest || stat.mtimeMs > newest.mtimeMs)) newest = { file, mtimeMs: stat.mtimeMs };
    }
    if (!newest) return;
    await fs.mkdir(path.dirname(place.file), { recursive: true });
    const journal = `${newest.file}.journal`;
    if (await pathExists(journal)) await fs.copyFile(journal, `${place.file}.journal`);
    await fs.copyFile(newest.file, place.file);
    logger.info(`Chat history: kept from ${newest.file}`);
  } catch (err) {
    logger.warn(`Chat history: could not adopt the earlier history: ${err instanceof Error ? err.message : String(err)}`);
  }
}

