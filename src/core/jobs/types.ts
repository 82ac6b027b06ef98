/**
 * A job: one piece of paid (or long) work a person or an agent started — a generation, an edit, an
 * export, an upload, a batch item — with the session it runs on, the surface that started it, what
 * it was asked, what it was quoted, how far it got and the media it produced. Every surface shows
 * the ledger's record of its job (ledger.ts) instead of keeping its own.
 */

export type JobKind = "generate" | "edit" | "export" | "upload" | "batch-item";
export const JOB_KINDS: readonly JobKind[] = ["generate", "edit", "export", "upload", "batch-item"];

/** Which surface started the job (`lm-tool`: a VS Code language model tool; `participant`: `@imagegen`). */
export type JobSurface = "palette" | "selection" | "chat" | "batch" | "lm-tool" | "participant" | "mcp" | "cli" | "tree" | "gallery" | "explorer";
export const JOB_SURFACES: readonly JobSurface[] = ["palette", "selection", "chat", "batch", "lm-tool", "participant", "mcp", "cli", "tree", "gallery", "explorer"];

/**
 * queued → waiting (for the session: another turn holds it) → sending → working → rendering (n %)
 * → saving → done; or failed (with the reason), cancelled (before anything was charged, or by the
 * person), interrupted (the process went away and the watch ended without the result). An upload
 * is `uploading` (n %) from its first byte until done, failed or cancelled.
 */
export type JobState = "queued" | "waiting" | "sending" | "working" | "rendering" | "uploading" | "saving" | "done" | "failed" | "cancelled" | "interrupted";
export const JOB_STATES: readonly JobState[] = ["queued", "waiting", "sending", "working", "rendering", "uploading", "saving", "done", "failed", "cancelled", "interrupted"];

const FINAL_STATES: ReadonlySet<JobState> = new Set(["done", "failed", "cancelled", "interrupted"]);

/** done, failed, cancelled or interrupted: nothing more will happen to it. */
export function isFinalState(state: JobState): boolean {
  return FINAL_STATES.has(state);
}

export interface JobMedia {
  /** Where the backend serves it. */
  url: string;
  /** The backend's stable key (id, else URL). */
  key?: string;
  /** Absolute path of the saved file, once saved. */
  path?: string;
  mimeType?: string;
  kind?: "image" | "video" | "audio" | "unknown";
}

export interface Job {
  /** `job_<ms>_<random>`; stable for the job's life. */
  id: string;
  kind: JobKind;
  surface: JobSurface;
  /** The backend session the work runs on (batch items have their own). */
  sessionId?: string;
  /** The prompt or instruction as the person or agent gave it (at most 4,000 characters). */
  prompt?: string;
  /** The credits quoted before the work (the cost question), when there was one. */
  quotedCredits?: number;
  /** The available balance seen when asking, when known. */
  balanceSeen?: number;
  state: JobState;
  /** 0..100 of the current stage (renders, downloads, uploads), when known. */
  percent?: number;
  /** One short English line for the current stage ("Rendering… 40%"); never a secret. */
  stage?: string;
  /** Why it failed: the error's code and the sentence people saw. */
  error?: { code: string; message: string };
  media: JobMedia[];
  /** Where files go (absolute), for a resumed watch or export. */
  outDir?: string;
  /** The export file name asked for (`night-market.mp4`), kept for a resumed render. */
  fileName?: string;
  /** The render job of an export. */
  renderId?: string;
  /** The process that runs it (a watch whose process is gone is resumed by the next start). */
  ownerPid?: number;
  /** Media keys/URLs the session already had when the turn started (a resumed watch claims only others). */
  knownBefore?: string[];
  /** The caller stopped waiting after the message reached the agent; the job went on by itself. */
  detached?: boolean;
  /** A detached job watches the session until then (ms since the epoch), then gives up. */
  watchUntil?: number;
  /** Extra facts a surface keeps with its job (batch: the source file; upload: sizes). Small, JSON. */
  extra?: Record<string, string | number | boolean>;
  createdAt: number;
  updatedAt: number;
  /** When the message was accepted by the backend (the point after which Stop no longer saves credits). */
  sentAt?: number;
  finishedAt?: number;
}

/** What a surface gives to start a job. */
export type NewJob = Pick<Job, "kind" | "surface"> &
  Partial<Pick<Job, "sessionId" | "prompt" | "quotedCredits" | "balanceSeen" | "outDir" | "fileName" | "renderId" | "extra" | "state" | "stage">>;

/** Fields a job's owner changes as it goes. */
export type JobPatch = Partial<Omit<Job, "id" | "kind" | "createdAt">>;

/** Filters of `JobLedger.list` (all optional; newest first). */
export interface JobQuery {
  kind?: JobKind | readonly JobKind[];
  surface?: JobSurface | readonly JobSurface[];
  state?: JobState | readonly JobState[];
  sessionId?: string;
  /** Only jobs still running (not final). */
  active?: boolean;
  /** At most this many (newest first). */
  limit?: number;
}

/** A media item any job produced, for hosts that list media (MCP resources, the Session view). */
export interface LedgerMedia extends JobMedia {
  jobId: string;
  jobKind: JobKind;
  prompt?: string;
  at: number;
}
