import * as fs from "node:fs";
import * as vscode from "vscode";
import { summarizeDraft } from "../../core/state/summary";
import type { GeneratedMedia, SessionIds } from "../../core/types";
import type { SessionNode } from "../views/session-node";
import { announceSaved } from "../rules/output";
import { guarded, openFile, requireOutputFolder, reveal, cancellableProgress } from "../surface-helpers";
import type { CreditsView } from "../contracts/credits-view";
import type { ServicesContext } from "../contracts/services-context";
import type { SessionView } from "../contracts/session-view";
import type { SessionModel } from "../model";

/** The services, the balance to refresh, the downloads the tree shows, and the Session view to reload. */
export type SessionCommandsContext = ServicesContext & { credits: Pick<CreditsView, "refresh">; model: SessionModel; tree: SessionView };

export async function newSession(ctx: SessionCommandsContext, args?: { confirm?: boolean }): Promise<SessionIds | undefined> {
  return guarded(ctx, async () => {
    if (args?.confirm !== false && (await ctx.services.client.currentSession())) {
      const start = vscode.l10n.t("Start New Session");
      const picked = await vscode.window.showWarningMessage(
        vscode.l10n.t("Start a new session? This workspace will stop using the current timeline."),
        { modal: true },
        start,
      );
      if (picked !== start) return undefined;
    }
    const ids = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t("Starting a new session…") },
      () => ctx.services.client.newSession(),
    );
    ctx.services.sessionChanged();
    void vscode.window.showInformationMessage(vscode.l10n.t("A new session was started."));
    return ids;
  });
}

export async function refreshSession(ctx: SessionCommandsContext): Promise<void> {
  await Promise.all([ctx.tree.reload(true), ctx.credits.refresh()]);
}

export async function copyTimelineSummary(ctx: SessionCommandsContext): Promise<string | undefined> {
  return guarded(ctx, async () => {
    const state = await ctx.services.client.state();
    const summary = summarizeDraft(state.draft);
    await vscode.env.clipboard.writeText(summary);
    void vscode.window.showInformationMessage(vscode.l10n.t("Timeline summary copied: {0}", summary));
    return summary;
  });
}

/** Tree context (or click) on generated media: download it once, then open the file. */
export async function downloadMedia(ctx: SessionCommandsContext, node?: SessionNode | GeneratedMedia): Promise<string | undefined> {
  const media = node && "type" in node && node.type === "media" ? node.media : node && "url" in node ? node : undefined;
  if (!media) {
    void vscode.window.showInformationMessage(vscode.l10n.t("Pick a generated item in the Session view to download it."));
    return undefined;
  }
  return guarded(ctx, async () => {
    const existing = ctx.model.downloads.get(media.key);
    if (existing && fs.existsSync(existing)) {
      await openFile(ctx, existing);
      return existing;
    }
    const outDir = await requireOutputFolder(ctx);
    const file = await cancellableProgress(ctx, vscode.l10n.t("Downloading"), (progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      return ctx.services.client.downloadMedia(media, {
        outDir: outDir.fsPath,
        title: media.title,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.totalBytes) progress.report({ message: `${Math.floor((p.receivedBytes / p.totalBytes) * 100)}%` });
        },
      });
    });
    ctx.model.recordDownload(media.key, file);
    await reveal(ctx, file);
    await openFile(ctx, file);
    announceSaved(ctx, [file]);
    return file;
  });
}
