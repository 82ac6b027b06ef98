/**
 * The ledger as one JSON file (mode 0600) beside the CLI's token, shared by every CLI and MCP server
 * process of the user: each write takes `<file>.lock`, re-reads the file, applies its own change to
 * what is there now (so another process's jobs are kept) and replaces the file atomically (temp
 * file in the same folder, fsync, rename). A damaged file reads as empty, with one warning.
 */
import { randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import type { Logger } from "../support/logger";
import { acquireFileLock } from "./file-lock";
import type { LedgerStorage } from "./storage";

/** The ledger's file name in the CLI's config folder. */
export const LEDGER_FILE = "jobs.json";
/** A writer holds the file lock for milliseconds; one older than this is stale. */
const LOCK_STALE_MS = 10_000;

export class FileLedgerStorage implements LedgerStorage {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly file: string,
    private readonly logger: Logger,
  ) {}

  async read(): Promise<string | undefined> {
    try {
      return await fs.readFile(this.file, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") this.logger.warn(`Could not read ${this.file} (${(err as NodeJS.ErrnoException).code ?? "error"}).`);
      return undefined;
    }
  }

  update(change: (current: string | undefined) => string): Promise<void> {
    const next = this.queue.then(async () => {
      const release = await acquireFileLock(`${this.file}.lock`, { staleMs: LOCK_STALE_MS, pollMs: 20 });
      try {
        await this.write(change(await this.read()));
      } finally {
        await release();
      }
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async write(text: string): Promise<void> {
    const dir = path.dirname(this.file);
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    const tmp = path.join(dir, `.${path.basename(this.file)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
    const handle = await fs.open(tmp, "wx", 0o600);
    try {
      await handle.writeFile(text, "utf8");
      await handle.chmod(0o600);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await fs.rename(tmp, this.file);
    } catch (err) {
      await fs.rm(tmp, { force: true });
      throw err;
    }
  }
}
