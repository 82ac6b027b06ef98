/**
 * The agent tools as jobs (the MCP server): generate_image, edit_timeline and export_video start a
 * job on the runner and either return its id at once (`wait: false`) or wait for it with progress
 * at least every 10 s; a caller that stops waiting leaves the job running (runner.ts). get_job,
 * list_jobs and save_media read the same ledger, so a file that arrived after a timeout is found
 * and saved without paying again.
 */
import * as path from "node:path";
import { CancelledError, InputError, phrase } from "../errors";
import { type Job, type JobProgress, JobRunner } from "../jobs";
import { saveAll } from "../jobs/save";
import { elapsedText } from "../jobs/stages";
import { silentLogger } from "../support/logger";
import { mediaDisplayName } from "../media/media-name";
import { resolveShape } from "../shape";
import type { ChatEvent } from "../types";
import { checkedInput, progressLine, savedMedia, type SavedMedia, type ToolOutcome, type ToolRunContext } from "./run";
import { JOB_TOOL_INPUTS, type JobToolName, waitField } from "./job-tools";
import type { AgentToolName } from "./names";

export interface JobToolContext extends ToolRunContext {
  jobs: JobRunner;
  surface?: Job["surface"];
}

const STATE_WORDS: Record<Job["state"], string> = {
  queued: "queued",
  waiting: "waiting for the previous request on this session",
  sending: "sending",
  working: "working",
  rendering: "rendering",
  uploading: "uploading",
  saving: "saving",
  done: "done",
  failed: "failed",
  cancelled: "cancelled",
  interrupted: "interrupted",
};

/** "done (finished after you stopped waiting)", "rendering 40%". */
export function jobStateText(job: Job): string {
  let s = STATE_WORDS[job.state];
  if ((job.state === "rendering" || job.state === "uploading") && job.percent !== undefined) s += ` ${Math.round(job.percent)}%`;
  if (job.state === "done" && job.detached) s += " (finished after you stopped waiting)";
  if ((job.state === "failed" || job.state === "interrupted") && job.error) s += `: ${job.error.message}`;
  return s;
}

function jobMedia(job: Job, baseDir: string | undefined): SavedMedia[] {
  return job.media.filter((m) => m.path).map((m) => savedMedia(m.path as string, baseDir, job.kind === "export" ? path.basename(m.path as string) : (job.prompt ?? "")));
}

/** What the model reads about a job, and the structured facts. */
export function jobOutcome(tool: AgentToolName | JobToolName, job: Job, baseDir: string | undefined): ToolOutcome {
  const media = jobMedia(job, baseDir);
  const lines = [`Job ${job.id} (${job.kind}): ${jobStateText(job)}.`];
  if (media.length > 0) {
    lines.push(`Saved ${media.length} file${media.length === 1 ? "" : "s"}:`);
    for (const m of media) lines.push(`- ${m.relativePath} (${m.mimeType})\n  Markdown: ${m.markdown}`);
  } else if (job.state === "done" && job.kind === "generate") {
    lines.push("The agent did not produce a new image or clip for this prompt. Try a more specific prompt, or call get_session to see what the session holds.");
  }
  const unsaved = job.media.filter((m) => !m.path && !m.url.startsWith("file:"));
  if (unsaved.length > 0) lines.push(`Not saved yet (save_media with jobId ${job.id}): ${unsaved.map((m) => m.url).join(", ")}`);
  if (typeof job.extra?.answer === "string" && job.extra.answer.trim()) lines.push(`Agent: ${job.extra.answer.trim()}`);
  if (typeof job.extra?.changes === "string" && job.extra.changes.trim()) lines.push(`Changes:\n${job.extra.changes.split("\n").map((c) => `- ${c}`).join("\n")}`);
  if (!isFinalNow(job)) lines.push(`Still running (${job.stage ?? job.state}); call get_job with id ${job.id} to wait for it.`);
  return {
    tool: tool as AgentToolName,
    text: lines.join("\n"),
    media,
    data: {
      jobId: job.id,
      kind: job.kind,
      state: job.state,
      ...(job.detached ? { finishedAfterCallerStopped: job.state === "done" } : {}),
      files: media.map((m) => ({ path: m.relativePath, mimeType: m.mimeType, markdown: m.markdown })),
      ...(job.error ? { error: job.error.message } : {}),
    },
  };
}

function isFinalNow(job: Job): boolean {
  return job.state === "done" || job.state === "failed" || job.state === "cancelled" || job.state === "interrupted";
}

function needOutDir(ctx: ToolRunContext): string {
  if (ctx.outDir) return ctx.outDir;
  throw new InputError("BAD_INPUT", {
    userMessage: phrase("There is no folder to save files in."),
    nextStep: phrase("Open a folder (or give the server an output folder), then try again."),
  });
}

