/**
 * Where the ledger lives: a port with one read and one read-modify-write. The editor keeps it in
 * the workspace state (KeyValueStorage over a KeyValueStore: one process owns a workspace); the
 * CLI and the MCP server keep one file beside the token (file-storage.ts: lock, re-read, merge,
 * atomic rename), so two processes writing it never lose each other's jobs. Tests use memory.
 */
import type { KeyValueStore } from "../support/storage";

export interface LedgerStorage {
  /** The stored text, if any. */
  read(): Promise<string | undefined>;
  /**
   * Read the current text and write `change(current)` as one step that no other writer of the same
   * storage interleaves with (within the process, and across processes where the storage is shared).
   */
  update(change: (current: string | undefined) => string): Promise<void>;
}

/** The ledger's key in a KeyValueStore (the extension's workspace state). */
export const LEDGER_KEY = "nemo.jobs";

/** A ledger inside one key of a KeyValueStore; writes of this process are serialised. */
export class KeyValueLedgerStorage implements LedgerStorage {
  private queue: Promise<unknown> = Promise.resolve();
  constructor(
    private readonly store: KeyValueStore,
    private readonly key: string = LEDGER_KEY,
  ) {}
  read(): Promise<string | undefined> {
    return this.store.get(this.key);
  }
  update(change: (current: string | undefined) => string): Promise<void> {
    const next = this.queue.then(async () => this.store.set(this.key, change(await this.store.get(this.key))));
    this.queue = next.catch(() => undefined);
    return next;
  }
}

/** In memory (tests, and a client built without a ledger). */
export class MemoryLedgerStorage implements LedgerStorage {
  text: string | undefined;
  async read(): Promise<string | undefined> {
    return this.text;
  }
  async update(change: (current: string | undefined) => string): Promise<void> {
    this.text = change(this.text);
  }
}
