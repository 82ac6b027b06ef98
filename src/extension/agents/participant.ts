/**
 * The `@imagegen` chat participant: VS Code's chat as one more surface over the same client and
 * session as the sidebar chat. The agent's answer streams in as Markdown, tool activity as progress
 * lines, saved media as anchors and references to the files; /generate and /edit ask the shared
 * cost confirmation; /export, /credits and /status run locally (never a paid agent turn); typed
 * text is routed and confirmed like the sidebar chat (export, credits, status locally; a request for
 * media or an edit asks the cost first; the rest goes to the agent as typed).
 * The request's token aborts the HTTP work. Loaded on the first request (see register.ts).
 */
import * as vscode from "vscode";
import type { ChatEvent } from "../../core/types";
import { exportOutcome, exportProgress, progressLine, runAgentTool, savedMedia, type SavedMedia, type ToolRunContext } from "../../core/agents/run";
import type { JobSpec } from "../../core/jobs";
import type { Job } from "../../core/jobs/types";
import { CancelledError, toNemoError } from "../../core/errors";
import { mediaDisplayName } from "../../core/media/media-name";
import { route } from "../../core/prompt/router";
import { paidActionFor } from "../../core/prompt/cost";
import { resolveShape, shapedActions, takeShapeFlags } from "../../core/shape";
import { namedMedium } from "../../core/prompt";
import type { AgentContext, ParticipantRequest, ResponseStream } from "../contracts/agent-surface";
import { mediaWord, translatePhrase } from "../l10n";
import { confirmPaid } from "../rules/confirm";
import { tokenSignal } from "./cancel";
import { jobStateWords } from "../views/job-item";
import { jobsFor } from "./jobs";
import { saveTarget } from "./where";

export type ParticipantCommand = "generate" | "edit" | "export" | "credits" | "status";

/** What a finished request remembers for its follow-ups. */
export interface ParticipantMetadata {
  command: ParticipantCommand | "agent";
  prompt?: string;
  /** Media was saved (follow-ups offer an export). */
  saved?: number;
}

/** Streams a turn's events: text as Markdown, one progress line per new activity. */
function turnStreamer(stream: ResponseStream): { onEvent: (e: ChatEvent) => void; onProgress: (p: { message: string }) => void; wroteText: () => boolean } {
  let lastLine = "";
  let wrote = false;
  const line = (message: string): void => {
    if (message === lastLine) return;
    lastLine = message;
    stream.progress(message);
  };
  return {
    onEvent: (e) => {
      if (e.type === "text" && e.delta) {
        wrote = true;
        stream.markdown(e.delta);
      }
    },
    onProgress: (p) => line(p.message),
    wroteText: () => wrote,
  };
}

function showMedia(stream: ResponseStream, media: SavedMedia[]): void {
  if (media.length === 0) return;
  stream.markdown(`\n\n${vscode.l10n.t("Saved:")} `);
  media.forEach((m, i) => {
    const uri = vscode.Uri.file(m.path);
    if (i > 0) stream.markdown(", ");
    stream.anchor(uri, m.relativePath);
    stream.reference(uri);
  });
  stream.markdown("\n");
}

function showChanges(stream: ResponseStream, changes: string[]): void {
  if (changes.length === 0) return;
  stream.markdown(`\n\n${changes.map((c) => `- ${c}`).join("\n")}\n`);
}

/** A finished job as the reply shows it: its saved files, change sentences, answer and state, from the ledger's record. */
interface JobReply {
  job: Job;
  media: SavedMedia[];
  changes: string[];
  answer: string;
}

/**
 * Runs a generation or an edit as a job on the workspace's ledger (jobs.ts) and reads the job's
 * record back: what the reply shows is what the Session view's Jobs and list_jobs show. A Stop
 * after the message reached the agent ends this wait only; the job saves what arrives.
 */
async function runAsJob(ctx: AgentContext, spec: JobSpec, run: ToolRunContext): Promise<JobReply> {
  const jobs = jobsFor(ctx);
  const onEvent = (e: ChatEvent): void => {
    if (run.signal?.aborted) return;
    run.onEvent?.(e);
    const line = progressLine(e);
    if (line) run.onProgress?.({ message: line });
  };
  const started = await jobs.start(spec, { signal: run.signal, onEvent });
  const job = await jobs.wait(started.id, { signal: run.signal, rethrow: true });
  if (run.signal?.aborted || !job || job.state === "cancelled") throw new CancelledError(run.signal?.reason);
  ctx.services.refresh("all");
  const title = job.prompt ?? "";
  const media = job.media.filter((m) => m.path).map((m) => savedMedia(m.path as string, run.baseDir, title, m.mimeType));
  const changes = typeof job.extra?.changes === "string" && job.extra.changes.trim() ? job.extra.changes.split("\n") : [];
  const answer = typeof job.extra?.answer === "string" ? job.extra.answer : "";
  return { job, media, changes, answer };
}

