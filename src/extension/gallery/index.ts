/**
 * The Gallery: registers the sidebar view (collapsed by default, so the chat keeps its room) and
 * "Image Generation: Open Gallery", which expands and focuses it with the cursor in its search box.
 * The view itself (provider, actions, the core's listing) is in the heavy bundle (client-entry.ts),
 * loaded when the view is first shown or a gallery command runs: activation stays light.
 */
import * as vscode from "vscode";
import { registerCommand, registerWebviewViewProvider } from "../register";
import type { ServicesContext } from "../contracts/services-context";
import type { GalleryView } from "../contracts/gallery-view";
import { heavy } from "../lazy";

/** Must match GALLERY_VIEW_ID in provider.ts (kept here so activation does not load the provider). */
const GALLERY_VIEW_ID = "imageGeneration.gallery";

let forTests: (() => GalleryView) | undefined;

/** The provider (test seam), created on first use as the view does. */
export function galleryProviderForTests(): GalleryView | undefined {
  return forTests?.();
}

export function registerGalleryView(ctx: ServicesContext): vscode.Disposable {
  let provider: GalleryView | undefined;
  const real = (): GalleryView => (provider ??= new (heavy().GalleryViewProvider)(ctx));
  forTests = real;
  return vscode.Disposable.from(
    { dispose: () => provider?.dispose() },
    registerWebviewViewProvider(GALLERY_VIEW_ID, { resolveWebviewView: (view) => real().resolveWebviewView(view) }),
    registerCommand("imageGeneration.openGallery", async () => {
      await vscode.commands.executeCommand(`${GALLERY_VIEW_ID}.focus`);
      await real().focusSearch();
    }),
    registerCommand("imageGeneration.refreshGallery", () => real().refresh()),
  );
}
