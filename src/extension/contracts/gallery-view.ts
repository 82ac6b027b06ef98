/**
 * The Gallery as activation drives it (gallery/index.ts): gallery/provider.ts GalleryViewProvider
 * implements it. It gets the services alone (ServicesContext); its rows' Rerun and Variations run
 * the Generate Image command, Edit the Edit Image command, by their command ids.
 */
import type * as vscode from "vscode";
import type { GalleryItem } from "../../core/gallery";

export interface GalleryView extends vscode.WebviewViewProvider, vscode.Disposable {
  resolveWebviewView(view: vscode.WebviewView): void;
  /** Put the cursor in the search box (Open Gallery). */
  focusSearch(): Promise<void>;
  /** Scan the output folders again. */
  refresh(): Promise<void>;
  /** The items of the last scan (test seam). */
  listing(): readonly GalleryItem[];
  /** A row's button by its action and item id (test seam); true when the file set changed. */
  runForTests(action: string, id: string): Promise<boolean>;
}
