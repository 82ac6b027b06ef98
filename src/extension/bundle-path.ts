/**
 * Where a lazily loaded bundle is: next to the bundle asking (dist/), or, run from source (unit
 * tests under tsx) where there is no bundle, `source` (a path the caller's own `require` resolves).
 */
import { existsSync } from "node:fs";
import * as path from "node:path";

export function bundlePath(bundle: string, source: string): string {
  const bundled = path.join(__dirname, bundle);
  return existsSync(bundled) ? bundled : source;
}
