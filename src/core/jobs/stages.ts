/**
 * One short English line per stage of a job, for progress reports and the ledger's `stage`:
 * a chat event ("Generating an image…", "Still working… (2 min)"), an export step
 * ("Rendering… 40%"), with the elapsed time added for a waiting caller ("… (1 min 20 s)").
 */
import { englishPhrase, phrase } from "../errors";
import { toolPhrase } from "../chat/tool-phrase";
import type { ChatEvent, ExportProgress } from "../types";

export function eventStage(e: ChatEvent): string | undefined {
  switch (e.type) {
    case "tool":
      return e.phase === "call" ? englishPhrase(toolPhrase(e.name)) : undefined;
    case "recovering":
      return `The connection dropped; checking the session (${e.attempt}/${e.maxAttempts})…`;
    case "media":
      return "First result is ready; downloading…";
    case "notice":
      return e.message;
    default:
      return undefined;
  }
}

export function exportStage(p: ExportProgress): string {
  switch (p.stage) {
    case "precheck":
      return "Checking the timeline…";
    case "submitting":
      return "Starting the render…";
    case "rendering":
      return p.percent !== undefined ? `Rendering… ${Math.round(p.percent)}%` : "Rendering… (usually 30-90 seconds)";
    case "downloading":
      return "Downloading the MP4…";
    case "done":
      return "Done";
  }
}

/** "12 s", "1 min 20 s". */
export function elapsedText(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return s % 60 ? `${m} min ${s % 60} s` : `${m} min`;
}

/** The stage with the time the job has run: "Generating an image… (1 min 20 s)". */
export function jobStageLine(stage: string, elapsedMs: number): string {
  return `${stage} (${elapsedText(elapsedMs)})`;
}

/** A job whose caller stopped waiting watched the session for 10 minutes and saw nothing arrive. */
export const WATCH_ENDED = phrase("The result did not arrive within 10 minutes of your stopping to wait.");
