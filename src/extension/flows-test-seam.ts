/**
 * `imageGeneration._testFlows`: registered only under the editor tests (never contributed). Lets
 * the in-editor suites see the batch and simulate a window reload over the stored batch.
 */
import * as vscode from "vscode";
import { registerCommand } from "./register";
import type { BatchController } from "./batch/batch-controller";
import type { ServicesContext } from "./contracts/services-context";
import { batchStateText } from "./views/batch-tree";

/** The services and the batch queue. */
type FlowsSeamContext = ServicesContext & { batch: BatchController };

export function registerFlowsTestSeam(ctx: FlowsSeamContext): vscode.Disposable {
  return registerCommand("imageGeneration._testFlows", async (op: string) => {
    switch (op) {
      case "session":
        return ctx.services.client.currentSession();
      case "batch":
        return ctx.batch.list().map((i) => ({ ...i, text: batchStateText(i) }));
      case "batchIdle":
        await ctx.batch.whenIdle();
        return ctx.batch.list();
      case "batchReload":
        return ctx.batch.reload();
      case "batchContinue":
        ctx.batch.continue();
        return true;
      case "batchClear":
        await ctx.batch.cancelAll();
        await ctx.batch.whenIdle();
        await ctx.batch.clearFinished();
        return true;
      default:
        throw new Error(`unknown test op ${op}`);
    }
  });
}
