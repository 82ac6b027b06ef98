// UI smoke test: the workbench loads with the installed extension and shows its activity bar entry.
import * as assert from "node:assert/strict";
import { existsSync } from "node:fs";
import type { UiSuite } from "../harness/ui";
import { activityBarEntry, explorerItem, runCommand, waitForWorkbench } from "../harness/workbench";

export const suite: UiSuite = {
  title: "UI smoke",
  tests: [
    {
      name: "workbench loads with the Image Generation activity bar entry",
      async run(ui) {
        await runCommand(ui.page, "View: Show Explorer");
        await waitForWorkbench(ui.page, { explorerFile: "README.md", activityBarEntry: "Image Generation" });
        assert.equal(await explorerItem(ui.page, "sample.png").isVisible(), true);
        const shot = await ui.screenshot("smoke-workbench");
        assert.ok(existsSync(shot), `screenshot ${shot} was not written`);
      },
    },
    {
      name: "the activity bar entry opens the Image Generation side bar",
      async run(ui) {
        await activityBarEntry(ui.page, "Image Generation").click();
        const title = ui.page.locator(".part.sidebar .composite.title h2");
        await title.filter({ hasText: /image generation/i }).waitFor({ state: "visible", timeout: 30_000 });
        await ui.screenshot("smoke-sidebar");
      },
    },
  ],
};
