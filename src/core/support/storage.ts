/**
 * Storage ports. The extension backs them with globalState / workspaceState / SecretStorage,
 * the CLI with files under ~/.config/nemovideo/, tests with memory.
 */
export interface KeyValueStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string | undefined): Promise<void>;
}

export class MemoryStore implements KeyValueStore {
  private readonly map = new Map<string, string>();
  async get(key: string): Promise<string | undefined> {
    return this.map.get(key);
  }
  async set(key: string, value: string | undefined): Promise<void> {
    if (value === undefined) this.map.delete(key);
    else this.map.set(key, value);
  }
}

/** Keys the core uses. */
export const StoreKeys = {
  clientId: "nemo.clientId", // in the long-lived store
  token: "nemo.token", // in the secret store only
  session: "nemo.session", // JSON {taskId, sessionId} in the per-workspace store
  exports: "nemo.exports", // JSON ExportRecord[] in the per-workspace store (export-records.ts)
} as const;

/** A view of a store under a key prefix: a batch item's own session and pending render live in one. */
export class PrefixedStore implements KeyValueStore {
  constructor(
    private readonly base: KeyValueStore,
    private readonly prefix: string,
  ) {}
  get(key: string): Promise<string | undefined> {
    return this.base.get(this.prefix + key);
  }
  set(key: string, value: string | undefined): Promise<void> {
    return this.base.set(this.prefix + key, value);
  }
  async clear(keys: string[]): Promise<void> {
    for (const k of keys) await this.set(k, undefined);
  }
}
