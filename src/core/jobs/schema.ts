/**
 * The ledger's stored form, version 1: `{"version": 1, "jobs": [Job…]}`, validated on every read.
 * A record that does not validate is dropped alone; a file that is not JSON, or of another version,
 * reads as empty (the caller warns). Unknown fields are dropped.
 */
import * as z from "zod/v4-mini";
import { JOB_KINDS, JOB_STATES, JOB_SURFACES, type Job } from "./types";

export const LEDGER_VERSION = 1;
/** The newest this many jobs are kept; older ones are dropped on the next write. */
export const MAX_JOBS = 1000;

const str = (max: number) => z.string().check(z.maxLength(max));
const optStr = (max: number) => z.catch(z.optional(str(max)), undefined);
const optNum = z.catch(z.optional(z.number()), undefined);

const mediaSchema = z.object({
  url: str(4096),
  key: optStr(512),
  path: optStr(4096),
  mimeType: optStr(100),
  kind: z.catch(z.optional(z.enum(["image", "video", "audio", "unknown"])), undefined),
});

const jobSchema = z.object({
  id: z.string().check(z.minLength(1), z.maxLength(100)),
  kind: z.enum(JOB_KINDS as [Job["kind"], ...Job["kind"][]]),
  surface: z.catch(z.enum(JOB_SURFACES as [Job["surface"], ...Job["surface"][]]), "cli"),
  sessionId: optStr(200),
  prompt: optStr(4000),
  quotedCredits: optNum,
  balanceSeen: optNum,
  state: z.catch(z.enum(JOB_STATES as [Job["state"], ...Job["state"][]]), "interrupted"),
  percent: z.catch(z.optional(z.number().check(z.minimum(0), z.maximum(100))), undefined),
  stage: optStr(300),
  error: z.catch(z.optional(z.object({ code: str(60), message: str(1000) })), undefined),
  media: z.catch(z.array(mediaSchema), []),
  outDir: optStr(4096),
  fileName: optStr(300),
  renderId: optStr(200),
  ownerPid: optNum,
  knownBefore: z.catch(z.optional(z.array(str(4096))), undefined),
  detached: z.catch(z.optional(z.boolean()), undefined),
  watchUntil: optNum,
  extra: z.catch(z.optional(z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]))), undefined),
  createdAt: z.number(),
  updatedAt: z.number(),
  sentAt: optNum,
  finishedAt: optNum,
});

export interface ParsedLedger {
  jobs: Job[];
  /** Why the text was not read (it then reads as empty): for one warning. */
  problem?: string;
}

/** Tolerant read of the stored text; never throws. */
export function parseLedger(text: string | undefined): ParsedLedger {
  if (text === undefined || text.trim() === "") return { jobs: [] };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { jobs: [], problem: "it is not valid JSON" };
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) return { jobs: [], problem: "it is not a job list" };
  const v = value as { version?: unknown; jobs?: unknown };
  if (v.version !== LEDGER_VERSION) return { jobs: [], problem: `its version (${String(v.version).slice(0, 20)}) is not ${LEDGER_VERSION}` };
  const jobs: Job[] = [];
  for (const item of Array.isArray(v.jobs) ? v.jobs : []) {
    const parsed = jobSchema.safeParse(item);
    if (parsed.success) jobs.push(parsed.data as Job);
  }
  return { jobs };
}

/** Newest first, at most MAX_JOBS, as the stored text. */
export function serializeLedger(jobs: readonly Job[]): string {
  return JSON.stringify({ version: LEDGER_VERSION, jobs: boundJobs(jobs) });
}

/** Newest first, at most MAX_JOBS. */
export function boundJobs(jobs: readonly Job[]): Job[] {
  return [...jobs].sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1)).slice(0, MAX_JOBS);
}
