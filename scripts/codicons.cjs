/**
 * The webviews' codicons, subset at build time. @vscode/codicons ships one font with every icon
 * (codicon.ttf 123 KB, codicon.css 33 KB, ~61 KB + 6 KB compressed in the .vsix); the chat and the
 * gallery show about thirty. `writeCodicons` writes dist/webview/codicon.ttf with only the glyphs of
 * the names in webview/ui/icon-names.ts (HarfBuzz's hb-subset through `subset-font`, so the glyphs are
 * the package's own outlines, not redrawn) and dist/webview/codicon.css with the package's rules
 * minus the icons not listed. Nothing is hand-edited: a newer @vscode/codicons is subset the same way.
 * Used by esbuild.mjs and test/unit/codicons.test.ts.
 */
// @ts-check
const { createHash } = require("node:crypto");
const { mkdirSync, readFileSync, writeFileSync } = require("node:fs");
const path = require("node:path");
const esbuild = require("esbuild");

const ROOT = path.resolve(__dirname, "..");
const PACKAGE_DIST = path.join(ROOT, "node_modules", "@vscode", "codicons", "dist");
const NAMES_FILE = path.join(ROOT, "webview", "ui", "icon-names.ts");

/** One icon rule of the package's stylesheet: `.codicon-add:before { content: "\ea60" }`. */
const RULE = /^\.codicon-([a-z0-9-]+):before \{ content: "\\([0-9a-f]{4,6})" \}$/;

/** @returns {string[]} the names in webview/ui/icon-names.ts (`ICON_NAMES`), read by compiling that file. */
function iconNames() {
  const { code } = esbuild.transformSync(readFileSync(NAMES_FILE, "utf8"), { loader: "ts", format: "cjs" });
  const mod = { exports: /** @type {{ ICON_NAMES?: string[] }} */ ({}) };
  new Function("module", "exports", code)(mod, mod.exports);
  if (!Array.isArray(mod.exports.ICON_NAMES) || mod.exports.ICON_NAMES.length === 0) throw new Error(`${NAMES_FILE}: no ICON_NAMES`);
  return mod.exports.ICON_NAMES;
}

/**
 * The package's stylesheet cut to `names`, and their code points.
 * @param {string} css the package's codicon.css
 * @param {string[]} names
 * @returns {{ css: string; codePoints: Map<string, number> }}
 * @throws Error naming any icon the package does not have
 */
function subsetCss(css, names) {
  const wanted = new Set(names);
  /** @type {Map<string, number>} */
  const codePoints = new Map();
  const lines = [];
  for (const line of css.split("\n")) {
    const m = RULE.exec(line.trim());
    if (!m) lines.push(line);
    else if (wanted.has(m[1])) {
      codePoints.set(m[1], parseInt(m[2], 16));
      lines.push(line);
    }
  }
  const missing = names.filter((n) => !codePoints.has(n));
  if (missing.length) throw new Error(`codicons not in @vscode/codicons: ${missing.join(", ")} (webview/ui/icon-names.ts)`);
  return { css: lines.join("\n"), codePoints };
}

/**
 * Writes codicon.ttf and codicon.css into `outDir` with only `names` (default: ICON_NAMES).
 * @param {string} outDir
 * @param {string[]} [names]
 * @returns {Promise<{ ttfBytes: number; cssBytes: number; names: string[] }>} sizes in bytes
 * @throws Error when a name is not a codicon, or the package's stylesheet changed shape (no font URL)
 */
async function writeCodicons(outDir, names = iconNames()) {
  /** @type {(font: Buffer, text: string, options: { targetFormat: "truetype" }) => Promise<Buffer>} */
  const subsetFont = require("subset-font");
  const cut = subsetCss(readFileSync(path.join(PACKAGE_DIST, "codicon.css"), "utf8"), names);
  const text = [...cut.codePoints.values()].map((c) => String.fromCodePoint(c)).join("");
  const ttf = await subsetFont(readFileSync(path.join(PACKAGE_DIST, "codicon.ttf")), text, { targetFormat: "truetype" });
  const url = /url\("\.\/codicon\.ttf\?[0-9a-f]*"\)/;
  if (!url.test(cut.css)) throw new Error("@vscode/codicons: codicon.css has no ./codicon.ttf?<hash> font URL");
  // The query is a cache buster: the font's own hash, as the package does.
  const hash = createHash("md5").update(ttf).digest("hex");
  // After the package's licence header: what was cut, and by what.
  const css = cut.css
    .replace(url, `url("./codicon.ttf?${hash}")`)
    .replace("*/\n", `*/\n/* Subset to ${names.length} icons (webview/ui/icon-names.ts) by scripts/codicons.cjs. */\n`);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, "codicon.ttf"), ttf);
  writeFileSync(path.join(outDir, "codicon.css"), css);
  return { ttfBytes: ttf.length, cssBytes: Buffer.byteLength(css), names };
}

module.exports = { iconNames, subsetCss, writeCodicons, PACKAGE_DIST };
