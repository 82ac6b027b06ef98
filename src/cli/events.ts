/** How chat events, notices and progress reports look in a terminal. */
import type {
  ChatEvent,
  DownloadProgress,
  ExportProgress,
  GeneratedMedia,
  GuiAction,
  Notice,
  UploadProgress,
} from "../core/types";
import { englishPhrase } from "../core/errors";
import { toolPhrase } from "../core/chat/tool-phrase";
import { type Output, progressText } from "./output";

const ACTION_HINTS: Record<GuiAction, string> = {
  export: "To export the video, run: imagegen export --out <dir>",
  credits: "To see your credits, run: imagegen credits",
  "show-state": "To see the timeline, run: imagegen state",
  "show-tracks": "To see the timeline, run: imagegen state",
};

function minutes(ms: number): string {
  const m = Math.round(ms / 60_000);
  return m >= 1 ? `${m} min` : `${Math.round(ms / 1000)} s`;
}

function describeMedia(list: GeneratedMedia[]): string {
  const counts = new Map<string, number>();
  for (const m of list) counts.set(m.kind, (counts.get(m.kind) ?? 0) + 1);
  const parts = [...counts].map(([kind, n]) => `${n} ${kind === "unknown" ? "file" : kind}${n === 1 ? "" : "s"}`);
  return parts.join(", ");
}

/** An onEvent handler that streams text to stdout and everything else to stderr. */
export function chatEventPrinter(out: Output): (event: ChatEvent) => void {
  const hinted = new Set<GuiAction>();
  const tools = new Set<string>();
  return (event) => {
    switch (event.type) {
      case "text":
        out.text(event.delta);
        break;
      case "retract":
        out.retract(event.chars);
        break;
      case "tool":
        // One quiet line per tool name and turn, on the call.
        if (event.phase === "call" && !tools.has(event.name)) {
          tools.add(event.name);
          out.status(`… ${englishPhrase(toolPhrase(event.name))}`);
        }
        break;
      case "heartbeat":
        break;
      case "still-working":
        out.status(`… Still working (${minutes(event.elapsedMs)} so far)`);
        break;
      case "action":
        if (!hinted.has(event.action)) {
          hinted.add(event.action);
          out.status(ACTION_HINTS[event.action]);
        }
        break;
      case "changes":
        // What changed after a silent close or a recovery is the answer itself: stdout.
        for (const s of event.sentences) out.line(s);
        break;
      case "media":
        if (event.media.length > 0) out.status(`… new in the session: ${describeMedia(event.media)}`);
        break;
      case "recovering":
        out.status(
          `… The connection dropped; checking the session in ${minutes(event.nextCheckMs)} (${event.attempt}/${event.maxAttempts}). The message is not sent again.`,
        );
        break;
      case "notice":
        out.status(event.message);
        break;
    }
  };
}

export function noticePrinter(out: Output): (notice: Notice) => void {
  return (notice) => {
    if (notice.kind === "connecting") out.progress(notice.message, true);
    else out.status(notice.message);
  };
}

export function uploadProgressPrinter(out: Output): (p: UploadProgress) => void {
  return (p) => out.progress(progressText(`Uploading ${p.file}`, p.sentBytes, p.totalBytes), p.sentBytes >= p.totalBytes);
}

export function downloadProgressPrinter(out: Output, label: string): (p: DownloadProgress) => void {
  return (p) => out.progress(progressText(label, p.receivedBytes, p.totalBytes), p.totalBytes !== undefined && p.receivedBytes >= p.totalBytes);
}

const STAGE_TEXT: Record<ExportProgress["stage"], string> = {
  precheck: "Checking the timeline",
  submitting: "Submitting the render",
  rendering: "Rendering",
  downloading: "Downloading the MP4",
  done: "Done",
};

export function exportProgressPrinter(out: Output): (p: ExportProgress) => void {
  let lastStage: ExportProgress["stage"] | undefined;
  return (p) => {
    const pct = p.percent !== undefined ? ` ${Math.round(p.percent)}%` : "";
    const status = p.status && p.stage === "rendering" ? ` (${p.status})` : "";
    const text = `${STAGE_TEXT[p.stage]}${pct}${status}`;
    if (p.stage !== lastStage && !out.interactive && p.stage !== "done") {
      // Off a terminal there is no progress line; one status line per stage keeps logs readable.
      out.status(`… ${STAGE_TEXT[p.stage]}`);
    }
    lastStage = p.stage;
    out.progress(text, true);
  };
}

