/**
 * Activation stays light: dist/extension.js (the shell) bundles no zod and no undici and stays
 * ≤ 16 KB minified; dist/surfaces.js (loaded on first use) has no undici nor classic zod (they live
 * in dist/client.js); the webview uses zod/mini only.
 * The core is shipped once: dist/client.js and dist/cli.js require it from dist/core.js (and undici
 * from dist/undici.js) instead of each carrying a copy (scripts/shared-core.cjs).
 */
import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as esbuild from "esbuild";
import { buildWithSharedCore } from "../../scripts/shared-core.cjs";
import * as mine from "../../src/core/errors";

async function inputs(entry: string, platform: "node" | "browser"): Promise<{ bytes: number; files: string[] }> {
  const r = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    platform,
    format: platform === "node" ? "cjs" : "iife",
    external: ["vscode"],
    minify: true,
    metafile: true,
    write: false,
    outdir: "/tmp/bundle-size",
    loader: { ".ttf": "file" },
    define: { __EXT_VERSION__: '"0.0.0"' },
    logLevel: "silent",
  });
  const out = Object.entries(r.metafile.outputs).find(([k]) => k.endsWith(".js"));
  assert.ok(out);
  return { bytes: out[1].bytes, files: Object.keys(out[1].inputs) };
}

describe("bundle size", function () {
  this.timeout(60_000);

  it("activation bundle: ≤ 16 KB, no zod, no undici, no package.json (src/extension/shell/)", async () => {
    const { bytes, files } = await inputs("src/extension/extension.ts", "node");
    const heavy = files.filter((f) => /node_modules\/(undici|zod)\//.test(f) || f === "package.json");
    assert.deepEqual(heavy, [], "activation registers forwarders only; put the code in src/extension/surfaces.ts (or client-entry.ts) instead");
    assert.ok(bytes <= 16 * 1024, `dist/extension.js is ${bytes} bytes; bench/activation.ts measures what each KB costs`);
  });

  it("surfaces bundle (loaded on first use): no undici, no classic zod (zod/mini for local records only)", async () => {
    const { files } = await inputs("src/extension/surfaces.ts", "node");
    const heavy = files.filter((f) => /node_modules\/undici\/|zod\/(v4\/(classic|locales)\/|index\.js)/.test(f) || f === "package.json");
    assert.deepEqual(heavy, [], "import it from src/extension/client-entry.ts through heavy() instead");
  });

  it("webview bundle: zod/mini only (no classic zod, no locales)", async () => {
    const { files } = await inputs("webview/main.ts", "browser");
    assert.deepEqual(files.filter((f) => /zod\/v4\/(classic|locales)\//.test(f)), []);
  });
});

describe("one shared core for the client and the CLI", function () {
  this.timeout(120_000);

  it("client.js and cli.js carry no core module and no undici; core.js has no undici; both reach the client through core.js", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "bundle-size-"));
    try {
      const common: esbuild.BuildOptions = {
        bundle: true,
        platform: "node",
        format: "cjs",
        target: "node20",
        minify: true,
        metafile: true,
        logLevel: "silent",
        define: { __EXT_VERSION__: '"0.0.0"' },
        alias: { ajv: "./src/cli/mcp/no-ajv.ts", "ajv-formats": "./src/cli/mcp/no-ajv.ts" },
      };
      const { keys, metafiles } = await buildWithSharedCore(common, [
        { entry: "src/extension/client-entry.ts", outfile: path.join(dir, "client.js"), options: { external: ["vscode"] } },
        { entry: "src/cli/main.ts", outfile: path.join(dir, "cli.js") },
      ]);
      const inputsOf = (file: string): string[] => {
        for (const m of metafiles) {
          const out = Object.entries(m.outputs).find(([k]) => path.resolve(k) === path.join(dir, file));
          if (out) return Object.keys(out[1].inputs);
        }
        throw new Error(`no output ${file}`);
      };
      for (const file of ["client.js", "cli.js"]) {
        // Stubs (`shared-chunk:<key>`, one require each) are fine; real files of the core are not.
        const copied = inputsOf(file).filter((f) => /^(src\/core\/|node_modules\/undici\/)/.test(f));
        assert.deepEqual(copied, [], `${file} carries its own copy of these`);
      }
      assert.deepEqual(inputsOf("core.js").filter((f) => f.startsWith("node_modules/undici/")), [], "undici lives in undici.js");
      assert.ok(inputsOf("undici.js").some((f) => f.startsWith("node_modules/undici/")));
      assert.ok(keys["core.js"].includes("src/core/client.ts"), "the client comes from core.js");
      // `import { z } from "zod"` keeps every schema and every locale (≈ 350 KB); a namespace import does not.
      const locales = [...new Set(["client.js", "cli.js", "core.js"].flatMap((f) => inputsOf(f).filter((i) => /node_modules\/zod\/.*\/locales\/(?!en\.|index\.)/.test(i))))];
      assert.deepEqual(locales, [], "no zod locale but English in the client, the CLI or the core");
      // The image codecs of MCP previews are their own chunk, parsed only when a preview is made.
      for (const file of ["client.js", "cli.js", "core.js"]) assert.deepEqual(inputsOf(file).filter((f) => /^node_modules\/(pngjs|jpeg-js)\//.test(f)), [], `${file} carries no image codec`);
      assert.ok(inputsOf("image.js").some((f) => f.startsWith("node_modules/jpeg-js/")));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("errors across bundle copies", () => {
  it("instanceof works for an error made by another copy of errors.ts (the client bundle's)", () => {
    // A second copy of the module, as the activation and client bundles each have one.
    const url = require.resolve("../../src/core/errors");
    const cached = require.cache[url];
    delete require.cache[url];
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const other = require("../../src/core/errors") as typeof mine;
    if (cached) require.cache[url] = cached;
    assert.notEqual(other.NemoError, mine.NemoError);
    const e = new other.CreditsError("OUT_OF_CREDITS", { userMessage: "x" });
    assert.ok(e instanceof mine.NemoError && e instanceof mine.CreditsError);
    assert.ok(!(e instanceof mine.AuthError));
    assert.ok(new other.CancelledError() instanceof mine.CancelledError);
    assert.equal(mine.toNemoError(e), e);
  });
});
