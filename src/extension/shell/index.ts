/**
 * Activation, kept to what a person can reach before they act: every command, the four views, the
 * credits item and the agent surfaces, each registered as a forwarder. Bundled alone as
 * dist/extension.js (a few KB); the rest of the extension (surfaces.ts: the stores, the views'
 * providers, the commands' code) is dist/surfaces.js, loaded the first time a command runs, a view
 * shows or a tool is called — or right after activation when the workspace's job ledger may hold
 * work an earlier window left (a render, a generation, a batch), which it then resumes.
 * bench/activation.ts measures this against empty extensions; test/unit/bundle-size.test.ts keeps
 * the bundle small.
 */
import { existsSync } from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";
import { mayHoldLeftWork } from "../../core/jobs/left-work";
import { LEDGER_KEY } from "../../core/jobs/storage";
import { registerAgentSurfaces } from "../agents/register";
import type { ShellHandles, Surfaces } from "../contracts/shell";
import { ChannelLogger } from "../logger";
import { isTestMode } from "../test-mode";
import { createCreditsItem } from "../views/credits-item";
import { INTERNAL_COMMANDS, TEST_COMMANDS, TREE_VIEWS, WEBVIEW_VIEWS } from "./ids";
import { LazyTreeProvider } from "./lazy-tree";

type Handler = (...args: unknown[]) => unknown;
type StartSurfaces = (context: vscode.ExtensionContext, shell: ShellHandles) => Surfaces;

/** The file a lazily loaded bundle is in (next to dist/extension.js), or its source module under tsx. */
function modulePath(bundle: string, source: string): string {
  const bundled = path.join(__dirname, bundle);
  return existsSync(bundled) ? bundled : source;
}

export function activateShell(context: vscode.ExtensionContext): void {
  const subs = context.subscriptions;
  let surfaces: Surfaces | undefined;
  let loading = false;
  const surfacesFile = modulePath("surfaces.js", "../surfaces");

  const commands = new Map<string, Handler | undefined>();
  const webviews = new Map<string, vscode.WebviewViewProvider | undefined>();
  const trees = new Map<string, { provider: LazyTreeProvider<unknown>; view: vscode.TreeView<unknown> }>();

  const load = (): Surfaces => {
    if (surfaces) return surfaces;
    if (loading) throw new Error("Image Generation is still starting; try again in a moment.");
    loading = true;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a runtime path esbuild must not bundle
      const start = (require(surfacesFile) as { startSurfaces: StartSurfaces }).startSurfaces;
      surfaces = start(context, handles);
      return surfaces;
    } finally {
      loading = false;
    }
  };

  const handles: ShellHandles = {
    setCommand(id, handler) {
      if (!commands.has(id)) return undefined;
      commands.set(id, handler);
      return new vscode.Disposable(() => commands.get(id) === handler && commands.set(id, undefined));
    },
    setWebviewView(id, provider) {
      if (!webviews.has(id)) return undefined;
      webviews.set(id, provider);
      return new vscode.Disposable(() => webviews.get(id) === provider && webviews.set(id, undefined));
    },
    connectTreeView<T>(id: string, provider: vscode.TreeDataProvider<T>) {
      const tree = trees.get(id);
      if (!tree) return undefined;
      (tree.provider as unknown as LazyTreeProvider<T>).connect(provider);
      return tree.view as unknown as vscode.TreeView<T>;
    },
    logger: new ChannelLogger(),
    creditsItem: createCreditsItem(context.globalState),
    loadedByActivation: () => atActivation,
    unhandledCommands: () => [...commands].filter(([, h]) => !h).map(([id]) => id),
  };
  subs.push(handles.logger, handles.creditsItem);

  const contributed = (context.extension.packageJSON as { contributes?: { commands?: { command?: unknown }[] } }).contributes?.commands ?? [];
  const ids = new Set([...contributed.map((c) => c.command).filter((c): c is string => typeof c === "string"), ...INTERNAL_COMMANDS]);
  if (isTestMode()) TEST_COMMANDS.forEach((id) => ids.add(id));
  for (const id of ids) {
    commands.set(id, undefined);
    subs.push(
      vscode.commands.registerCommand(id, (...args: unknown[]) => {
        load();
        const handler = commands.get(id);
        if (!handler) throw new Error(`The command ${id} is not available.`);
        return handler(...args);
      }),
    );
  }
  for (const id of WEBVIEW_VIEWS) {
    webviews.set(id, undefined);
    subs.push(
      vscode.window.registerWebviewViewProvider(id, {
        resolveWebviewView: (view, resolveContext, token) => {
          load();
          const provider = webviews.get(id);
          if (!provider) throw new Error(`The view ${id} is not available.`);
          return provider.resolveWebviewView(view, resolveContext, token);
        },
      }),
    );
  }
  for (const [id, options] of Object.entries(TREE_VIEWS)) {
    const provider = new LazyTreeProvider<unknown>(() => void load());
    const view = vscode.window.createTreeView(id, { ...options, treeDataProvider: provider });
    trees.set(id, { provider, view });
    subs.push(view, provider);
  }
  subs.push(...registerAgentSurfaces(context, () => load().agentContext, (m) => handles.logger.warn(m)));

  // Work an earlier window left (a render, a generation, a batch): the surfaces load and resume it
  // as soon as activation has returned. One local read; nothing is parsed whole here.
  const ledger = context.workspaceState.get<unknown>(LEDGER_KEY);
  if (mayHoldLeftWork(typeof ledger === "string" ? ledger : undefined)) {
    setImmediate(() => {
      try {
        load();
      } catch (err) {
        handles.logger.error("Could not resume the work an earlier window left", err);
      }
    });
  }
  handles.logger.info("Image Generation activated.");
  const atActivation = { client: require.cache[modulePath("client.js", "")] !== undefined, surfaces: surfaces !== undefined };
}
