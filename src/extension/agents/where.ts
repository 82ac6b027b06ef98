/**
 * Where the agent surfaces save and what their paths are relative to: the shared output-folder
 * rule (src/extension/rules/output.ts), plus the workspace folder that holds it, so results carry
 * workspace-relative paths ("generated-media/fox.png") that work as Markdown links.
 */
import * as vscode from "vscode";
import { isInside } from "../../core/media/output-folder";
import type { RulesContext } from "../rules/context";
import { resolveOutputFolder } from "../rules/output";

export interface SaveTarget {
  outDir: string;
  baseDir?: string;
}

/** The output folder (throws NO_FOLDER without a folder; undefined when the person dismissed the question). */
export async function saveTarget(ctx: RulesContext, opts?: { interactive?: boolean }): Promise<SaveTarget | undefined> {
  const dir = await resolveOutputFolder(ctx, { interactive: opts?.interactive });
  if (!dir) return undefined;
  return { outDir: dir.fsPath, baseDir: workspaceRootOf(dir.fsPath) };
}

export function workspaceRootOf(file: string): string | undefined {
  const holding = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath).filter((r) => isInside(r, file));
  return holding.sort((a, b) => b.length - a.length)[0];
}
