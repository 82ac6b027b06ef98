/**
 * The one output-folder rule in the editor: the folder of the active editor's file, else the only
 * folder, else the folder picked once (quick pick, remembered per workspace); no folder open is
 * an error whose action is "Open Folder…". And the one save notification: "Saved to
 * app/generated-media/x.png" with Reveal (in the Explorer in remote and web windows).
 */
import * as vscode from "vscode";
import { chooseRoot, displayPath, isInside, noFolderError, outputDirIn } from "../../core/media/output-folder";
import type { RulesContext } from "./context";

/** workspaceState key: the root picked in a multi-root workspace. */
export const REMEMBERED_ROOT_KEY = "imageGeneration.outputRoot";

/** What the last save notifications said (test seam). */
export const announcements: string[] = [];

function folderPath(f: vscode.WorkspaceFolder): string {
  return f.uri.fsPath;
}

function activeDocument(): vscode.Uri | undefined {
  const doc = vscode.window.activeTextEditor?.document.uri;
  if (doc && doc.scheme !== "untitled" && doc.scheme !== "output") return doc;
  // An image or video preview is a custom editor: its tab still names the file.
  const input = vscode.window.tabGroups?.activeTabGroup.activeTab?.input;
  if (input && typeof input === "object" && "uri" in input && input.uri instanceof vscode.Uri) return input.uri;
  return undefined;
}

/**
 * The output folder for new media (not created here). Undefined when the person dismissed the
 * folder question, or when asking is needed and `interactive` is false. Throws the NO_FOLDER
 * InputError without a folder open.
 */
export async function resolveOutputFolder(
  ctx: Pick<RulesContext, "services">,
  opts?: { document?: vscode.Uri; interactive?: boolean },
): Promise<vscode.Uri | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const doc = opts?.document ?? activeDocument();
  const remembered = ctx.services.context.workspaceState.get<string>(REMEMBERED_ROOT_KEY);
  const choice = chooseRoot({ roots: folders.map(folderPath), documentPath: doc?.fsPath, remembered });
  const setting = vscode.workspace.getConfiguration("imageGeneration").get<string>("outputFolder");
  switch (choice.kind) {
    case "none":
      throw noFolderError();
    case "root":
      return vscode.Uri.file(outputDirIn(choice.root, setting));
    case "ask": {
      if (opts?.interactive === false) return undefined;
      const picked = await askRoot(folders);
      if (!picked) return undefined;
      await ctx.services.context.workspaceState.update(REMEMBERED_ROOT_KEY, folderPath(picked));
      ctx.services.logger.info(`Generated media goes to the folder "${picked.name}" in this workspace.`);
      return vscode.Uri.file(outputDirIn(folderPath(picked), setting));
    }
  }
}

async function askRoot(folders: readonly vscode.WorkspaceFolder[]): Promise<vscode.WorkspaceFolder | undefined> {
  const items = folders.map((f) => ({ label: f.name, description: vscode.workspace.asRelativePath(f.uri, true), folder: f }));
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t("Where should generated media go?"),
    placeHolder: vscode.l10n.t("Pick a workspace folder (remembered for this workspace)"),
    ignoreFocusOut: true,
  });
  return picked?.folder;
}

/** Reveal a saved file: in the Explorer when it is in the workspace or the window is remote or web; else in the OS. */
export async function revealSaved(ctx: Pick<RulesContext, "services">, file: string): Promise<void> {
  const uri = vscode.Uri.file(file);
  const inWorkspace = (vscode.workspace.workspaceFolders ?? []).some((f) => isInside(f.uri.fsPath, file));
  const osAvailable = !vscode.env.remoteName && vscode.env.uiKind !== vscode.UIKind.Web;
  const command = inWorkspace || !osAvailable ? "revealInExplorer" : "revealFileInOS";
  try {
    await vscode.commands.executeCommand(command, uri);
  } catch (err) {
    ctx.services.logger.debug(`${command} failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** "Saved to app/generated-media/x.png" (or "Saved 3 files to app/generated-media") with Reveal. Not awaited by callers. */
export function announceSaved(ctx: Pick<RulesContext, "services">, files: string[]): void {
  if (files.length === 0) return;
  const roots = (vscode.workspace.workspaceFolders ?? []).map(folderPath);
  const first = displayPath(files[0], roots);
  const message =
    files.length === 1
      ? vscode.l10n.t("Saved to {0}", first)
      : vscode.l10n.t("Saved {0} files to {1}", files.length, first.slice(0, Math.max(0, first.lastIndexOf("/"))) || first);
  announcements.push(message);
  if (announcements.length > 20) announcements.shift();
  ctx.services.logger.info(`${message} (${files.join(", ")})`);
  const revealLabel = vscode.l10n.t("Reveal");
  void Promise.resolve(vscode.window.showInformationMessage(message, revealLabel)).then(
    (picked) => (picked === revealLabel ? revealSaved(ctx, files[0]) : undefined),
    (err: unknown) => ctx.services.logger.warn(`Could not show a notification: ${String(err)}`),
  );
}
