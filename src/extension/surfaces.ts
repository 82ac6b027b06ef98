/**
 * The rest of the extension after activation (src/extension/shell/): bundled as dist/surfaces.js
 * and loaded on first use. Anything that needs undici or classic zod (the core client, protocol
 * schemas, the chat panel) lives one step further, in dist/client.js, reached through
 * `services.client` (built lazily) or `heavy()` (lazy.ts).
 *
 * To add a feature: write `registerX(ctx): vscode.Disposable[]` in its own file, `ctx` typed by the
 * narrow contract it needs (contracts/), register its commands and views through register.ts, and
 * call it below; a new command or view also goes into package.json (activation registers every
 * contributed command; internal ones and views are listed in shell/ids.ts).
 * test/unit/bundle-size.test.ts fails when undici or classic zod reach this bundle.
 */
import * as vscode from "vscode";
import { registerChatView } from "./chat";
import { registerCommands } from "./commands/register";
import { resumePendingExport } from "./commands/export";
import { ExportRunner } from "./export-runner";
import { isTestMode, ServiceHost } from "./host";
import type { ShellHandles, Surfaces } from "./contracts/shell";
import { createTreeView, useShell } from "./register";
import { heavy } from "./lazy";
import { SessionModel } from "./model";
import { registerTestSeam, type TestSeamContext } from "./test-seam";
import { UploadsStore } from "./uploads-store";
import { CreditsStatus } from "./views/credits-status";
import { SessionTreeProvider } from "./views/session-tree";
import { BatchController } from "./batch/batch-controller";
import { registerBatchView } from "./views/batch-tree";
import { registerFlowsTestSeam } from "./flows-test-seam";
import { registerEditAndCompare } from "./compare/register";
import { registerGalleryView } from "./gallery";
import { resumeLeftJobs } from "./resume-jobs";

/**
 * The extension's surfaces, built on first use (shell/ loads dist/surfaces.js and calls this once):
 * the services, stores and views' providers, the commands' handlers behind the forwarders
 * activation registered, and what an earlier window left running, resumed. Network work starts
 * only when the person acts or a view shows; resuming reads local state first.
 * `shell` is undefined when tests build the surfaces from source without activation.
 */
export function startSurfaces(context: vscode.ExtensionContext, shell?: ShellHandles): Surfaces {
  useShell(shell);
  const services = new ServiceHost(context, shell?.logger);
  context.subscriptions.push(services);
  const model = new SessionModel();
  const credits = new CreditsStatus(services, shell?.creditsItem);
  const uploads = new UploadsStore(services);
  const tree = new SessionTreeProvider(services, model, uploads);
  const exports = new ExportRunner(services);
  const batch = new BatchController(services);
  context.subscriptions.push(credits, uploads, tree, exports, batch);
  // Each surface below takes only its part of this (contracts/, and each command's own context type).
  const ctx: TestSeamContext & { model: SessionModel; uploads: UploadsStore; batch: BatchController } = { services, model, credits, tree, exports, uploads, batch };
  context.subscriptions.push(registerBatchView(batch));

  const view = createTreeView("imageGeneration.session", tree, { showCollapseAll: true });
  context.subscriptions.push(
    view,
    view.onDidChangeVisibility((e) => {
      if (!e.visible) tree.setVisible(false);
    }),
  );
  // Local only (the stored session ids): lets the Session view's welcome content pick its buttons.
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
  if (isTestMode()) context.subscriptions.push(registerTestSeam(ctx, shell), registerFlowsTestSeam(ctx));

  void exports.settleAtStartup().then((p) => {
    if (p) void resumePendingExport(ctx);
  });
  void batch.restore(); // local only: resumes renders a closed window left running
  void resumeLeftJobs(ctx); // a local read; the client loads only when an earlier window left a generation watching
  services.logger.info("Image Generation's surfaces loaded.");
  return { agentContext: ctx };
}
