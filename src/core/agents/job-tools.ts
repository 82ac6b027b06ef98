/**
 * The job tools of agents whose host may stop waiting (the MCP server and the language model
 * tools): `wait: false` on the long tools, and `get_job`, `list_jobs`, `save_media`. The schemas
 * follow tools.ts's host rules (strict objects, limits in descriptions, an output schema each);
 * package.json's language model tools are generated from here and tools.ts (lm-manifest.ts).
 */
import * as z from "zod"; // a namespace import: esbuild keeps only what is used (no locales)
import { type AgentToolName, JOB_TOOL_NAMES, type JobToolName } from "./names";
import { JOB_KINDS, JOB_STATES } from "../jobs/types";
import { hostSafe, type JsonSchemaObject, obj, savedFile, str } from "./tools";

export { JOB_TOOL_NAMES, type JobToolName };

/** The long tools that accept `wait`. */
export const WAITABLE_TOOLS: ReadonlySet<AgentToolName> = new Set(["generate_image", "edit_timeline", "export_video"]);

export const waitField = z
  .boolean()
  .optional()
  .describe("false: return a job id at once and let the work go on (then call get_job with that id). Default true: wait for the result, with progress.");

export const JOB_TOOL_INPUTS = {
  get_job: z.strictObject({
    id: z.string().trim().min(1).max(100).describe("The job id a long tool returned (job_…, 1-100 characters)."),
    waitSeconds: z
      .number()
      .min(0)
      .max(600)
      .optional()
      .describe("Wait up to this many seconds for the job to finish before answering (default 30; progress is reported meanwhile)."),
  }),
  list_jobs: z.strictObject({
    limit: z.number().int().min(1).max(100).optional().describe("At most this many jobs, newest first (default 20)."),
    active: z.boolean().optional().describe("true: only jobs still running; false: only finished ones."),
  }),
  save_media: z.strictObject({
    url: z.string().trim().min(1).max(4096).optional().describe("The URL of a media item get_session lists (up to 4096 characters). Saves that one item."),
    jobId: z.string().trim().min(1).max(100).optional().describe("A job id (1-100 characters): saves every media item that job produced and that is not saved yet."),
  }),
} as const;

export type JobToolInput<N extends JobToolName> = z.output<(typeof JOB_TOOL_INPUTS)[N]>;

export const JOB_TOOLS: Readonly<Record<JobToolName, { title: string; description: string; referenceName: string }>> = {
  get_job: {
    title: "Get job",
    referenceName: "imagegenJob",
    description:
      "Read a job started by generate_image, edit_timeline or export_video (for example with wait: false, or one whose call timed out): its state (queued, waiting, sending, working, rendering, saving, done, failed, cancelled, interrupted), " +
      "the saved files with Markdown links, and the agent's answer. Waits up to waitSeconds (default 30) for it to finish first. Free.",
  },
  list_jobs: {
    title: "List jobs",
    referenceName: "imagegenJobs",
    description:
      "List recent jobs (newest first) with their state and saved files, including work that finished after its caller stopped waiting. Free; use it after a timeout before trying again (a retry is charged again).",
  },
  save_media: {
    title: "Save media",
    referenceName: "imagegenSaveMedia",
    description:
      "Save media that is already in the session (a URL from get_session, or the media of a job) into the output folder, without generating again and without spending credits. " +
      "Use it when a generation finished but its file was not saved (for example the call timed out).",
  },
};

export function isJobToolName(name: string): name is JobToolName {
  return (JOB_TOOL_NAMES as readonly string[]).includes(name);
}

/** The JSON Schema of a job tool's input. */
export function jobToolInputJsonSchema(name: JobToolName): Record<string, unknown> {
  return hostSafe(z.toJSONSchema(JOB_TOOL_INPUTS[name], { io: "input" })) as Record<string, unknown>;
}

/** A job's record as the long tools and get_job return it (`jobOutcome` in run-jobs.ts). */
const jobRecord = obj(
  {
    jobId: str("The job's id (get_job takes it)."),
    kind: { type: "string", enum: [...JOB_KINDS], description: "What the job does." },
    state: { type: "string", enum: [...JOB_STATES], description: "Where the job is." },
    finishedAfterCallerStopped: { type: "boolean", description: "True when the job finished after its caller stopped waiting." },
    files: { type: "array", description: "The files the job saved, in order.", items: savedFile },
    error: str("Why the job failed, when it did."),
  },
  ["jobId", "kind", "state", "files"],
);
const JOB_OUTPUTS: Readonly<Record<JobToolName, JsonSchemaObject>> = {
  get_job: jobRecord,
  list_jobs: obj(
    {
      jobs: {
        type: "array",
        description: "The newest jobs first.",
        items: obj(
          {
            id: str("The job's id."),
            kind: str("What the job does."),
            surface: str("What started it (mcp, lm-tool, chat, palette, …)."),
            state: { type: "string", enum: [...JOB_STATES], description: "Where the job is." },
            finishedAfterCallerStopped: { type: "boolean", description: "True when it finished after its caller stopped waiting." },
            prompt: str("The prompt or instruction, when there is one."),
            files: { type: "array", description: "The saved files, relative to the working directory.", items: { type: "string" } },
            createdAt: str("When the job started (ISO 8601)."),
          },
          ["id", "kind", "surface", "state", "finishedAfterCallerStopped", "files", "createdAt"],
        ),
      },
    },
    ["jobs"],
  ),
  save_media: obj({ files: { type: "array", description: "The files saved, in order.", items: savedFile } }, ["files"]),
};

/** The JSON Schema of a job tool's structured result (also the long tools' result on the MCP server). */
export function jobToolOutputJsonSchema(name: JobToolName): JsonSchemaObject {
  return JOB_OUTPUTS[name];
}

/** A long tool's description with what `wait: false` does (MCP and the language model tools). */
export function withWaitDescription(description: string): string {
  return `${description} With wait: false it returns a job id at once (get_job gives the result).`;
}

/** A long tool's input schema with `wait` added (the MCP server and package.json list this one). */
export function withWaitJsonSchema(schema: Record<string, unknown>): Record<string, unknown> {
  const properties = { ...((schema.properties as Record<string, unknown> | undefined) ?? {}) };
  const wait = hostSafe(z.toJSONSchema(waitField, { io: "input" })) as Record<string, unknown>;
  properties.wait = wait;
  return { ...schema, properties };
}
