/**
 * The compare view's decisions on disk. Keep: the new version replaces the original (the original
 * copied to a backup first, so Undo can bring it back while the backup lasts); Undo: the original
 * back from its backup, the new version back under its version name. Moves are renames (atomic on
 * one file system), copy-then-delete across file systems (a backup in the temp folder).
 * Discarding a version goes to the editor's trash, so it is the adapter's (vscode.workspace.fs).
 */
import { randomBytes } from "node:crypto";
import { constants, promises as fs } from "node:fs";
import * as path from "node:path";
import { InputError, phrase } from "../errors";
import { mediaTypeOfName } from "../media/media-type";
import { nextEditVersionName } from "./version-name";
import { pathExists } from "../media/path-exists";

export interface KeepRecord {
  /** Where the original was; the kept version is there now (or beside it, `kept`, when its type differs). */
  original: string;
  /** The new version's path before Keep. */
  version: string;
  /** Where the kept version is now. */
  kept: string;
  /** The original's bytes, until Undo or the backup folder goes away. */
  backup: string;
}

/** rename, else (another file system) copy without replacing, then delete the source. */
async function move(from: string, to: string, replace: boolean): Promise<void> {
  try {
    if (!replace && (await pathExists(to))) throw Object.assign(new Error(`${to} exists`), { code: "EEXIST" });
    await fs.rename(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EXDEV") throw err;
    await fs.copyFile(from, to, replace ? 0 : constants.COPYFILE_EXCL);
    await fs.rm(from, { force: true });
  }
}

function cannot(userMessage: ReturnType<typeof phrase>, cause?: unknown): InputError {
  return new InputError("SAVE_FAILED", { userMessage, nextStep: phrase("Check the files in the Explorer, then try again."), cause });
}

/**
 * Where a kept version goes: the original's path when both are of one type (harbour.png ←
 * harbour-edit-1.png), else the original's name with the version's extension (harbour.jpg ←
 * harbour-edit-1.png gives harbour.png, and harbour.jpg goes to the backup).
 */
export function keptPath(original: string, version: string): string {
  const a = mediaTypeOfName(original)?.mime;
  const b = mediaTypeOfName(version)?.mime;
  if (a !== undefined && a === b) return original;
  const ext = path.extname(original);
  const stem = ext ? original.slice(0, -ext.length) : original;
  return `${stem}${path.extname(version)}`;
}

/**
 * Keep the new version in the original's place. The original is copied to `backupDir` first (never
 * lost: when anything fails, nothing has moved). Throws InputError (SAVE_FAILED) when a file is
 * gone or another file sits where the kept version would go.
 */
export async function keepVersion(original: string, version: string, backupDir: string): Promise<KeepRecord> {
  if (path.resolve(original) === path.resolve(version)) throw cannot(phrase("The two images are the same file."));
  for (const f of [original, version]) if (!(await pathExists(f))) throw cannot(phrase("{0} is no longer there.", path.basename(f)));
  const kept = keptPath(original, version);
  if (kept !== original && (await pathExists(kept))) throw cannot(phrase("Cannot keep the new version as {0}: a file of that name is in the way.", path.basename(kept)));
  await fs.mkdir(backupDir, { recursive: true });
  const backup = path.join(backupDir, `${randomBytes(6).toString("hex")}-${path.basename(original)}`);
  try {
    await fs.copyFile(original, backup, constants.COPYFILE_EXCL);
  } catch (err) {
    throw cannot(phrase("Could not back up {0} before replacing it.", path.basename(original)), err);
  }
  try {
    await move(version, kept, kept === original);
    if (kept !== original) await fs.rm(original, { force: true });
  } catch (err) {
    await fs.rm(backup, { force: true }).catch(() => undefined);
    throw cannot(phrase("Could not replace {0} with the new version.", path.basename(original)), err);
  }
  return { original, version, kept, backup };
}

/**
 * Undo a Keep: the kept version goes back to its version name (or the next free one, when that
 * name was taken meanwhile) and the original comes back from its backup, byte for byte. Resolves
 * to both paths. Throws InputError (SAVE_FAILED) when the backup is gone (the window that made it closed).
 */
export async function undoKeep(record: KeepRecord): Promise<{ original: string; version: string }> {
  if (!(await pathExists(record.backup))) throw cannot(phrase("The backup of {0} is gone; it cannot be restored.", path.basename(record.original)));
  let version = record.version;
  if (await pathExists(record.kept)) {
    if (await pathExists(version)) {
      const dir = path.dirname(version);
      version = path.join(dir, nextEditVersionName(record.original, await fs.readdir(dir), path.extname(version).slice(1)));
    }
    await move(record.kept, version, false);
  }
  if (record.kept !== record.original && (await pathExists(record.original))) {
    throw cannot(phrase("Cannot restore {0}: a file of that name is in the way.", path.basename(record.original)));
  }
  await move(record.backup, record.original, false);
  return { original: record.original, version };
}
