/**
 * Loads the heavy half of the extension (client-entry.ts → dist/client.js: the core client with
 * undici and zod, the chat panel) the first time something needs it. Activation never calls this.
 */
import { existsSync } from "node:fs";
import * as path from "node:path";
import type * as Heavy from "./client-entry";

let loaded: typeof Heavy | undefined;
let loadedByActivation: boolean | undefined;

export function heavy(): typeof Heavy {
  if (!loaded) {
    const bundled = path.join(__dirname, "client.js"); // next to dist/extension.js
    // Run from source (unit tests under tsx) there is no bundle: load the module itself.
    const source = "./client-entry";
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a runtime path esbuild must not bundle
    loaded = require(existsSync(bundled) ? bundled : source) as typeof Heavy;
  }
  return loaded;
}

/**
 * Called once at the end of `activate()`: remembers whether activation itself loaded the heavy half
 * (it must not: dist/client.js costs about a second of the extension host's start-up under load).
 * The host suite reads it through the test seam (`heavyLoadedByActivation`).
 */
export function noteActivationDone(): void {
  loadedByActivation ??= loaded !== undefined;
}

/** Whether `activate()` loaded dist/client.js; undefined before activation finished. */
export function heavyLoadedByActivation(): boolean | undefined {
  return loadedByActivation;
}
