/**
 * Bundles a TypeScript entry into one CommonJS file for Node 20, the way esbuild.mjs builds the CLI
 * (version defined, logs silent). Shared by the CLI integration tests and the benchmarks.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import * as esbuild from "esbuild";
import { buildWithSharedCore } from "../scripts/shared-core.cjs";

const ROOT = path.resolve(__dirname, "..");

function nodeOptions(): esbuild.BuildOptions {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string };
  return {
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    logLevel: "silent",
    define: { __EXT_VERSION__: JSON.stringify(pkg.version) },
    // As esbuild.mjs: the MCP SDK's unused ajv stays out (src/cli/mcp/no-ajv.ts).
    alias: { ajv: "./src/cli/mcp/no-ajv.ts", "ajv-formats": "./src/cli/mcp/no-ajv.ts" },
    absWorkingDir: ROOT,
  };
}

/** Bundle `entry` (relative to the repo root) into `outfile`, self-contained, with an optional first line such as a shebang. */
export async function bundleNode(entry: string, outfile: string, banner?: string): Promise<void> {
  await esbuild.build({
    ...nodeOptions(),
    entryPoints: [path.join(ROOT, entry)],
    outfile,
    ...(banner === undefined ? {} : { banner: { js: banner } }),
  });
}

/** Bundle the CLI exactly as esbuild.mjs does: `outDir/cli.js` requiring the shared core chunks (core.js, undici.js) next to it. */
export async function bundleCli(outDir: string): Promise<string> {
  const outfile = path.join(outDir, "cli.js");
  await buildWithSharedCore(nodeOptions(), [{ entry: "src/cli/main.ts", outfile, options: { banner: { js: "#!/usr/bin/env node" } } }]);
  return outfile;
}
