/**
 * Loads the heavy half of the extension (client-entry.ts → dist/client.js: the core client with
 * undici and zod, the chat panel) the first time something needs it. Activation never calls this.
 * What it hands out is the contract contracts/heavy.ts, so this file does not depend on the
 * modules it loads (no import circle through the lazy load).
 */
import { bundlePath } from "./bundle-path";
import type { HeavyModule } from "./contracts/heavy";

let loaded: HeavyModule | undefined;

export function heavy(): HeavyModule {
  if (!loaded) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a runtime path esbuild must not bundle
    loaded = (require(bundlePath("client.js", "./client-entry")) as { heavyModule: HeavyModule }).heavyModule;
  }
  return loaded;
}
