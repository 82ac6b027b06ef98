/**
 * Activation stays light: dist/extension.js must not bundle undici or zod (they live in
 * dist/client.js, loaded on first use) and stays ≤ 150 KB minified; the webview uses zod/mini only.
 */
import { strict as assert } from "node:assert";
import * as esbuild from "esbuild";
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

  it("activation bundle: no undici, no classic zod (zod/mini for local records only), no package.json, ≤ 150 KB", async () => {
    const { bytes, files } = await inputs("src/extension/extension.ts", "node");
    const heavy = files.filter((f) => /node_modules\/undici\/|zod\/(v4\/(classic|locales)\/|index\.js)/.test(f) || f === "package.json");
    assert.deepEqual(heavy, [], "import it from src/extension/client-entry.ts through heavy() instead (see extension.ts)");
    assert.ok(bytes <= 150 * 1024, `${bytes} bytes`);
  });

  it("webview bundle: zod/mini only (no classic zod, no locales)", async () => {
    const { files } = await inputs("webview/main.ts", "browser");
    assert.deepEqual(files.filter((f) => /zod\/v4\/(classic|locales)\//.test(f)), []);
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
