// The shared rules inside the real extension host: the output folder by the one rule, media named
// from the prompt with -2 on a collision and a "Saved to …" notification, the credit question's
// words when the setting is on and no question when it is off, and the Uploads node.
import * as assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";
import { silentLogger } from "../../../src/core/support";
import { confirmPaid, paidConfirmationMessages } from "../../../src/extension/rules/confirm";
import type { RulesContext } from "../../../src/extension/rules/context";
import { exec, outputDir, seam, simSuite, workspaceRoot } from "./ext-helpers";

function rulesContext(available: number): RulesContext {
  return {
    services: {
      context: { workspaceState: undefined as never, globalState: undefined as never },
      client: { creditsLink: async () => "https://example.invalid/credits" },
      logger: silentLogger,
    },
    credits: { credits: undefined, refresh: async () => ({ available, frozen: 0, total: available }) },
  };
}

describe("extension rules", function () {
  simSuite(this);

  it("puts media in the only folder's output folder, named from the prompt, never overwriting", async () => {
    assert.equal(await seam<string>("outputFolder"), outputDir());
    const prompt = "a watercolor lighthouse at dusk";
    const run = () => exec<{ files: string[] } | undefined>("imageGeneration.generateImage", { prompt, confirm: false, open: false });
    const first = await run();
    const second = await run();
    assert.ok(first && second, `generate failed: ${JSON.stringify(await seam("lastError"))}`);
    const [a, b] = [first.files[0], second.files[0]];
    assert.match(path.basename(a), /^watercolor-lighthouse-at-dusk(-\d+)?\.png$/);
    assert.match(path.basename(b), /^watercolor-lighthouse-at-dusk-\d+\.png$/);
    assert.notEqual(a, b);
    assert.ok(existsSync(a) && existsSync(b));
    assert.notDeepEqual(readFileSync(a).length, 0);
    const said = await seam<string[]>("announcements");
    const folder = path.basename(workspaceRoot());
    assert.equal(said.at(-1), `Saved to ${folder}/generated-media/${path.basename(b)}`);
  });

  it("words the credit question when the setting is on, and asks nothing when it is off", async () => {
    const cfg = () => vscode.workspace.getConfiguration("imageGeneration");
    const before = cfg().inspect<boolean>("confirmPaidActions")?.globalValue;
    try {
      await cfg().update("confirmPaidActions", true, vscode.ConfigurationTarget.Global);
      assert.deepEqual(await paidConfirmationMessages(rulesContext(1000), { kind: "image" }), {
        title: "Generate an image?",
        message: "It costs about 100 credits. You have 1000 available.",
      });
      assert.deepEqual(await paidConfirmationMessages(rulesContext(30), [{ kind: "edit" }]), {
        title: "Edit the video?",
        message: "It costs about 50 credits, but you have 30. It may fail.",
      });
      await cfg().update("confirmPaidActions", false, vscode.ConfigurationTarget.Global);
      assert.equal(await paidConfirmationMessages(rulesContext(1000), { kind: "image" }), undefined);
      assert.equal(await confirmPaid(rulesContext(1000), { kind: "clip" }), true, "no question, go ahead");
    } finally {
      await cfg().update("confirmPaidActions", before, vscode.ConfigurationTarget.Global);
    }
  });

  it("lists uploads in the Session view with kind and size", async () => {
    const file = path.join(workspaceRoot(), "sample.png");
    const result = await exec<{ uploaded: string[] } | undefined>("imageGeneration.uploadFiles", vscode.Uri.file(file));
    assert.ok(result && result.uploaded.length === 1, `upload failed: ${JSON.stringify(await seam("lastError"))}`);
    const tree = await seam<Array<{ depth: number; label: string; description?: string; contextValue?: string }>>("tree");
    assert.ok(tree.some((n) => n.label === "Uploads" && n.depth === 0), `tree: ${JSON.stringify(tree.map((n) => n.label))}`);
    const row = tree.find((n) => n.contextValue === "upload" && n.label === "sample.png");
    assert.ok(row, `no upload row: ${JSON.stringify(tree)}`);
    assert.match(row.description ?? "", /^Image · \d+ B · /);
  });
});