/** The reply from the job's record: the change sentences, the saved files, and the job's line (id and state). */
function showJob(stream: ResponseStream, r: JobReply, wroteText: boolean): void {
  showChanges(stream, r.changes);
  if (!wroteText && r.answer) stream.markdown(r.answer);
  if (!wroteText && !r.answer && r.changes.length === 0 && r.media.length === 0) {
    stream.markdown(r.job.kind === "generate" ? vscode.l10n.t("The agent did not produce a new image or clip for this prompt.") : vscode.l10n.t("The agent finished without a reply, and nothing changed in the session."));
  }
  showMedia(stream, r.media);
  stream.markdown(`\n\n_${vscode.l10n.t("Job {0}: {1}", r.job.id, jobStateWords(r.job))}_\n`);
}

async function target(ctx: AgentContext): Promise<{ outDir: string; baseDir?: string }> {
  const t = await saveTarget(ctx);
  if (!t) throw new CancelledError();
  return t;
}

function usage(stream: ResponseStream, command: "generate" | "edit"): vscode.ChatResult {
  stream.markdown(
    command === "generate"
      ? vscode.l10n.t("Describe what to make, e.g. `/generate a watercolor fox in snow` (add “video” for a clip).")
      : vscode.l10n.t("Say what to change, e.g. `/edit add the title 'Urban Dreams' for 3 seconds`."),
  );
  return { metadata: { command } satisfies ParticipantMetadata };
}

