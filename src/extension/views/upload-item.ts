/** The Session view's upload rows: name, kind, size, pixels or length, state and when (never the CDN URL). */
import * as vscode from "vscode";
import { formatBytes, type UploadKind, type UploadRecord } from "../../core/media/upload-records";

const UPLOAD_ICON: Record<UploadKind, string> = { image: "file-media", video: "device-camera-video", audio: "music", link: "link" };

function uploadKindLabel(kind: UploadKind): string {
  switch (kind) {
    case "image":
      return vscode.l10n.t("Image");
    case "video":
      return vscode.l10n.t("Video");
    case "audio":
      return vscode.l10n.t("Audio");
    default:
      return vscode.l10n.t("Link");
  }
}

/** Where an upload is, from its job on the ledger ("uploading… 40 %"); nothing once it finished. */
function uploadStateWords(r: UploadRecord): string | undefined {
  switch (r.state) {
    case "uploading":
      return r.percent === undefined ? vscode.l10n.t("uploading…") : vscode.l10n.t("uploading… {0} %", Math.round(r.percent));
    case "failed":
      return vscode.l10n.t("failed");
    case "cancelled":
      return vscode.l10n.t("cancelled");
    case "interrupted":
      return vscode.l10n.t("interrupted");
    default:
      return undefined;
  }
}

/** An upload: its name; kind, size, pixels or length, and when, in the description and the tooltip (never its CDN URL). */
export function uploadItem(r: UploadRecord): vscode.TreeItem {
  const item = new vscode.TreeItem(r.name, vscode.TreeItemCollapsibleState.None);
  item.iconPath = new vscode.ThemeIcon(UPLOAD_ICON[r.kind]);
  const when = new Date(r.at).toLocaleString(vscode.env.language, { dateStyle: "short", timeStyle: "short" });
  if (r.state === "uploading") item.iconPath = new vscode.ThemeIcon("sync~spin");
  const facts = [
    uploadStateWords(r),
    uploadKindLabel(r.kind),
    r.size !== undefined ? formatBytes(r.size) : undefined,
    r.width && r.height ? `${r.width}×${r.height}` : undefined,
    r.durationSec !== undefined ? `${Math.round(r.durationSec * 10) / 10} s` : undefined,
    when,
  ].filter((f): f is string => Boolean(f));
  item.description = facts.join(" · ");
  item.tooltip = [r.name, ...facts].join("\n");
  item.contextValue = r.state ? `upload.${r.state}` : "upload";
  return item;
}
