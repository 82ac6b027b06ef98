// @ts-check
/**
 * The layers of the house, checked by dependency-cruiser in `npm run lint` (issue 20):
 *   src/core      the client and all product logic; never the editor, never an adapter
 *   src/shared    what the extension and the webviews both speak (the protocol, strings)
 *   adapters      src/extension (the editor), src/cli (`imagegen`, the MCP server), webview/ (pages)
 * Adapters stand on src/core and src/shared only, never on each other. No import circles, type-only
 * imports included. Test code (test/, bench/) is outside the rules, except that the product never
 * imports it. Each rule's name is printed with its violations: `error <rule-name>: from → to`.
 */

const ADAPTERS = "^(src/extension|src/cli|webview)/";

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "core-imports-no-vscode",
      comment: "src/core runs in the CLI, the MCP server and the tests as well as in the editor: editor code belongs in src/extension.",
      severity: "error",
      from: { path: "^src/core/" },
      to: { path: ["^vscode$", "node_modules/@types/vscode/"] },
    },
    {
      name: "core-imports-no-adapter",
      comment: "src/core is the inner layer: the extension, the CLI and the webviews use it, never the other way round.",
      severity: "error",
      from: { path: "^src/core/" },
      to: { path: ADAPTERS },
    },
    {
      name: "cli-imports-no-vscode",
      comment: "`imagegen` and its MCP server run in a terminal, where there is no editor API.",
      severity: "error",
      from: { path: "^src/cli/" },
      to: { path: ["^vscode$", "node_modules/@types/vscode/"] },
    },
    {
      name: "shared-imports-no-adapter",
      comment: "src/shared is what the extension and the webviews both speak; it must not reach into either (nor the CLI), nor the editor.",
      severity: "error",
      from: { path: "^src/shared/" },
      to: { path: [ADAPTERS, "^vscode$", "node_modules/@types/vscode/"] },
    },
    {
      name: "adapters-import-no-other-adapter",
      comment: "The extension, the CLI and the webviews are thin adapters over src/core and src/shared: what two of them share goes there, not into one of them.",
      severity: "error",
      from: { path: ADAPTERS },
      to: { path: ADAPTERS, pathNot: "^$1/" },
    },
    {
      name: "webview-imports-only-webview-and-shared",
      comment: "A webview is a browser page: it imports webview/, src/shared and npm packages, nothing else (no src/core, no Node built-ins, no editor).",
      severity: "error",
      from: { path: "^webview/" },
      to: { pathNot: ["^webview/", "^src/shared/", "^node_modules/(?!@types/vscode/)"] },
    },
    {
      name: "extension-views-import-no-commands",
      comment: "The extension's views and panels (Session, Batch, chat, gallery, compare) run commands by their id or get what they need through src/extension/contracts/, never by importing a command module.",
      severity: "error",
      from: { path: "^src/extension/(views|chat|gallery|compare)/" },
      to: { path: "^src/extension/commands/" },
    },
    {
      name: "no-circular",
      comment: "No import circles in src/ and webview/ (type-only imports count): move the contract both sides need into a file of its own.",
      severity: "error",
      from: { path: "^(src|webview)/" },
      to: { circular: true },
    },
    {
      name: "product-imports-no-test-code",
      comment: "test/ and bench/ stand outside the product: src/ and webview/ never import them.",
      severity: "error",
      from: { path: "^(src|webview)/" },
      to: { path: "^(test|bench)/" },
    },
    {
      name: "not-to-unresolvable",
      comment: "An import that resolves to nothing: a typo, or a package missing from package.json.",
      severity: "error",
      from: { path: "^(src|webview)/" },
      to: { couldNotResolve: true, pathNot: "^vscode$" },
    },
  ],
  options: {
    // Type-only imports and `import type` count: a circle of types is still a circle.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(dist|out)/" },
    moduleSystems: ["cjs", "es6"],
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".d.ts", ".js", ".cjs", ".mjs", ".json"],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