/** Handle one request. Errors end as the chat's error details (one sentence and a next step). */
export async function handleParticipantRequest(
  ctx: AgentContext,
  request: ParticipantRequest,
  stream: ResponseStream,
  token: vscode.CancellationToken,
): Promise<vscode.ChatResult> {
  const cancel = tokenSignal(token);
  const prompt = request.prompt.trim();
  const streamer = turnStreamer(stream);
  const base = (): ToolRunContext => ({ client: ctx.services.client, signal: cancel.signal, onEvent: streamer.onEvent, onProgress: streamer.onProgress });
  try {
    let command = request.command as ParticipantCommand | undefined;
    if (!command) {
      const local = route(prompt).kind;
      if (local === "export") command = "export";
      else if (local === "credits") command = "credits";
      else if (local === "state") command = "status";
      else if (local === "upload") {
        stream.markdown(vscode.l10n.t("To upload, right-click files in the Explorer and choose **Upload to Image Generation session**."));
        return { metadata: { command: "agent" } satisfies ParticipantMetadata };
      }
    }
    switch (command) {
      case "credits": {
        const c = await ctx.services.client.credits({ signal: cancel.signal });
        ctx.services.publishCredits(c);
        stream.markdown(vscode.l10n.t("{0} credits available ({1} frozen, {2} total).", c.available, c.frozen, c.total));
        return { metadata: { command } satisfies ParticipantMetadata };
      }
      case "status": {
        const outcome = await runAgentTool("get_session", {}, base());
        const lines = [String(outcome.data.summary)];
        lines.push(outcome.data.exportReady ? vscode.l10n.t("Ready to export: /export") : vscode.l10n.t("Nothing to export yet: try /generate first."));
        const media = (outcome.data.generatedMedia as { kind: string; label?: string; url: string }[] | undefined) ?? [];
        for (const m of media) lines.push(`- [${(m.label ?? m.kind).replace(/[[\]]/g, "")}](${m.url})`);
        stream.markdown(lines.join("  \n"));
        return { metadata: { command } satisfies ParticipantMetadata };
      }
      case "export": {
        // The extension's one export runner (Session view record, resumable render).
        const where = await target(ctx);
        const outcome = exportOutcome(await ctx.exports.start(where.outDir, token, { report: exportProgress(streamer.onProgress) }, "agent"), where.baseDir);
        ctx.services.refresh("all");
        ctx.services.recordActivity({ source: "agent", kind: "exported", files: outcome.media.map((m) => m.path) });
        stream.markdown(vscode.l10n.t("Exported the timeline to MP4."));
        showMedia(stream, outcome.media);
        return { metadata: { command, saved: outcome.media.length } satisfies ParticipantMetadata };
      }
      case "generate": {
        // `--ratio 9:16 --style watercolor --variations 3` inline: the core's shape rule checks them before any cost question.
        const flags = takeShapeFlags(prompt);
        if (!flags.text) return usage(stream, "generate");
        const shape = resolveShape(flags.input);
        const kind = namedMedium(flags.text) === "video" ? "clip" : "image";
        if (!(await confirmPaid(ctx, shapedActions(kind, shape), { verb: vscode.l10n.t("Generate") }))) throw new CancelledError();
        const where = await target(ctx);
        const job = await runAsJob(ctx, { kind: "generate", prompt: flags.text, medium: kind === "clip" ? "video" : "image", outDir: where.outDir, surface: "participant", shape }, { ...base(), ...where });
        ctx.services.recordActivity({ source: "agent", kind: "generated", subject: prompt, files: job.media.map((m) => m.path) });
        showJob(stream, job, streamer.wroteText());
        return { metadata: { command, prompt, saved: job.media.length } satisfies ParticipantMetadata };
      }
      case "edit": {
        if (!prompt) return usage(stream, "edit");
        if (!(await confirmPaid(ctx, { kind: "edit" }, { verb: vscode.l10n.t("Send") }))) throw new CancelledError();
        const job = await runAsJob(ctx, { kind: "edit", message: prompt, surface: "participant" }, base());
        ctx.services.recordActivity({ source: "agent", kind: "edited", subject: prompt, files: [] });
        showJob(stream, job, streamer.wroteText());
        return { metadata: { command, prompt } satisfies ParticipantMetadata };
      }
      default: {
        // Plain text for the agent, as typed (like the sidebar chat); new media is saved.
        if (!prompt) {
          stream.markdown(vscode.l10n.t("Ask for an image or a video, or try /generate, /edit, /export, /credits or /status."));
          return { metadata: { command: "agent" } satisfies ParticipantMetadata };
        }
        // The sidebar chat's policy: a message that asks for media or an edit is confirmed first.
        const paid = paidActionFor(prompt);
        if (paid && !(await confirmPaid(ctx, paid, { verb: vscode.l10n.t("Send") }))) throw new CancelledError();
        // Without a folder the agent still answers; new media is then linked, not saved.
        const where = await saveTarget(ctx).catch((err: unknown) => {
          if (toNemoError(err).code === "NO_FOLDER") return undefined;
          throw err;
        });
        if (where) {
          // As a job on the ledger: the new media are saved, and the reply shows the job's record.
          // Sent as typed (no image framing): the job saves whatever new media the turn made.
          const job = await runAsJob(ctx, { kind: "generate", prompt, outDir: where.outDir, surface: "participant" }, { ...base(), ...where });
          const files = job.media.map((m) => m.path);
          if (files.length || job.changes.length) ctx.services.recordActivity({ source: "agent", kind: files.length ? "generated" : "edited", subject: prompt, files });
          showJob(stream, job, streamer.wroteText());
          return { metadata: { command: "agent", prompt, saved: files.length } satisfies ParticipantMetadata };
        }
        // Without a folder it is a job too (sent as typed); its new media are recorded on the job and linked, not saved.
        const job = await runAsJob(ctx, { kind: "generate", prompt, verbatim: true, surface: "participant" }, base());
        if (job.changes.length) ctx.services.recordActivity({ source: "agent", kind: "edited", subject: prompt, files: [] });
        showChanges(stream, job.changes);
        if (!streamer.wroteText() && job.answer) stream.markdown(job.answer);
        const linked = job.job.media.filter((m) => !m.path);
        if (!streamer.wroteText() && !job.answer && job.changes.length === 0 && linked.length === 0) {
          stream.markdown(vscode.l10n.t("The agent finished without a reply, and nothing changed in the session."));
        }
        for (const m of linked) stream.markdown(`\n\n[${mediaDisplayName({ url: m.url, key: m.key ?? m.url, kind: m.kind ?? "unknown", mime: m.mimeType }, { prompt, word: mediaWord }).replace(/[[\]]/g, "")}](${m.url})`);
        stream.markdown(`\n\n_${vscode.l10n.t("Job {0}: {1}", job.job.id, jobStateWords(job.job))}_\n`);
        return { metadata: { command: "agent", prompt, saved: 0 } satisfies ParticipantMetadata };
      }
    }
  } catch (err) {
    const e = toNemoError(err);
    if (e.category === "cancelled") {
      stream.markdown(`\n\n_${vscode.l10n.t("Cancelled.")}_`);
      return { metadata: { command: (request.command as ParticipantCommand | undefined) ?? "agent" } satisfies ParticipantMetadata };
    }
    ctx.services.logger.warn(`@imagegen failed: ${e.code}`);
    const d = e.describe(translatePhrase);
    return { errorDetails: { message: d.nextStep ? `${d.message} ${d.nextStep}` : d.message }, metadata: { command: "agent" } satisfies ParticipantMetadata };
  } finally {
    cancel.dispose();
  }
}

/** "Export as MP4" after media was made; "Make another" after a generation. */
export function participantFollowups(result: vscode.ChatResult): vscode.ChatFollowup[] {
  const meta = result.metadata as ParticipantMetadata | undefined;
  if (!meta || result.errorDetails) return [];
  const out: vscode.ChatFollowup[] = [];
  if (((meta.saved ?? 0) > 0 && (meta.command === "generate" || meta.command === "agent")) || meta.command === "edit") {
    out.push({ prompt: "", command: "export", label: vscode.l10n.t("Export as MP4") });
  }
  if (meta.command === "generate" && meta.prompt) {
    out.push({ prompt: meta.prompt, command: "generate", label: vscode.l10n.t("Make another") });
  }
  return out;
}
