import type * as vscode from "vscode";
import type { KeyValueStore } from "../core/support/storage";

/** globalState / workspaceState as a KeyValueStore (strings only). */
export class MementoStore implements KeyValueStore {
  constructor(private readonly memento: vscode.Memento) {}
  async get(key: string): Promise<string | undefined> {
    const v = this.memento.get<unknown>(key);
    return typeof v === "string" ? v : undefined;
  }
  async set(key: string, value: string | undefined): Promise<void> {
    await this.memento.update(key, value);
  }
}

/** SecretStorage as a KeyValueStore: holds the token only. */
export class SecretStore implements KeyValueStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}
  async get(key: string): Promise<string | undefined> {
    return this.secrets.get(key);
  }
  async set(key: string, value: string | undefined): Promise<void> {
    if (value === undefined) await this.secrets.delete(key);
    else await this.secrets.store(key, value);
  }
}
