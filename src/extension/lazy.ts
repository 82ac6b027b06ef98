/**
 * Loads the heavy half of the extension (client-entry.ts → dist/client.js: the core client with
 * undici and zod, the chat panel) the first time something needs it. Activation never calls this.
 * What it hands out is the contract contracts/heavy.ts, so this file does not depend on the
 * modules it loads (no import circle through the lazy load).
 */
import { existsSync } from "node:fs";
import * as path from "node:path";
import type { HeavyModule } from "./contracts/heavy";

let loaded: HeavyModule | undefined;

export function heavy(): HeavyModule {
  if (!loaded) {
    const bundled = path.join(__dirname, "client.js"); // next to dist/extension.js
    // Run from source (unit tests under tsx) there is no bundle: load the module itself.
    const source = "./client-entry";
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a runtime path esbuild must not bundle
    loaded = (require(existsSync(bundled) ? bundled : source) as { heavyModule: HeavyModule }).heavyModule;
  }
  return loaded;
}
