/**
 * Bundles a TypeScript entry into one CommonJS file for Node 20, the way esbuild.mjs builds the CLI
 * (version defined, logs silent). Shared by the CLI integration tests and the benchmarks.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import * as esbuild from "esbuild";

const ROOT = path.resolve(__dirname, "..");

/** Bundle `entry` (relative to the repo root) into `outfile`, with an optional first line such as a shebang. */
export async function bundleNode(entry: string, outfile: string, banner?: string): Promise<void> {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string };
  await esbuild.build({
    entryPoints: [path.join(ROOT, entry)],
    outfile,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    logLevel: "silent",
    define: { __EXT_VERSION__: JSON.stringify(pkg.version) },
    // As esbuild.mjs: the MCP SDK's unused ajv stays out (src/cli/mcp/no-ajv.ts).
    alias: { ajv: "./src/cli/mcp/no-ajv.ts", "ajv-formats": "./src/cli/mcp/no-ajv.ts" },
    absWorkingDir: ROOT,
    ...(banner === undefined ? {} : { banner: { js: banner } }),
  });
}
