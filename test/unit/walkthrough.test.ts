// The walkthrough's step descriptions stay short enough to be read whole in the step list (en and
// zh-cn): one short sentence or two, then the button link.
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..");
const json = (p: string): Record<string, string> => JSON.parse(readFileSync(join(ROOT, p), "utf8")) as Record<string, string>;

describe("walkthrough", () => {
  for (const [file, max] of [["package.nls.json", 110], ["package.nls.zh-cn.json", 50]] as const) {
    it(`keeps every step description short in ${file}`, () => {
      const nls = json(file);
      const steps = Object.keys(nls).filter((k) => /^walkthrough\.[^.]+\.description$/.test(k));
      assert.ok(steps.length >= 4);
      for (const k of steps) {
        const [text, ...links] = nls[k].split("\n");
        assert.ok(Array.from(text).length <= max, `${k}: ${Array.from(text).length} characters (at most ${max}): ${text}`);
        assert.ok(links.every((l) => /^\[[^\]]+\]\(command:[^)]+\)$/.test(l)), `${k}: only a button link after the sentence`);
      }
    });
  }

  // The intro shows under the title on the Welcome page's card, which cuts it after about a line.
  for (const [file, max] of [["package.nls.json", 70], ["package.nls.zh-cn.json", 35]] as const) {
    it(`keeps the intro to one short line in ${file}`, () => {
      const text = json(file)["walkthrough.description"];
      assert.ok(text && Array.from(text).length <= max, `${Array.from(text ?? "").length} characters (at most ${max}): ${text}`);
    });
  }
});
