/**
 * The Gallery: registers the sidebar view (collapsed by default, so the chat keeps its room) and
 * "Image Generation: Open Gallery", which expands and focuses it with the cursor in its search box.
 */
import * as vscode from "vscode";
import type { CommandContext } from "../commands/common";
import { GALLERY_VIEW_ID, GalleryViewProvider } from "./provider";

let forTests: GalleryViewProvider | undefined;

/** The provider (test seam). */
export function galleryProviderForTests(): GalleryViewProvider | undefined {
  return forTests;
}

export function registerGalleryView(ctx: CommandContext): vscode.Disposable {
  const provider = new GalleryViewProvider(ctx);
  forTests = provider;
  return vscode.Disposable.from(
    provider,
    vscode.window.registerWebviewViewProvider(GALLERY_VIEW_ID, provider),
    vscode.commands.registerCommand("imageGeneration.openGallery", () => provider.reveal()),
    vscode.commands.registerCommand("imageGeneration.refreshGallery", () => provider.refresh()),
  );
}
