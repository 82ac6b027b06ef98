/**
 * Activation (src/extension/shell/) registers the views package.json contributes, each as its
 * kind, and nothing else; the host suite checks that every command it registers gets a handler.
 */
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { INTERNAL_COMMANDS, TEST_COMMANDS, TREE_VIEWS, WEBVIEW_VIEWS } from "../../src/extension/shell/ids";

interface View {
  id: string;
  type?: string;
}
const pkg = JSON.parse(readFileSync(path.join(__dirname, "../../package.json"), "utf8")) as {
  contributes: { views: Record<string, View[]>; commands: { command: string }[] };
};
const views = Object.values(pkg.contributes.views).flat();

describe("activation's ids agree with package.json", () => {
  it("the webview views and the tree views are package.json's, each of its kind", () => {
    assert.deepEqual([...WEBVIEW_VIEWS].sort(), views.filter((v) => v.type === "webview").map((v) => v.id).sort());
    assert.deepEqual(Object.keys(TREE_VIEWS).sort(), views.filter((v) => v.type !== "webview").map((v) => v.id).sort());
  });

  it("internal and test commands are not contributed (the palette never lists them)", () => {
    const contributed = new Set(pkg.contributes.commands.map((c) => c.command));
    for (const id of [...INTERNAL_COMMANDS, ...TEST_COMMANDS]) assert.equal(contributed.has(id), false, id);
  });
});
