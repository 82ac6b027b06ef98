/**
 * The runner's contracts: what a job does (JobSpec, EditSteps), what its caller sees (JobProgress),
 * what the runner needs (JobRunnerDeps), and a job as this process runs it (Live).
 */
import type { NemoClientApi } from "../api";
import { NemoError } from "../errors";
import type { TextMode } from "../prompt/gui-stream";
import type { Shape } from "../shape/framing";
import type { Logger } from "../support/logger";
import type { ChatEvent, ChatResult, GeneratedMedia } from "../types";
import type { JobLedger } from "./ledger";
import { WATCH_ENDED } from "./stages";
import type { JobTiming } from "./timing";
import type { Job, JobMedia, JobSurface } from "./types";

/**
 * What a job does. A generation's `outDir` unset: its media are recorded on the job, not saved (the
 * chat keeps them until the person saves); `verbatim`: the prompt is sent as typed (the chat: the
 * person wrote the whole message), else framed ("Generate an image of …", prompt.ts). `textMode`:
 * how the turn's text arrives at `onEvent` (api.ts ChatOptions; default "sentence").
 */
export type JobSpec =
  | { kind: "generate"; prompt: string; medium?: "image" | "video"; outDir?: string; surface: JobSurface; shape?: Shape; verbatim?: boolean; textMode?: TextMode }
  | ({ kind: "edit"; message: string; surface: JobSurface; shape?: Shape; textMode?: TextMode } & EditSteps)
  | { kind: "export"; outDir: string; surface: JobSurface; fileName?: string; title?: string };

/**
 * The steps around an edit's turn, for an edit of a file (core/edit): `before` runs under the job's
 * signal ahead of the message (the image's upload; a cancel then aborts it and nothing is charged),
 * its `beforeStage` the ledger's line meanwhile ("Uploading the image…"); `save` saves the turn's
 * new media (also when the caller stopped waiting and the job went on) and resolves to the job's
 * media with their paths; its errors fail the job. `onPercent`: 0..100 of the download, when known.
 */
export interface EditSteps {
  before?: (signal: AbortSignal) => Promise<unknown>;
  beforeStage?: string;
  save?: (media: readonly GeneratedMedia[], opts: { signal: AbortSignal; onPercent: (p: number | undefined) => void }) => Promise<JobMedia[]>;
}

/** What a waiting caller is told (at least every `progressEveryMs`). */
export interface JobProgress {
  jobId: string;
  state: Job["state"];
  /** "Generating an image… (1 min 20 s)", "Rendering… 40%". */
  message: string;
  elapsedMs: number;
  percent?: number;
}

export interface JobRunnerDeps {
  client: NemoClientApi;
  ledger: JobLedger;
  logger: Logger;
  timing?: Partial<JobTiming>;
  now?: () => number;
}

/** A job this process runs: its abort controller, stage and listeners (runner.ts, runner-steps.ts). */
export interface Live {
  id: string;
  ctrl: AbortController;
  done: Promise<void>;
  sent: boolean;
  stage: string;
  percent?: number;
  startedAt: number;
  error?: unknown;
  watchTimer?: ReturnType<typeof setTimeout>;
  listeners: Set<() => void>;
  /** Every chat event of the turn (the participant and chat stream text from here). */
  onEvent?: (e: ChatEvent) => void;
  /** The turn's whole result (text, changes, actions), for a caller that shows more than the ledger keeps. */
  onResult?: (r: ChatResult) => void;
  /** The job watches the session by itself now (its caller stopped waiting, or the agent went quiet after the message). */
  detached?: boolean;
  kind: JobSpec["kind"];
  /** An export's render, once submitted. */
  renderId?: string;
}

/** The watch of a job whose caller stopped waiting ran out. */
export class WatchEnded extends NemoError {
  constructor() {
    super("TIMEOUT", { userMessage: WATCH_ENDED });
  }
}
