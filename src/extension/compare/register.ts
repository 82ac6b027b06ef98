/**
 * The commands of editing and comparing images: Edit Image with a Prompt…, Compare Images (two
 * Explorer images), the compare view's Keep / Keep Both / Discard (also from the palette while
 * one is focused) and Undo Keep. Registered at activation; their code (the core's edit flow, the
 * compare panel) is in the heavy bundle, reached through `heavy()` on first use.
 */
import * as vscode from "vscode";
import { registerCommand } from "../register";
import type { CompareAction } from "../../shared/compare-protocol";
import type { CompareView } from "../contracts/compare-view";
import type { EditContext, EditImageArgs } from "../contracts/edit-image";
import { heavy } from "../lazy";

export function registerEditAndCompare(ctx: EditContext): vscode.Disposable[] {
  let views: CompareView | undefined;
  const compareViews = (): CompareView => (views ??= new (heavy().CompareViews)(ctx));
  const reg = (id: string, fn: (...args: never[]) => unknown): vscode.Disposable =>
    registerCommand(`imageGeneration.${id}`, fn);
  const decide = (action: CompareAction) => () => compareViews().decideActive(action);
  return [
    // The window closes: open views close and the backups of kept originals go.
    { dispose: () => views?.dispose() },
    // Explorer: (uri, uris[]); preview title bar: (uri); the gallery and others: (uri or path, args) or (uri or path, undefined, args).
    reg("editImageWithPrompt", (target?: unknown, second?: unknown, third?: EditImageArgs) => {
      const args = third ?? (second && !Array.isArray(second) && typeof second === "object" && !(second instanceof vscode.Uri) ? (second as EditImageArgs) : undefined);
      return heavy().editImageWithPrompt(ctx, compareViews(), target, args);
    }),
    reg("compareImages", (uri?: unknown, uris?: unknown) => heavy().compareImages(compareViews(), uri, uris)),
    reg("compare.keep", decide("keep")),
    reg("compare.keepBoth", decide("keepBoth")),
    reg("compare.discard", decide("discard")),
    reg("undoKeep", () => compareViews().undo()),
  ];
}
