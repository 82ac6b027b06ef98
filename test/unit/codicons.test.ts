/**
 * The webviews ship a codicon font cut to the icons they use (scripts/codicons.cjs): every listed
 * icon keeps the package's own glyph, nothing else is shipped, and no webview source names an icon
 * outside the list (it would render as an empty box).
 */
import { strict as assert } from "node:assert";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as opentype from "opentype.js";
import { iconNames, PACKAGE_DIST, subsetCss, writeCodicons } from "../../scripts/codicons.cjs";
import { ICON_NAMES } from "../../webview/ui/icon-names";

const ROOT = path.resolve(__dirname, "..", "..");

function font(file: string): opentype.Font {
  return opentype.parse(new Uint8Array(readFileSync(file)).buffer);
}

function files(dir: string, ext: RegExp): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? files(p, ext) : ext.test(n) ? [p] : [];
  });
}

describe("codicons subset", function () {
  this.timeout(60_000);
  let dir = "";
  let built: Awaited<ReturnType<typeof writeCodicons>>;
  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "codicons-"));
    built = await writeCodicons(dir);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("reads the list the webviews are typed against", () => {
    assert.deepEqual(iconNames(), [...ICON_NAMES]);
  });

  it("every listed icon keeps the package's glyph; an unlisted one is gone; the font is a few KB", () => {
    const whole = font(path.join(PACKAGE_DIST, "codicon.ttf"));
    const cut = font(path.join(dir, "codicon.ttf"));
    const { codePoints } = subsetCss(readFileSync(path.join(PACKAGE_DIST, "codicon.css"), "utf8"), iconNames());
    for (const [name, cp] of codePoints) {
      const ch = String.fromCodePoint(cp);
      assert.notEqual(cut.charToGlyphIndex(ch), 0, `${name}: no glyph in the subset`);
      const a = whole.charToGlyph(ch);
      const b = cut.charToGlyph(ch);
      assert.ok(a.getPath(0, 0, 16).commands.length > 0, `${name}: empty glyph in the package`);
      assert.deepEqual(b.getPath(0, 0, 16).commands, a.getPath(0, 0, 16).commands, `${name}: outline differs`);
      assert.equal(b.advanceWidth, a.advanceWidth, `${name}: width differs`);
    }
    const github = subsetCss(readFileSync(path.join(PACKAGE_DIST, "codicon.css"), "utf8"), ["github"]).codePoints.get("github");
    assert.ok(github);
    assert.notEqual(whole.charToGlyphIndex(String.fromCodePoint(github)), 0);
    assert.equal(cut.charToGlyphIndex(String.fromCodePoint(github)), 0, "an icon no webview uses is shipped");
    assert.ok(built.ttfBytes < 16 * 1024, `${built.ttfBytes} bytes`);
  });

  it("the stylesheet has exactly the listed icons and points at the subset font", () => {
    const css = readFileSync(path.join(dir, "codicon.css"), "utf8");
    const rules = [...css.matchAll(/^\.codicon-([a-z0-9-]+):before \{/gm)].map((m) => m[1]);
    assert.deepEqual(rules.sort(), [...ICON_NAMES].sort());
    assert.match(css, /@font-face \{[^}]*url\("\.\/codicon\.ttf\?[0-9a-f]{32}"\) format\("truetype"\)/);
    assert.match(css, /^\.codicon\[class\*='codicon-'\] \{/m);
    assert.ok(built.cssBytes < 6 * 1024, `${built.cssBytes} bytes`);
  });

  it("an icon the package does not have fails the build with its name", async () => {
    await assert.rejects(writeCodicons(path.join(dir, "bad"), ["sparkle", "no-such-icon"]), /no-such-icon/);
  });

  it("no webview source or page names a codicon outside webview/ui/icon-names.ts", () => {
    const listed = new Set<string>(ICON_NAMES);
    const sources = [...files(path.join(ROOT, "webview"), /\.(ts|css)$/), ...files(path.join(ROOT, "src", "extension"), /\.ts$/)];
    const stray: string[] = [];
    for (const f of sources) {
      for (const m of readFileSync(f, "utf8").matchAll(/codicon-([a-z0-9][a-z0-9-]*)/g)) {
        if (!listed.has(m[1]) && !/^(stylesheet|modifier-)/.test(m[1])) stray.push(`${path.relative(ROOT, f)}: ${m[0]}`);
      }
    }
    assert.deepEqual(stray, []);
  });
});
