// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import globals from "globals";
import checkFile from "eslint-plugin-check-file";

export default tseslint.config(
  { ignores: ["dist/**", "out/**", ".cache/**", "node_modules/**", ".artifacts/**", "bench/.tmp/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "no-console": ["error", { allow: ["error", "warn"] }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  // The layers (src/core never imports the editor nor an adapter, adapters never import each other,
  // no import circles, the webview imports only webview/ and src/shared) are dependency-cruiser's
  // job: .dependency-cruiser.cjs, the second half of `npm run lint`.
  {
    // One file-naming style: kebab-case files and folders (`index.ts`, `*.d.ts` and `*.test.ts` fit it).
    files: ["src/**/*.ts", "webview/**/*.ts"],
    // Until the branches renaming them land (issue 20); then delete this list.
    ignores: ["src/extension/clientSwitch.ts", "src/extension/errorActions.ts", "src/extension/testSeam.ts", "src/extension/views/creditsStatus.ts"],
    plugins: { "check-file": checkFile },
    rules: {
      "check-file/filename-naming-convention": ["error", { "**/*.ts": "KEBAB_CASE" }, { ignoreMiddleExtensions: true }],
      "check-file/folder-naming-convention": ["error", { "src/**/": "KEBAB_CASE", "webview/**/": "KEBAB_CASE" }],
    },
  },
  {
    files: ["webview/**/*.ts"],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      "no-restricted-imports": ["error", { paths: [{ name: "vscode", message: "The webview is a browser bundle; talk to the extension through the protocol." }] }],
    },
  },
  {
    // CLI, simulator, benchmarks and test harness scripts talk to a terminal on purpose.
    files: ["src/cli/**/*.ts", "test/sim/main.ts", "bench/**/*.ts", "test/editor/run*.ts", "scripts/**/*.ts"],
    rules: { "no-console": "off" },
  },
);
