import * as vscode from "vscode";
import { StoreKeys } from "../core/storage";
import { requireOutputFolder, type CommandContext } from "./commands/common";
import { resumePendingExport } from "./commands/export";
import { detectPlatform } from "./platform";
import { announcements, REMEMBERED_ROOT_KEY, resolveOutputFolder } from "./rules/output";
import type { SessionNode } from "./views/sessionTree";

/**
 * `imageGeneration._test`: registered only when NEMO_TEST_MODE=1, never contributed to the
 * palette. Lets the in-editor suites observe what the person would see.
 */
export function registerTestSeam(ctx: CommandContext): vscode.Disposable {
  return vscode.commands.registerCommand("imageGeneration._test", async (op: string, arg?: unknown) => {
    switch (op) {
      case "lastError":
        return ctx.services.errors.shown[ctx.services.errors.shown.length - 1];
      case "errors":
        return [...ctx.services.errors.shown];
      case "clearErrors":
        ctx.services.errors.shown.length = 0;
        return true;
      case "cancelProgress":
        ctx.services.cancelAll();
        return true;
      case "notices":
        return [...ctx.services.notices];
      case "secretEquals": // compares without revealing the stored value
        return (await ctx.services.context.secrets.get(StoreKeys.token)) === arg;
      case "tokenSource":
        return ctx.services.client.tokenSource();
      case "platform":
        return detectPlatform({ appName: vscode.env.appName, uriScheme: vscode.env.uriScheme, appHost: vscode.env.appHost, remoteName: vscode.env.remoteName });
      case "env":
        return { appName: vscode.env.appName, uriScheme: vscode.env.uriScheme, appHost: vscode.env.appHost, remoteName: vscode.env.remoteName };
      case "pending":
        return ctx.exports.pending();
      case "clearPending":
        await ctx.exports.clearPending();
        return true;
      case "startExportAndClose":
        return startExportAndClose(ctx, typeof arg === "number" ? arg : 30_000);
      case "resumePending":
        return resumePendingExport(ctx, { notify: false });
      case "credits":
        return ctx.credits.credits;
      case "announcements": // what the save notifications said ("Saved to app/generated-media/x.png")
        return [...announcements];
      case "outputFolder": // the one rule's answer, without asking (undefined when it would ask)
        return (await resolveOutputFolder(ctx, { interactive: false }))?.fsPath;
      case "forgetOutputRoot":
        await ctx.services.context.workspaceState.update(REMEMBERED_ROOT_KEY, undefined);
        return true;
      case "tree":
        await ctx.tree.reload(true);
        return flatten(ctx, undefined, 0);
      default:
        throw new Error(`unknown test op ${op}`);
    }
  });
}

/** Start an export and, as soon as its render id is persisted, abort as if the window closed. */
async function startExportAndClose(ctx: CommandContext, timeoutMs: number): Promise<unknown> {
  const outDir = await requireOutputFolder(ctx);
  const run = ctx.exports.start(outDir.fsPath).then(
    () => "finished",
    () => "stopped",
  );
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const p = await ctx.exports.pending();
    if (p) {
      ctx.exports.abortAll();
      return { pending: p, run: await run };
    }
    if ((await Promise.race([run, new Promise((r) => setTimeout(() => r(undefined), 20))])) !== undefined) break;
  }
  return { pending: await ctx.exports.pending(), run: await run };
}

function flatten(ctx: CommandContext, node: SessionNode | undefined, depth: number): Array<{ depth: number; label: string; description?: string; contextValue?: string }> {
  const out: Array<{ depth: number; label: string; description?: string; contextValue?: string }> = [];
  for (const child of ctx.tree.getChildren(node)) {
    const item = ctx.tree.getTreeItem(child);
    const label = typeof item.label === "string" ? item.label : (item.label?.label ?? "");
    out.push({ depth, label, description: typeof item.description === "string" ? item.description : undefined, contextValue: item.contextValue });
    out.push(...flatten(ctx, child, depth + 1));
  }
  return out;
}
