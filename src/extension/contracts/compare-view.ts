/**
 * The compare views as their commands drive them (compare/register.ts, Edit Image with a Prompt,
 * Compare Images): compare/panel.ts CompareViews implements it.
 */
import type * as vscode from "vscode";
import type { KeepRecord } from "../../core/edit/keep";
import type { CompareAction } from "../../shared/compare-protocol";

/**
 * What the two files are to each other, which sets the view's words: "versions" — an original and
 * its new version (Edit Image with a Prompt…, or a version pair picked by Compare Images);
 * "images" — any two images (Compare Images): "Image A" and "Image B", and Keep says what it replaces.
 */
export type ComparePair = "versions" | "images";

export interface CompareOutcome {
  action: CompareAction;
  /** After Keep: where the original was and its backup. */
  keep?: KeepRecord;
}

export interface CompareView extends vscode.Disposable {
  /** Open a compare view of `before` (left) and `after` (right). */
  open(before: vscode.Uri, after: vscode.Uri, pair?: ComparePair): Promise<vscode.WebviewPanel>;
  /** The action on the focused compare view (else the only open one); undefined when none is open. */
  decideActive(action: CompareAction): Promise<CompareOutcome | undefined>;
  /** Undo the last Keep: the original back in its place, the new version beside it. */
  undo(): Promise<{ original: string; version: string } | undefined>;
}
