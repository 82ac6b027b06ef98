/**
 * Activation. This file is bundled alone as dist/extension.js (≤ 150 KB) and must stay light:
 * anything that needs undici or classic zod (the core client, protocol schemas, the chat panel) lives in
 * the heavy bundle dist/client.js, reached on first use through `services.client` (built lazily)
 * or `heavy()` (src/extension/lazy.ts).
 *
 * To add a feature cheaply: write `registerX(ctx): vscode.Disposable[]` in its own file and call it
 * below. Register ids, commands and providers at once, but do the work in their callbacks; import
 * only types from heavy modules (`import type`), and reach runtime code through `services.client`
 * or by exporting it from src/extension/client-entry.ts and calling `heavy().thing`.
 * test/unit/bundle-size.test.ts fails when undici or zod reach this bundle.
 */
import * as vscode from "vscode";
import { registerAgentSurfaces } from "./agents/register";
import { registerChatView } from "./chat";
import { registerCommands } from "./commands/register";
import type { CommandContext } from "./commands/common";
import { resumePendingExport } from "./commands/export";
import { ExportRunner } from "./export-runner";
import { isTestMode, ServiceHost } from "./host";
import { heavy, noteActivationDone } from "./lazy";
import { SessionModel } from "./model";
import { registerTestSeam } from "./testSeam";
import { UploadsStore } from "./uploads-store";
import { CreditsStatus } from "./views/creditsStatus";
import { SessionTreeProvider } from "./views/session-tree";
import { BatchController } from "./batch/batch-controller";
import { registerBatchView } from "./views/batch-tree";
import { registerFlowsTestSeam } from "./flows-test-seam";
import { registerEditAndCompare } from "./compare/register";
import { registerGalleryView } from "./gallery";
import { resumeLeftJobs } from "./resume-jobs";

/**
 * Activation is lazy (views and commands only) and does no network work: the first request
 * happens when the person acts or a view becomes visible. The exceptions are work an earlier
 * window left running (local workspaceState checks): a pending export, and generations whose
 * message had reached the agent (resume-jobs.ts), are resumed right away.
 */
export function activate(context: vscode.ExtensionContext): void {
  const services = new ServiceHost(context);
  context.subscriptions.push(services);
  const model = new SessionModel();
  const credits = new CreditsStatus(services);
  const uploads = new UploadsStore(services);
  const tree = new SessionTreeProvider(services, model, uploads);
  const exports = new ExportRunner(services);
  const batch = new BatchController(services);
  context.subscriptions.push(credits, uploads, tree, exports, batch);
  const ctx: CommandContext = { services, model, credits, tree, exports, uploads, batch };
  context.subscriptions.push(registerBatchView(batch));

  const view = vscode.window.createTreeView("imageGeneration.session", { treeDataProvider: tree, showCollapseAll: true });
  context.subscriptions.push(
    view,
    view.onDidChangeVisibility((e) => {
      if (!e.visible) tree.setVisible(false);
    }),
  );
  // Local only (the stored session ids): lets the Session view's welcome content pick its buttons.
  // Asked when that view shows, so activation does not load the client.
  let askedSession = false;
  const onVisible = (): void => {
    tree.setVisible(true);
    void credits.refresh();
    if (askedSession) return;
    askedSession = true;
    void services.client.currentSession().then(
      (s) => vscode.commands.executeCommand("setContext", "imageGeneration.hasSession", s !== undefined),
      () => undefined,
    );
  };
  context.subscriptions.push(view.onDidChangeVisibility((e) => e.visible && onVisible()));
  if (view.visible) onVisible();

  context.subscriptions.push(...registerCommands(ctx));
  context.subscriptions.push(...registerEditAndCompare(ctx));
  context.subscriptions.push(registerChatView(services, ctx, uploads, () => heavy().jobsFor(ctx)));
  context.subscriptions.push(registerGalleryView(ctx));
  // LM tools, @imagegen and the MCP server definition: declarations now, their modules on first use.
  context.subscriptions.push(...registerAgentSurfaces(context, () => ctx));
  if (isTestMode()) context.subscriptions.push(registerTestSeam(ctx), registerFlowsTestSeam(ctx));

  void exports.settleAtStartup().then((p) => {
    if (p) void resumePendingExport(ctx);
  });
  void batch.restore(); // local only: resumes renders a closed window left running
  void resumeLeftJobs(ctx); // a local read; the client loads only when an earlier window left a generation watching
  services.logger.info("Image Generation activated.");
  noteActivationDone();
}

export function deactivate(): void {
  // Everything is in context.subscriptions; a running export keeps its pending id for the next window.
}
