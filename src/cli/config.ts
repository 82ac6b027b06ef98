/**
 * Where the CLI keeps its client id, session and token: small JSON files under
 * `$NEMOVIDEO_CONFIG_DIR`, else `$XDG_CONFIG_HOME/nemovideo`, else `~/.config/nemovideo`.
 * The directory is 0700; the token lives alone in `token.json` with mode 0600. Every write is
 * atomic (temp file in the same directory, fsync, rename), so a crash never leaves half a file.
 */
import { randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Logger } from "../core/support/logger";
import type { KeyValueStore } from "../core/support/storage";

export type Env = Record<string, string | undefined>;

export const CONFIG_FILES = {
  /** Long-lived: the client id. */
  global: "config.json",
  /** The current session and a pending render. */
  workspace: "session.json",
  /** The token, alone, mode 0600. */
  secrets: "token.json",
} as const;

export function configDir(env: Env): string {
  const override = env.NEMOVIDEO_CONFIG_DIR?.trim();
  if (override) return path.resolve(override);
  const xdg = env.XDG_CONFIG_HOME?.trim();
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(env.HOME?.trim() || os.homedir(), ".config");
  return path.join(base, "nemovideo");
}

/** Create the directory (0700) if needed; tighten it when it is readable by others. */
export async function ensurePrivateDir(dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const st = await fs.stat(dir);
  if ((st.mode & 0o077) !== 0 && typeof process.getuid === "function" && st.uid === process.getuid()) {
    await fs.chmod(dir, 0o700);
  }
}

/**
 * A KeyValueStore backed by one JSON object file ({key: string}). Reads are tolerant: a missing
 * or broken file is an empty store. Values never reach the logger.
 */
export class FileStore implements KeyValueStore {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly file: string,
    private readonly mode: number,
    private readonly logger: Logger,
  ) {}

  async get(key: string): Promise<string | undefined> {
    const data = await this.readAll();
    return data[key];
  }

  set(key: string, value: string | undefined): Promise<void> {
    // Serialise writes of this process so two quick sets never lose one another.
    const next = this.queue.then(async () => {
      const data = await this.readAll();
      if (value === undefined) delete data[key];
      else data[key] = value;
      await this.writeAll(data);
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async readAll(): Promise<Record<string, string>> {
    let text: string;
    try {
      text = await fs.readFile(this.file, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") {
        this.logger.warn(`Could not read ${this.file} (${(err as NodeJS.ErrnoException).code ?? "error"}); treating it as empty.`);
      }
      return {};
    }
    await this.tightenMode();
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("not an object");
      const out: Record<string, string> = {};
      for (const [k, v] of Object.entries(parsed as Record<string, unknown>)) if (typeof v === "string") out[k] = v;
      return out;
    } catch {
      this.logger.warn(`${this.file} is not valid JSON; treating it as empty.`);
      return {};
    }
  }

  private async tightenMode(): Promise<void> {
    try {
      const st = await fs.stat(this.file);
      if ((st.mode & 0o777 & ~this.mode) !== 0) await fs.chmod(this.file, this.mode);
    } catch {
      // best effort: the next write sets the mode anyway
    }
  }

  private async writeAll(data: Record<string, string>): Promise<void> {
    const dir = path.dirname(this.file);
    await ensurePrivateDir(dir);
    const tmp = path.join(dir, `.${path.basename(this.file)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
    const handle = await fs.open(tmp, "wx", this.mode);
    try {
      await handle.writeFile(`${JSON.stringify(data, null, 2)}\n`, "utf8");
      await handle.chmod(this.mode); // the umask may have narrowed or widened it
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

/** A store that remembers every value it has seen, so output can be scrubbed of them. */
export class WatchedStore implements KeyValueStore {
  constructor(
    private readonly inner: KeyValueStore,
    private readonly seen: (value: string) => void,
  ) {}

  async get(key: string): Promise<string | undefined> {
    const v = await this.inner.get(key);
    if (v) this.seen(v);
    return v;
  }

  async set(key: string, value: string | undefined): Promise<void> {
    if (value) this.seen(value);
    await this.inner.set(key, value);
  }
}

export interface CliStores {
  dir: string;
  globalStore: KeyValueStore;
  workspaceStore: KeyValueStore;
  secrets: KeyValueStore;
}

export function openStores(env: Env, logger: Logger, onSecret: (value: string) => void): CliStores {
  const dir = configDir(env);
  return {
    dir,
    globalStore: new FileStore(path.join(dir, CONFIG_FILES.global), 0o600, logger),
    workspaceStore: new FileStore(path.join(dir, CONFIG_FILES.workspace), 0o600, logger),
    secrets: new WatchedStore(new FileStore(path.join(dir, CONFIG_FILES.secrets), 0o600, logger), onSecret),
  };
}
