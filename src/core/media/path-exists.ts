/**
 * Whether a name is taken on disk. `lstat`, so a dangling symbolic link counts as taken: a file
 * written there would follow the link. Never throws (an unreadable parent reads as "not there").
 */
import { promises as fs } from "node:fs";

export async function pathExists(p: string): Promise<boolean> {
  return fs.lstat(p).then(
    () => true,
    () => false,
  );
}
