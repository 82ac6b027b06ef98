// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import globals from "globals";

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
  {
    // The core never imports the editor: it must run in the CLI, the tests and the extension alike.
    files: ["src/core/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { paths: [{ name: "vscode", message: "src/core must not import vscode; put editor code in src/extension." }] }],
      "no-restricted-syntax": ["error", { selector: "CallExpression[callee.name='require'][arguments.0.value='vscode']", message: "src/core must not require vscode." }],
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