function progressTo(ctx: ToolRunContext): (p: JobProgress) => void {
  return (p) => {
    if (!ctx.signal?.aborted) ctx.onProgress?.({ message: p.message, percent: p.percent });
  };
}

/** generate_image, edit_timeline or export_video as a job; `wait: false` returns the job at once. */
export async function runWaitableTool(name: AgentToolName, rawInput: unknown, ctx: JobToolContext): Promise<ToolOutcome> {
  const wait = waitField.safeParse((rawInput as { wait?: unknown } | undefined)?.wait);
  if (!wait.success) throw new InputError("BAD_INPUT", { userMessage: phrase("The input of {0} is not valid: wait: expected a boolean", name), nextStep: phrase("Call it again with the fields its schema describes.") });
  // `wait` is the job's argument, not the tool's: the rest is checked by the tool's own strict rule.
  const { wait: _wait, ...toolInput } = (typeof rawInput === "object" && rawInput !== null && !Array.isArray(rawInput) ? rawInput : {}) as Record<string, unknown>;
  const input = checkedInput(name, rawInput === undefined || typeof rawInput !== "object" || rawInput === null || Array.isArray(rawInput) ? rawInput : toolInput) as Record<string, unknown>;
  const surface = ctx.surface ?? "mcp";
  const events =
    wait.data === false
      ? undefined
      : (e: ChatEvent): void => {
          if (ctx.signal?.aborted) return; // the caller stopped waiting: the job goes on quietly
          ctx.onEvent?.(e);
          const line = progressLine(e);
          if (line) ctx.onProgress?.({ message: line });
        };
  let job: Job;
  switch (name) {
    case "generate_image":
      job = await ctx.jobs.start(
        {
          kind: "generate",
          prompt: String(input.prompt),
          medium: input.kind === "clip" ? "video" : "image",
          outDir: needOutDir(ctx),
          surface,
          // The same shape rule as the waited-for tool (run.ts): ratio, style (custom styles too), variations.
          shape: resolveShape({ ratio: input.aspect_ratio as string | undefined, style: input.style as string | undefined, variations: input.variations as number | undefined }, ctx.customStyles),
        },
        { signal: wait.data === false ? undefined : ctx.signal, onEvent: events },
      );
      break;
    case "edit_timeline":
      job = await ctx.jobs.start({ kind: "edit", message: String(input.message), surface }, { signal: wait.data === false ? undefined : ctx.signal, onEvent: events });
      break;
    case "export_video":
      job = await ctx.jobs.start({ kind: "export", outDir: needOutDir(ctx), surface }, { signal: wait.data === false ? undefined : ctx.signal });
      break;
    default:
      throw new InputError("BAD_INPUT", { userMessage: phrase("{0} does not run as a job.", name) });
  }
  if (wait.data === false) {
    const o = jobOutcome(name, job, ctx.baseDir);
    return { ...o, text: `Started job ${job.id} (${job.kind}). Call get_job with id ${job.id} (it can wait up to 600 seconds) to get the result; list_jobs shows every job.` };
  }
  const final = await ctx.jobs.wait(job.id, { signal: ctx.signal, onProgress: progressTo(ctx), rethrow: true });
  if (ctx.signal?.aborted) throw new CancelledError(ctx.signal.reason);
  if (!final) throw new InputError("BAD_INPUT", { userMessage: phrase("The job {0} is no longer on the ledger.", job.id) });
  if (final.state === "cancelled") throw new CancelledError();
  return jobOutcome(name, final, ctx.baseDir);
}

