import * as vscode from "vscode";
import { registerChatView } from "./chat";
import { registerCommands } from "./commands/register";
import type { CommandContext } from "./commands/common";
import { resumePendingExport } from "./commands/export";
import { ExportRunner } from "./exportRunner";
import { isTestMode, ServiceHost } from "./host";
import { SessionModel } from "./model";
import { registerTestSeam } from "./testSeam";
import { UploadsStore } from "./uploads-store";
import { CreditsStatus } from "./views/creditsStatus";
import { SessionTreeProvider } from "./views/sessionTree";
import { BatchController } from "./batch/batch-controller";
import { registerBatchView } from "./views/batch-tree";
import { registerFlowsTestSeam } from "./flows-test-seam";

/**
 * Activation is lazy (views and commands only) and does no network work: the first request
 * happens when the person acts or a view becomes visible. The one exception is an export that
 * an earlier window left pending (a local workspaceState check): it is resumed right away.
 */
export function activate(context: vscode.ExtensionContext): void {
  const services = new ServiceHost(context);
  context.subscriptions.push(services);
  const model = new SessionModel();
  const credits = new CreditsStatus(services);
  const uploads = new UploadsStore(context.workspaceState);
  const tree = new SessionTreeProvider(services, model, uploads);
  const exports = new ExportRunner(services, model);
  const batch = new BatchController(services);
  context.subscriptions.push(credits, uploads, tree, exports, batch);
  const ctx: CommandContext = { services, model, credits, tree, exports, uploads, batch };
  context.subscriptions.push(registerBatchView(batch));

  const view = vscode.window.createTreeView("imageGeneration.session", { treeDataProvider: tree, showCollapseAll: true });
  context.subscriptions.push(
    view,
    view.onDidChangeVisibility((e) => {
      tree.setVisible(e.visible);
      if (e.visible) void credits.refresh();
    }),
  );
  if (view.visible) {
    tree.setVisible(true);
    void credits.refresh();
  }

  context.subscriptions.push(...registerCommands(ctx));
  context.subscriptions.push(registerChatView(services, ctx, uploads));
  if (isTestMode()) context.subscriptions.push(registerTestSeam(ctx), registerFlowsTestSeam(ctx));
  // Local only (the stored session ids): lets the welcome content pick its buttons.
  void services.client.currentSession().then(
    (s) => vscode.commands.executeCommand("setContext", "imageGeneration.hasSession", s !== undefined),
    () => undefined,
  );

  void exports.pending().then((p) => {
    if (p) void resumePendingExport(ctx);
  });
  void batch.restore(); // local only: resumes renders a closed window left running
  services.logger.info("Image Generation activated.");
}

export function deactivate(): void {
  // Everything is in context.subscriptions; a running export keeps its pending id for the next window.
}
