import * as vscode from "vscode";
import { registerCommand } from "./register";
import { heavy } from "./lazy";
import type { ShellHandles } from "./contracts/shell";
import { StoreKeys } from "../core/support/storage";
import type { LmToolName } from "../core/agents/names";
import type { ResponseStream } from "./contracts/agent-surface";
import { requireOutputFolder } from "./surface-helpers";
import { resumePendingExport } from "./commands/export";
import type { CreditsView } from "./contracts/credits-view";
import type { ServiceHost } from "./host";
import type { ExportRunner } from "./export-runner";
import type { SessionTreeProvider } from "./views/session-tree";
import { detectPlatform } from "./platform";
import type { JobPatch, JobQuery } from "../core/jobs/types";
import { resumeLeftJobs } from "./resume-jobs";
import { chatProviderForTests } from "./chat";
import { galleryProviderForTests } from "./gallery";
import { announcements, REMEMBERED_ROOT_KEY, resolveOutputFolder } from "./rules/output";
import type { SessionNode } from "./views/session-node";

/** What the test seam reads: the host itself (errors shown, notices), the balance, the export runner and the Session view. */
export interface TestSeamContext {
  services: ServiceHost;
  credits: CreditsView;
  exports: ExportRunner;
  tree: SessionTreeProvider;
}

/**
 * `imageGeneration._test`: registered only when NEMO_TEST_MODE=1, never contributed to the
 * palette. Lets the in-editor suites observe what the person would see.
 */
export function registerTestSeam(ctx: TestSeamContext, shell?: ShellHandles): vscode.Disposable {
  return registerCommand("imageGeneration._test", async (op: string, arg?: unknown) => {
    switch (op) {
      case "heavyLoadedByActivation": // dist/client.js
        return shell?.loadedByActivation()?.client;
      case "surfacesLoadedByActivation": // dist/surfaces.js
        return shell?.loadedByActivation()?.surfaces;
      case "unhandledCommands": // registered at activation, no handler from the surfaces
        return shell?.unhandledCommands();
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
      case "exports":
        return ctx.services.exportRecords.list();
      case "clearExports":
        for (const r of await ctx.services.exportRecords.list()) await ctx.services.exportRecords.remove(r.id);
        return true;
      case "startExportAndClose":
        return startExportAndClose(ctx, arg === "after-submit" ? "after-submit" : "before-submit");
      case "resumePending":
        return resumePendingExport(ctx, { notify: false });
      case "credits":
        return ctx.credits.credits;
      case "agentTool": // the LM tool objects, as vscode.lm.invokeTool would call them
      case "agentPrepare":
      case "participant":
      case "mcpLaunch":
        return agentSeam(ctx, op, arg);
      case "announcements": // what the save notifications said ("Saved to app/generated-media/x.png")
        return [...announcements];
      case "outputFolder": // the one rule's answer, without asking (undefined when it would ask)
        return (await resolveOutputFolder(ctx, { interactive: false }))?.fsPath;
      case "forgetOutputRoot":
        await ctx.services.context.workspaceState.update(REMEMBERED_ROOT_KEY, undefined);
        return true;
      case "gallery": {
        // {op: "listing"}: scan now and return the items; {op: "action", action, id}: a row's button.
        const provider = galleryProviderForTests();
        if (!provider) throw new Error("the gallery is not registered");
        const a = (arg ?? {}) as { op?: string; action?: string; id?: string };
        if (a.op === "listing") {
          await provider.refresh();
          return provider.listing();
        }
        if (a.op === "action" && typeof a.action === "string" && typeof a.id === "string") return provider.runForTests(a.action, a.id);
        throw new Error(`unknown gallery seam op ${String(a.op)}`);
      }
      case "jobs": // the workspace's job ledger, newest first (arg: a JobQuery)
        return ctx.services.exportRecords.ledger.list((arg ?? {}) as JobQuery);
      case "patchJob": {
        // Writes a job as a crashed window leaves it ({id, patch}); the record is reopened.
        const a = arg as { id: string; patch: JobPatch };
        return ctx.services.exportRecords.ledger.update(a.id, a.patch, { reopen: true });
      }
      case "resumeJobs": // what activation does with the jobs an earlier window left running
        return resumeLeftJobs(ctx);
      case "sessionMediaKeys": // every key and URL of the session's generated media (what a job's turn knew before it)
        return (await ctx.services.client.state()).generatedMedia.flatMap((m) => [m.key, m.url]);
      case "tree":
        await ctx.tree.reload(true);
        return flatten(ctx, undefined, 0);
      case "chat": {
        const provider = chatProviderForTests();
        if (!provider) throw new Error("the chat is not registered");
        return heavy().chatTestSeam(provider, arg);
      }
      default:
        throw new Error(`unknown test op ${op}`);
    }
  });
}

/** The agent surfaces called directly (args are passed by reference inside the extension host). */
async function agentSeam(ctx: TestSeamContext, op: string, arg: unknown): Promise<unknown> {
  const a = (arg ?? {}) as {
    name?: LmToolName;
    input?: unknown;
    token?: vscode.CancellationToken;
    request?: { prompt: string; command?: string };
    stream?: ResponseStream;
    /** The requesting model's capabilities, as newer editors pass them (`options.model`). */
    model?: { capabilities: Record<string, unknown> };
  };
  const token = a.token ?? new vscode.CancellationTokenSource().token;
  switch (op) {
    case "agentTool":
      return heavy().invokeAgentTool(ctx, a.name ?? "get_credits", { input: a.input ?? {}, toolInvocationToken: undefined, ...(a.model ? { model: a.model } : {}) } as vscode.LanguageModelToolInvocationOptions<unknown>, token);
    case "agentPrepare":
      return heavy().prepareAgentTool(ctx, a.name ?? "generate_image", { input: a.input ?? {} });
    case "participant": {
      const p = heavy();
      if (!a.stream || !a.request) throw new Error("participant needs a request and a stream");
      const result = await p.handleParticipantRequest(ctx, a.request, a.stream, token);
      return { result, followups: p.participantFollowups(result) };
    }
    default:
      return (await import("./agents/mcp-provider")).mcpLaunch(ctx.services.context);
  }
}

/**
 * Start an export and abort it as if the window closed, at a chosen event (no timers):
 * "before-submit" — as soon as the render id is known, before the submit is sent;
 * "after-submit" — as soon as the service acknowledged the submit.
 */
async function startExportAndClose(ctx: TestSeamContext, when: "before-submit" | "after-submit"): Promise<unknown> {
  const outDir = await requireOutputFolder(ctx);
  const run = await ctx.exports
    .start(outDir.fsPath, undefined, {
      onRenderId: () => {
        if (when === "before-submit") ctx.exports.abortAll();
      },
      report: (p) => {
        if (when === "after-submit" && p.stage === "rendering") ctx.exports.abortAll();
      },
    })
    .then(
      () => "finished",
      () => "stopped",
    );
  return { pending: await ctx.exports.pending(), run };
}

function flatten(ctx: TestSeamContext, node: SessionNode | undefined, depth: number): Array<{ depth: number; label: string; description?: string; contextValue?: string }> {
  const out: Array<{ depth: number; label: string; description?: string; contextValue?: string }> = [];
  for (const child of ctx.tree.getChildren(node)) {
    const item = ctx.tree.getTreeItem(child);
    const label = typeof item.label === "string" ? item.label : (item.label?.label ?? "");
    out.push({ depth, label, description: typeof item.description === "string" ? item.description : undefined, contextValue: item.contextValue });
    out.push(...flatten(ctx, child, depth + 1));
  }
  return out;
}