/** get_job, list_jobs, save_media. */
export async function runJobTool(name: JobToolName, rawInput: unknown, ctx: JobToolContext): Promise<ToolOutcome> {
  let input: Record<string, unknown>;
  try {
    input = JOB_TOOL_INPUTS[name].parse(rawInput ?? {}) as Record<string, unknown>;
  } catch (err) {
    const first = (err as { issues?: { path?: PropertyKey[]; message?: string }[] }).issues?.[0];
    throw new InputError("BAD_INPUT", {
      userMessage: phrase("The input of {0} is not valid: {1}", name, first ? `${(first.path ?? []).map(String).join(".")}${first.path?.length ? ": " : ""}${first.message ?? "invalid"}` : "unexpected input"),
      nextStep: phrase("Call it again with the fields its schema describes."),
      cause: err,
    });
  }
  switch (name) {
    case "get_job": {
      const id = String(input.id);
      const seconds = typeof input.waitSeconds === "number" ? input.waitSeconds : 30;
      if (!(await ctx.jobs.ledger.get(id))) throw unknownJob(id);
      const job = await ctx.jobs.wait(id, { signal: ctx.signal, timeoutMs: seconds * 1000, onProgress: progressTo(ctx) });
      if (ctx.signal?.aborted) throw new CancelledError(ctx.signal.reason);
      return jobOutcome("get_job", job ?? (await ctx.jobs.ledger.get(id)) ?? failUnknown(id), ctx.baseDir);
    }
    case "list_jobs": {
      const jobs = await ctx.jobs.ledger.list({ limit: typeof input.limit === "number" ? input.limit : 20, active: typeof input.active === "boolean" ? input.active : undefined });
      const lines = jobs.length ? jobs.map((j) => jobLine(j, ctx.baseDir)) : ["No jobs yet."];
      return {
        tool: "list_jobs" as AgentToolName,
        text: lines.join("\n"),
        media: [],
        data: { jobs: jobs.map((j) => ({ id: j.id, kind: j.kind, surface: j.surface, state: j.state, finishedAfterCallerStopped: j.detached === true && j.state === "done", prompt: j.prompt, files: jobMedia(j, ctx.baseDir).map((m) => m.relativePath), createdAt: new Date(j.createdAt).toISOString() })) },
      };
    }
    case "save_media":
      return saveMedia(ctx, input.url as string | undefined, input.jobId as string | undefined);
  }
}

function jobLine(j: Job, baseDir: string | undefined): string {
  const files = jobMedia(j, baseDir).map((m) => m.relativePath);
  const what = j.prompt ? ` "${j.prompt.length > 60 ? `${j.prompt.slice(0, 59)}…` : j.prompt}"` : "";
  const age = elapsedText((j.finishedAt ?? j.updatedAt) - j.createdAt);
  return `- ${j.id} ${j.kind}${what} (${j.surface}): ${jobStateText(j)}${files.length ? ` → ${files.join(", ")}` : ""} [${age}]`;
}

function unknownJob(id: string): InputError {
  return new InputError("BAD_INPUT", { userMessage: phrase("There is no job {0}.", id), nextStep: phrase("Call list_jobs to see the jobs.") });
}
function failUnknown(id: string): never {
  throw unknownJob(id);
}

async function saveMedia(ctx: JobToolContext, url: string | undefined, jobId: string | undefined): Promise<ToolOutcome> {
  if (!url && !jobId) throw new InputError("BAD_INPUT", { userMessage: phrase("save_media needs a url (from get_session) or a jobId."), nextStep: phrase("Call get_session or list_jobs, then call save_media with one of them.") });
  const outDir = needOutDir(ctx);
  const state = await ctx.client.state({ signal: ctx.signal }); // free: GET /state
  const job = jobId ? await ctx.jobs.ledger.get(jobId) : undefined;
  if (jobId && !job) throw unknownJob(jobId);
  const wanted = state.generatedMedia.filter((m) =>
    url ? m.url === url || m.key === url : (job?.media ?? []).some((jm) => !jm.path && (jm.url === m.url || jm.key === m.key)),
  );
  if (wanted.length === 0) {
    throw new InputError("BAD_INPUT", {
      userMessage: url ? phrase("The session has no media at {0}.", url.slice(0, 200)) : phrase("Job {0} has no unsaved media in the session.", jobId ?? ""),
      nextStep: phrase("Call get_session to see the media the session holds."),
    });
  }
  const saved: SavedMedia[] = [];
  for (const m of wanted) {
    const owner = job ?? (await ctx.jobs.ledger.owner(m));
    const title = owner?.prompt ?? m.title ?? mediaDisplayName(m);
    const holder = owner ?? (await ctx.jobs.ledger.create({ kind: "generate", surface: ctx.surface ?? "mcp", prompt: title, outDir, state: "saving", stage: "Saving media already in the session" }));
    const files = await saveAll({ client: ctx.client, ledger: ctx.jobs.ledger, logger: silentLogger }, holder.id, [m], outDir, title, ctx.signal);
    if (!owner) await ctx.jobs.ledger.update(holder.id, { state: "done", stage: "Done" });
    for (const f of files) saved.push(savedMedia(f, ctx.baseDir, title));
  }
  const lines = [`Saved ${saved.length} file${saved.length === 1 ? "" : "s"} from the session (no credits spent):`];
  for (const m of saved) lines.push(`- ${m.relativePath} (${m.mimeType})\n  Markdown: ${m.markdown}`);
  return { tool: "save_media" as AgentToolName, text: lines.join("\n"), media: saved, data: { files: saved.map((m) => ({ path: m.relativePath, mimeType: m.mimeType, markdown: m.markdown })) } };
}
