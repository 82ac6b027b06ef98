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
import * as vscode from "vscode";
import { mayHoldLeftWork } from "../../core/jobs/left-work";
import { LEDGER_KEY } from "../../core/jobs/storage";
import { registerAgentSurfaces } from "../agents/register";
import { bundlePath } from "../bundle-path";
import type { ShellHandles, Surfaces } from "../contracts/shell";
import { ChannelLogger } from "../logger";
import { isTestMode } from "../test-mode";
import { createCreditsItem } from "../views/credits-item";
import { INTERNAL_COMMANDS, TEST_COMMANDS, TREE_VIEWS, WEBVIEW_VIEWS } from "./ids";
import { LazyTreeProvider } from "./lazy-tree";

type Handler = (...args: unknown[]) => unknown;
type StartSurfaces = (context: vscode.ExtensionContext, shell: ShellHandles) => Surfaces;

/**
 * What activation registered under each id, filled in by the surfaces when they load: `set` puts
 * the real one behind an id (undefined for an id activation did not register), `get` loads the
 * surfaces first and throws when none came.
 */
class Slots<T> {
  private readonly slots = new Map<string, T | undefined>();

  constructor(
    private readonly kind: string,
    private readonly load: () => void,
  ) {}

  open(id: string): void {
    this.slots.set(id, undefined);
  }

  set(id: string, value: T): vscode.Disposable | undefined {
    if (!this.slots.has(id)) return undefined;
    this.slots.set(id, value);
    return new vscode.Disposable(() => this.slots.get(id) === value && this.slots.set(id, undefined));
  }

  get(id: string): T {
    this.load();
    const value = this.slots.get(id);
    if (value === undefined) throw new Error(`The ${this.kind} ${id} is not available.`);
    return value;
  }

  /** Ids with nothing behind them yet. */
  empty(): string[] {
    return [...this.slots].filter(([, v]) => v === undefined).map(([id]) => id);
  }
}

export function activateShell(context: vscode.ExtensionContext): void {
  const subs = context.subscriptions;
  let surfaces: Surfaces | undefined;
  let loading = false;
  const surfacesFile = bundlePath("surfaces.js", "../surfaces");

  const commands = new Slots<Handler>("command", () => void load());
  const webviews = new Slots<vscode.WebviewViewProvider>("view", () => void load());
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
    setCommand: (id, handler) => commands.set(id, handler),
    setWebviewView: (id, provider) => webviews.set(id, provider),
    connectTreeView<T>(id: string, provider: vscode.TreeDataProvider<T>) {
      const tree = trees.get(id);
      if (!tree) return undefined;
      (tree.provider as unknown as LazyTreeProvider<T>).connect(provider);
      return tree.view as unknown as vscode.TreeView<T>;
    },
    logger: new ChannelLogger(),
    creditsItem: createCreditsItem(context.globalState),
    loadedByActivation: () => atActivation,
    unhandledCommands: () => commands.empty(),
  };
  subs.push(handles.logger, handles.creditsItem);

  const contributed = (context.extension.packageJSON as { contributes?: { commands?: { command?: unknown }[] } }).contributes?.commands ?? [];
  const ids = new Set([...contributed.map((c) => c.command).filter((c): c is string => typeof c === "string"), ...INTERNAL_COMMANDS]);
  if (isTestMode()) TEST_COMMANDS.forEach((id) => ids.add(id));
  for (const id of ids) {
    commands.open(id);
    subs.push(vscode.commands.registerCommand(id, (...args: unknown[]) => commands.get(id)(...args)));
  }
  for (const id of WEBVIEW_VIEWS) {
    webviews.open(id);
    subs.push(vscode.window.registerWebviewViewProvider(id, { resolveWebviewView: (...args) => webviews.get(id).resolveWebviewView(...args) }));
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
  const atActivation = { client: require.cache[bundlePath("client.js", "")] !== undefined, surfaces: surfaces !== undefined };
}
