// Builds every bundle: the extension (node/cjs, vscode external), the webview (browser),
// the CLI and the simulator (node), and the in-editor test suite.
// Flags: --production minifies and drops source maps; --watch rebuilds on change.
import * as esbuild from "esbuild";
import { existsSync, readFileSync, mkdirSync, copyFileSync, writeFileSync } from "node:fs";
import sharedCore from "./scripts/shared-core.cjs";
import codicons from "./scripts/codicons.cjs";

const production = process.argv.includes("--production");
const watch = process.argv.includes("--watch");
const pkg = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8"));

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : "linked",
  logLevel: "info",
  define: { __EXT_VERSION__: JSON.stringify(pkg.version) },
};

// The MCP SDK's ajv is only used for elicitation, which `imagegen mcp` never does (src/cli/mcp/no-ajv.ts).
const noAjv = { ajv: "./src/cli/mcp/no-ajv.ts", "ajv-formats": "./src/cli/mcp/no-ajv.ts" };

const node = { ...common, platform: "node", format: "cjs", target: "node20", alias: noAjv };

// dist/surfaces.js (the extension after activation), dist/client.js (its heavy half: the chat panel, agent surfaces) and dist/cli.js
// (`imagegen`, the MCP server) share one core, dist/core.js (src/core, undici), evaluated module by
// module on first use (scripts/shared-core.cjs). In watch mode each is self-contained instead.
const shared = [
  { entry: "src/extension/surfaces.ts", outfile: "dist/surfaces.js", options: { external: ["vscode"] } },
  { entry: "src/extension/client-entry.ts", outfile: "dist/client.js", options: { external: ["vscode"] } },
  { entry: "src/cli/main.ts", outfile: "dist/cli.js", options: { banner: { js: "#!/usr/bin/env node" } } },
];

const targets = [
  // Activation loads dist/extension.js only (src/extension/shell/); dist/surfaces.js (the stores,
  // views and commands) on first use, and dist/client.js (undici, zod, the chat panel) when the
  // client is first needed (src/extension/lazy.ts). test/unit/bundle-size.test.ts keeps it that way.
  { ...node, entryPoints: ["src/extension/extension.ts"], outfile: "dist/extension.js", external: ["vscode"] },
  ...(watch ? shared.map((b) => ({ ...node, ...b.options, entryPoints: [b.entry], outfile: b.outfile })) : []),
  { ...node, entryPoints: ["test/sim/main.ts"], outfile: "dist/sim.js", banner: { js: "#!/usr/bin/env node" } },
  { ...node, entryPoints: ["test/editor/suite/index.ts"], outfile: "dist/test/suite.js", external: ["vscode", "mocha"] },
  {
    ...common,
    platform: "browser",
    format: "iife",
    target: "es2022",
    entryPoints: ["webview/main.ts"],
    outfile: "dist/webview/main.js",
    loader: { ".ttf": "file" },
  },
  // The compare view (issue 19): its own small page, nothing shared with the chat's bundle.
  { ...common, platform: "browser", format: "iife", target: "es2022", entryPoints: ["webview/compare/main.ts"], outfile: "dist/webview/compare.js" },
  // The Gallery view's page (its own small bundle: no marked, DOMPurify or zod).
  { ...common, platform: "browser", format: "iife", target: "es2022", entryPoints: ["webview/gallery/main.ts"], outfile: "dist/webview/gallery.js" },
].filter((t) => existsSync(t.entryPoints[0]));

async function copyAssets() {
  // Only the codicons the webviews use (webview/ui/icon-names.ts): the whole font is 123 KB.
  if (existsSync(codicons.PACKAGE_DIST) && existsSync("webview")) await codicons.writeCodicons("dist/webview");
  mkdirSync("dist/webview", { recursive: true });
  // One stylesheet for the page: the chat's own rules, then its elements' (webview/ui/elements.css).
  if (existsSync("webview/style.css")) {
    const parts = ["webview/style.css", "webview/ui/elements.css"].filter((f) => existsSync(f));
    writeFileSync("dist/webview/style.css", parts.map((f) => readFileSync(f, "utf8")).join("\n"));
  }
  if (existsSync("webview/compare/style.css")) copyFileSync("webview/compare/style.css", "dist/webview/compare.css");
  if (existsSync("webview/gallery/gallery.css")) copyFileSync("webview/gallery/gallery.css", "dist/webview/gallery.css");
}

if (watch) {
  await copyAssets();
  for (const t of targets) (await esbuild.context(t)).watch();
} else {
  await Promise.all([...targets.map((t) => esbuild.build(t)), sharedCore.buildWithSharedCore(node, shared)]);
  await copyAssets();
}
