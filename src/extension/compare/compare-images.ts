/**
 * "Compare Images": two images (two selected in the Explorer, else picked in a dialog) in the
 * compare view: the original on the left when they are versions of one picture, else image A
 * (the first) on the left and image B on the right.
 */
import * as path from "node:path";
import * as vscode from "vscode";
import { editFilterExtensions, versionBase, versionNumber } from "../../core/edit";
import type { CompareView } from "../contracts/compare-view";

const asUri = (v: unknown): vscode.Uri | undefined =>
  v instanceof vscode.Uri ? v : typeof v === "string" && path.isAbsolute(v) ? vscode.Uri.file(v) : undefined;

/** One file is a version of the other (harbour.png and harbour-edit-2.png, or two versions of harbour.png). */
function versionPair(na: string, nb: string): boolean {
  return versionBase(na) === versionBase(nb) && (versionNumber(na) !== undefined || versionNumber(nb) !== undefined);
}

/** Original on the left: when one file is a version of the other (harbour.png, harbour-edit-2.png), that order; else as selected. */
export function ordered(a: vscode.Uri, b: vscode.Uri): [vscode.Uri, vscode.Uri] {
  const na = path.basename(a.fsPath);
  const nb = path.basename(b.fsPath);
  if (versionBase(na) === versionBase(nb) && versionNumber(na) !== undefined && versionNumber(nb) === undefined) return [b, a];
  return [a, b];
}

/** The command: (uri, uris[]) from the Explorer; the panel, or undefined when fewer or more than two images were given. */
export async function compareImages(views: CompareView, uri?: unknown, uris?: unknown): Promise<vscode.WebviewPanel | undefined> {
  let picked = (Array.isArray(uris) ? uris : [uri]).map(asUri).filter((u): u is vscode.Uri => u !== undefined);
  if (picked.length !== 2) {
    const extensions = editFilterExtensions();
    picked =
      (await vscode.window.showOpenDialog({
        canSelectMany: true,
        openLabel: vscode.l10n.t("Compare"),
        title: vscode.l10n.t("Pick two images to compare"),
        filters: { [vscode.l10n.t("Images")]: extensions },
        defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
      })) ?? [];
    if (picked.length === 0) return undefined;
    if (picked.length !== 2) {
      void vscode.window.showInformationMessage(vscode.l10n.t("Select exactly two images to compare."));
      return undefined;
    }
  }
  const [before, after] = ordered(picked[0], picked[1]);
  // Two versions of one picture read as original and new version; any other two as image A and B.
  return views.open(before, after, versionPair(path.basename(before.fsPath), path.basename(after.fsPath)) ? "versions" : "images");
}
