import * as path from "node:path";
import * as vscode from "vscode";
import { toNemoError } from "../../core/errors";
import type { UploadResult } from "../../core/types";
import { isHttpUrl } from "../endpoints";
import { translatePhrase } from "../l10n";
import { uploadFilterExtensions } from "../../core/media/formats";
import { percent } from "../format";
import { abortOn, guarded, cancellableProgress } from "../surface-helpers";
import type { ServicesContext } from "../contracts/services-context";
import type { UploadTracker } from "../contracts/upload-tracker";

/** The services and the upload records. */
export type UploadContext = ServicesContext & { uploads: UploadTracker };

export interface Refused {
  name: string;
  reason: string;
}

export interface UploadCommandResult {
  uploaded: string[];
  refused: Refused[];
  result?: UploadResult;
}

function isUri(value: unknown): value is vscode.Uri {
  return value instanceof vscode.Uri;
}

/** Explorer passes (clicked, selected[]); the palette passes nothing; tests may pass { paths }. */
function collect(arg?: unknown, many?: unknown): vscode.Uri[] {
  if (Array.isArray(many) && many.every(isUri) && many.length > 0) return many;
  if (isUri(arg)) return [arg];
  if (arg && typeof arg === "object" && Array.isArray((arg as { paths?: unknown }).paths)) {
    return ((arg as { paths: unknown[] }).paths).filter((p): p is string => typeof p === "string").map((p) => vscode.Uri.file(p));
  }
  return [];
}

export async function uploadFiles(ctx: UploadContext, arg?: unknown, many?: unknown): Promise<UploadCommandResult | undefined> {
  return guarded(ctx, async () => {
    let uris = collect(arg, many);
    if (uris.length === 0) {
      uris =
        (await vscode.window.showOpenDialog({
          canSelectMany: true,
          openLabel: vscode.l10n.t("Upload"),
          title: vscode.l10n.t("Upload to Image Generation session"),
          filters: { [vscode.l10n.t("Media")]: uploadFilterExtensions() },
        })) ?? [];
      if (uris.length === 0) return undefined;
    }

    // Check type and size of every file before a single byte is sent.
    const accepted: Array<{ path: string; size: number }> = [];
    const refused: Refused[] = [];
    for (const uri of uris) {
      const name = path.basename(uri.path);
      if (uri.scheme !== "file") {
        refused.push({ name, reason: vscode.l10n.t("only files on disk can be uploaded") });
        continue;
      }
      try {
        const info = await ctx.services.client.checkUploadFile(uri.fsPath);
        accepted.push({ path: uri.fsPath, size: info.size });
      } catch (err) {
        refused.push({ name, reason: toNemoError(err).describe(translatePhrase).message });
      }
    }
    if (refused.length) {
      const list = refused.map((r) => `${r.name}: ${r.reason}`).join("; ");
      void vscode.window.showWarningMessage(
        accepted.length
          ? refused.length === 1
            ? vscode.l10n.t("Skipped {0}", list)
            : vscode.l10n.t("Skipped {0} files: {1}", refused.length, list)
          : vscode.l10n.t("Nothing was uploaded. {0}", list),
      );
      ctx.services.logger.warn(`Upload refused: ${list}`);
    }
    if (accepted.length === 0) return { uploaded: [], refused };

    const total = accepted.reduce((sum, f) => sum + f.size, 0);
    const sizes = new Map(accepted.map((f) => [path.basename(f.path), f.size]));
    // On the ledger from the first byte (uploading → done / failed / cancelled): the Session view lists it while it travels.
    const result = await cancellableProgress(ctx, vscode.l10n.t("Uploading"), (progress, token) =>
      ctx.uploads.track(accepted, "palette", (jobs) => {
        const controller = abortOn(token);
        const sent = new Map<string, number>();
        let reported = 0;
        return ctx.services.client.uploadFiles(
          accepted.map((f) => f.path),
          {
            signal: controller.signal,
            onProgress: (p) => {
              sent.set(p.file, p.sentBytes);
              const overall = percent([...sent.values()].reduce((a, b) => a + b, 0), total) ?? 0;
              const filePct = percent(p.sentBytes, p.totalBytes || sizes.get(p.file)) ?? 0;
              progress.report({ message: `${p.file} ${filePct}%`, increment: overall - reported });
              reported = overall;
              jobs.progress(overall);
            },
          },
        );
      }),
    );
    void vscode.window.showInformationMessage(
      accepted.length === 1
        ? vscode.l10n.t("Uploaded {0} to the session.", path.basename(accepted[0].path))
        : vscode.l10n.t("Uploaded {0} files to the session.", accepted.length),
    );
    ctx.services.refresh("session");
    return { uploaded: accepted.map((f) => f.path), refused, result };
  });
}

export async function uploadUrl(ctx: UploadContext, url?: string): Promise<UploadResult | undefined> {
  return guarded(ctx, async () => {
    const value =
      url ??
      (await vscode.window.showInputBox({
        title: vscode.l10n.t("Upload from URL"),
        prompt: vscode.l10n.t("A public http(s) link to an image, video or audio file"),
        placeHolder: "https://example.com/clip.mp4",
        ignoreFocusOut: true,
        validateInput: (v) => (v.trim() === "" || isHttpUrl(v) ? undefined : vscode.l10n.t("Enter an http:// or https:// link.")),
      }));
    if (!value?.trim()) return undefined;
    if (!isHttpUrl(value)) {
      void vscode.window.showWarningMessage(vscode.l10n.t("Enter an http:// or https:// link."));
      return undefined;
    }
    const result = await cancellableProgress(ctx, vscode.l10n.t("Uploading from URL"), (_p, token) =>
      ctx.uploads.track([{ url: value.trim() }], "palette", () => ctx.services.client.uploadUrls([value.trim()], { signal: abortOn(token).signal })),
    );
    void vscode.window.showInformationMessage(vscode.l10n.t("The link was added to the session."));
    ctx.services.refresh("session");
    return result;
  });
}
