/**
 * Offers `imagegen mcp` to VS Code 1.101+ (`vscode.lm.registerMcpServerDefinitionProvider`,
 * feature-detected: `engines` stays ^1.95): the bundled CLI (dist/cli.js) run by the editor's own
 * runtime (`process.execPath` with ELECTRON_RUN_AS_NODE=1), so nothing extra is installed. Media
 * goes to the output folder of the shared rule (non-interactive), paths are relative to its
 * workspace folder, the API/web addresses follow the extension's settings, and the result size
 * limit follows `imageGeneration.mcp.maxResultBytes`. The token is not
 * passed: the server uses the CLI's own (NEMO_TOKEN, its 0600 file, or a new anonymous one).
 */
import * as vscode from "vscode";
import { chooseRoot, outputDirIn } from "../../core/media/output-folder";
import { VERSION } from "../../core/support/version";
import { resolveEndpoints } from "../endpoints";
import { REMEMBERED_ROOT_KEY } from "../rules/output";

export const MCP_PROVIDER_ID = "imageGeneration.mcp";

/** The definition as plain data (what the test checks and the provider turns into McpStdioServerDefinition). */
export interface McpLaunch {
  label: string;
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd?: string;
  version: string;
}

/** `--max-result-bytes N` when the setting differs from the server's default (1 MiB) and is in range. */
function resultLimitArgs(value: number | undefined): string[] {
  const ok = typeof value === "number" && Number.isInteger(value) && value >= 16 * 1024 && value <= 100 * 1024 * 1024;
  return ok && value !== 1024 * 1024 ? ["--max-result-bytes", String(value)] : [];
}

export function mcpLaunch(context: Pick<vscode.ExtensionContext, "asAbsolutePath" | "workspaceState">): McpLaunch | undefined {
  const roots = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
  const choice = chooseRoot({ roots, remembered: context.workspaceState.get<string>(REMEMBERED_ROOT_KEY) });
  if (choice.kind !== "root") return undefined; // no folder, or a multi-root question not answered yet
  const cfg = vscode.workspace.getConfiguration();
  const { apiUrl, webUrl } = resolveEndpoints(
    { apiUrl: cfg.get<string>("imageGeneration.apiUrl"), webUrl: cfg.get<string>("imageGeneration.webUrl") },
    process.env,
  );
  return {
    label: vscode.l10n.t("Image Generation (NemoVideo)"),
    command: process.execPath,
    args: [context.asAbsolutePath("dist/cli.js"), "mcp", "--out", outputDirIn(choice.root, cfg.get<string>("imageGeneration.outputFolder")), ...resultLimitArgs(cfg.get<number>("imageGeneration.mcp.maxResultBytes"))],
    env: { ELECTRON_RUN_AS_NODE: "1", NEMO_API_URL: apiUrl, NEMO_WEB_URL: webUrl },
    cwd: choice.root,
    version: VERSION,
  };
}

/** The 1.101 API, typed locally because @types/vscode stays at our engines floor. */
interface McpStdioDefinition {
  cwd?: vscode.Uri;
}
type McpStdioDefinitionCtor = new (label: string, command: string, args?: string[], env?: Record<string, string>, version?: string) => McpStdioDefinition;
interface McpApi {
  registerMcpServerDefinitionProvider(
    id: string,
    provider: { onDidChangeMcpServerDefinitions?: vscode.Event<void>; provideMcpServerDefinitions(): McpStdioDefinition[] },
  ): vscode.Disposable;
}

/** Registers the provider when the editor has the API; nothing otherwise. */
export function registerMcpProvider(context: vscode.ExtensionContext): vscode.Disposable[] {
  const lm = (vscode as unknown as { lm?: Partial<McpApi> }).lm;
  const Ctor = (vscode as unknown as { McpStdioServerDefinition?: McpStdioDefinitionCtor }).McpStdioServerDefinition;
  if (typeof lm?.registerMcpServerDefinitionProvider !== "function" || typeof Ctor !== "function") return [];
  const changed = new vscode.EventEmitter<void>();
  const fire = (): void => changed.fire();
  const subs: vscode.Disposable[] = [
    changed,
    vscode.workspace.onDidChangeWorkspaceFolders(fire),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration("imageGeneration")) fire();
    }),
  ];
  subs.push(
    lm.registerMcpServerDefinitionProvider(MCP_PROVIDER_ID, {
      onDidChangeMcpServerDefinitions: changed.event,
      provideMcpServerDefinitions: () => {
        const launch = mcpLaunch(context);
        if (!launch) return [];
        const def = new Ctor(launch.label, launch.command, launch.args, launch.env, launch.version);
        if (launch.cwd) def.cwd = vscode.Uri.file(launch.cwd);
        return [def];
      },
    }),
  );
  return subs;
}
