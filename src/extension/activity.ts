/**
 * The one line the chat shows when another surface changed the workspace's session ("Added from
 * the Command Palette: paper lantern…"): one workspace has one timeline, and the person should
 * hear of what joined it while they were elsewhere.
 */
import * as vscode from "vscode";
import type { ActivitySource, SessionActivity } from "./services";

/** Longest subject shown before it is cut with "…" (characters). */
const SUBJECT_MAX = 60;

function surface(source: ActivitySource): string {
  switch (source) {
    case "palette":
      return vscode.l10n.t("the Command Palette");
    case "selection":
      return vscode.l10n.t("Generate from Selection");
    case "agent":
      return vscode.l10n.t("an agent");
    case "tree":
      return vscode.l10n.t("the Session view");
    case "chat":
      return vscode.l10n.t("the chat");
    case "gallery":
      return vscode.l10n.t("the Gallery");
    case "explorer":
      return vscode.l10n.t("the Explorer");
  }
}

function shortened(text: string): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length <= SUBJECT_MAX ? oneLine : `${oneLine.slice(0, SUBJECT_MAX - 1).trimEnd()}…`;
}

/** "Added from the Command Palette: paper lantern…", "Exported from an agent: timeline.mp4". */
export function activityLine(a: SessionActivity): string {
  const from = surface(a.source);
  const subject = a.subject ? shortened(a.subject) : a.files.map((f) => f.split(/[\\/]/).pop() ?? f).join(", ");
  if (a.late) return subject ? vscode.l10n.t("Finished after you stopped waiting: {0}", subject) : vscode.l10n.t("Finished after you stopped waiting.");
  switch (a.kind) {
    case "generated":
      return subject ? vscode.l10n.t("Added from {0}: {1}", from, subject) : vscode.l10n.t("Added from {0}.", from);
    case "edited":
      return subject ? vscode.l10n.t("Changed from {0}: {1}", from, subject) : vscode.l10n.t("Changed from {0}.", from);
    case "exported":
      return subject ? vscode.l10n.t("Exported from {0}: {1}", from, subject) : vscode.l10n.t("Exported from {0}.", from);
  }
}
