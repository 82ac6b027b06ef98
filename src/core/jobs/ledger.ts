/**
 * The job ledger: the one record of every job, whatever surface started it. Each change is a small
 * patch applied to the stored list as it is now (LedgerStorage.update re-reads under its lock), so
 * writers in other processes keep their jobs; the list is versioned and bounded (schema.ts). A
 * damaged store gives one warning and an empty ledger, never a crash. Hosts read it through
 * `get`, `list` and `media` and hear about changes of this process through `onDidChange`.
 */
import { randomBytes } from "node:crypto";
import type { Logger } from "../support/logger";
import { boundJobs, LEDGER_VERSION, parseLedger } from "./schema";
import type { LedgerStorage } from "./storage";
import { isFinalState, type Job, type JobPatch, type JobQuery, type LedgerMedia, type NewJob } from "./types";

export interface LedgerOptions {
  logger: Logger;
  now?: () => number;
  /** This process (written as the owner of the jobs it starts). */
  pid?: number;
}

const asSet = <T>(v: T | readonly T[] | undefined): Set<T> | undefined => (v === undefined ? undefined : new Set(Array.isArray(v) ? (v as T[]) : [v as T]));

/** Whether a job matches a query (newest-first ordering and the limit are the caller's). */
export function matchesQuery(job: Job, q: JobQuery): boolean {
  const kinds = asSet(q.kind);
  const surfaces = asSet(q.surface);
  const states = asSet(q.state);
  if (kinds && !kinds.has(job.kind)) return false;
  if (surfaces && !surfaces.has(job.surface)) return false;
  if (states && !states.has(job.state)) return false;
  if (q.sessionId !== undefined && job.sessionId !== q.sessionId) return false;
  if (q.active !== undefined && q.active === isFinalState(job.state)) return false;
  return true;
}

function copy(j: Job): Job {
  return { ...j, media: j.media.map((m) => ({ ...m })), ...(j.extra ? { extra: { ...j.extra } } : {}), ...(j.error ? { error: { ...j.error } } : {}) };
}

export class JobLedger {
  private readonly listeners = new Set<(job: Job) => void>();
  private readonly now: () => number;
  private warned = false;
  /** The last text read or written and its jobs: parsing 1,000 records is the slow part, so it is done only when the text changed. */
  private cache?: { text: string | undefined; jobs: Job[] };

  constructor(
    private readonly storage: LedgerStorage,
    private readonly opts: LedgerOptions,
  ) {
    this.now = opts.now ?? Date.now;
  }

  /** Fires after every change this process makes, with the job as written. */
  onDidChange(listener: (job: Job) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Starts a record (state `queued` unless given); owned by this process. */
  async create(init: NewJob): Promise<Job> {
    return (await this.createMany([init]))[0] as Job;
  }

  /**
   * Starts several records in one write (a batch's items, records moved in from an older store).
   * `createdAt` (ms since the epoch) keeps an older record's time; by default now.
   */
  async createMany(inits: readonly (NewJob & { createdAt?: number; media?: Job["media"] })[]): Promise<Job[]> {
    const now = this.now();
    const made = inits.map((init): Job => {
      const { createdAt, media, ...rest } = init;
      const at = createdAt ?? now;
      const job: Job = {
        ...rest,
        id: `job_${at.toString(36)}_${randomBytes(4).toString("hex")}`,
        state: init.state ?? "queued",
        media: (media ?? []).map((m) => ({ ...m })),
        ownerPid: this.opts.pid ?? process.pid,
        createdAt: at,
        updatedAt: Math.max(at, now),
      };
      if (job.prompt && job.prompt.length > 4000) job.prompt = job.prompt.slice(0, 4000);
      for (const k of Object.keys(job) as (keyof Job)[]) if (job[k] === undefined) delete job[k];
      return job;
    });
    if (made.length === 0) return [];
    await this.mutate((jobs) => {
      jobs.push(...made);
    });
    for (const job of made) this.fire(job);
    return made.map(copy);
  }

  /**
   * Changes several jobs in one write (a batch saving its items' states). Same rules as `update`
   * with `reopen` (the caller owns these records' states). Resolves to the jobs as written.
   */
  async updateMany(changes: readonly { id: string; patch: JobPatch }[]): Promise<Job[]> {
    const written = await this.mutate((jobs) => {
      const out: Job[] = [];
      for (const { id, patch } of changes) {
        const j = jobs.find((x) => x.id === id);
        if (!j) continue;
        const next = { ...patch };
        if (next.state !== undefined && isFinalState(next.state) && !isFinalState(j.state)) next.finishedAt ??= this.now();
        if (next.state !== undefined && !isFinalState(next.state)) next.finishedAt = undefined;
        Object.assign(j, next, { updatedAt: this.now() });
        for (const k of Object.keys(j) as (keyof Job)[]) if (j[k] === undefined) delete j[k];
        out.push(copy(j));
      }
      return out;
    });
    for (const job of written) this.fire(job);
    return written;
  }

  /**
   * Changes a job. A finished job (done, failed, cancelled, interrupted) keeps its final state
   * against a late progress patch; `reopen` lets a resumed watch or export move it back to running.
   * Resolves to the job as written, or undefined when there is no such job.
   */
  async update(id: string, patch: JobPatch, opts: { reopen?: boolean } = {}): Promise<Job | undefined> {
    const job = await this.mutate((jobs) => {
      const j = jobs.find((x) => x.id === id);
      if (!j) return undefined;
      const next = { ...patch };
      if (isFinalState(j.state) && !opts.reopen) {
        if (next.state !== undefined && !isFinalState(next.state)) delete next.state;
        delete next.percent;
        delete next.stage;
      }
      if (next.state !== undefined && isFinalState(next.state) && !isFinalState(j.state)) next.finishedAt ??= this.now();
      if (next.state !== undefined && !isFinalState(next.state)) next.finishedAt = undefined;
      Object.assign(j, next, { updatedAt: this.now() });
      for (const k of Object.keys(j) as (keyof Job)[]) if (j[k] === undefined) delete j[k];
      return { ...j, media: j.media.map((m) => ({ ...m })) };
    });
    if (job) this.fire(job);
    return job;
  }

  /** Adds media to a job (an item with the same URL is merged: a saved path joins its URL). */
  async addMedia(id: string, media: Job["media"]): Promise<Job | undefined> {
    const job = await this.mutate((jobs) => {
      const j = jobs.find((x) => x.id === id);
      if (!j) return undefined;
      for (const m of media) {
        const same = j.media.find((x) => x.url === m.url);
        if (same) Object.assign(same, Object.fromEntries(Object.entries(m).filter(([, v]) => v !== undefined)));
        else j.media.push({ ...m });
      }
      j.updatedAt = this.now();
      return { ...j, media: j.media.map((m) => ({ ...m })) };
    });
    if (job) this.fire(job);
    return job;
  }

  async remove(id: string): Promise<void> {
    await this.mutate((jobs) => {
      const i = jobs.findIndex((j) => j.id === id);
      if (i >= 0) jobs.splice(i, 1);
    });
  }

  /** One job as stored now (another process may have changed it). */
  async get(id: string): Promise<Job | undefined> {
    return (await this.all()).find((j) => j.id === id);
  }

  /** Jobs matching the query, newest first. */
  async list(q: JobQuery = {}): Promise<Job[]> {
    const out = (await this.all()).filter((j) => matchesQuery(j, q));
    return q.limit !== undefined ? out.slice(0, Math.max(0, q.limit)) : out;
  }

  /** Every media item the matching jobs produced, newest job first (for hosts that list media). */
  async media(q: JobQuery = {}): Promise<LedgerMedia[]> {
    const out: LedgerMedia[] = [];
    for (const j of await this.list({ ...q, limit: undefined })) {
      for (const m of j.media) out.push({ ...m, jobId: j.id, jobKind: j.kind, prompt: j.prompt, at: j.finishedAt ?? j.updatedAt });
    }
    return q.limit !== undefined ? out.slice(0, Math.max(0, q.limit)) : out;
  }

  /** The job that already holds a media item (by URL or key), if any. */
  async owner(media: { url: string; key?: string }): Promise<Job | undefined> {
    return (await this.all()).find((j) => j.media.some((m) => m.url === media.url || (media.key !== undefined && m.key === media.key)));
  }

  /** Newest first; copies (a caller changing one changes nothing stored). */
  private async all(): Promise<Job[]> {
    return this.parsed(await this.storage.read())
      .map(copy)
      .sort((a, b) => b.createdAt - a.createdAt);
  }

  private parsed(text: string | undefined): Job[] {
    if (this.cache && this.cache.text === text) return this.cache.jobs;
    const parsed = parseLedger(text);
    this.warn(parsed.problem);
    this.cache = { text, jobs: parsed.jobs };
    return parsed.jobs;
  }

  private async mutate<T>(change: (jobs: Job[]) => T): Promise<T> {
    let result!: T;
    await this.storage.update((current) => {
      const jobs = this.parsed(current).map(copy);
      result = change(jobs);
      const kept = boundJobs(jobs);
      const text = JSON.stringify({ version: LEDGER_VERSION, jobs: kept });
      this.cache = { text, jobs: kept };
      return text;
    });
    return result;
  }

  private warn(problem: string | undefined): void {
    if (!problem || this.warned) return;
    this.warned = true;
    this.opts.logger.warn(`The job ledger could not be read (${problem}); starting with an empty one.`);
  }

  private fire(job: Job): void {
    for (const l of this.listeners) {
      try {
        l(job);
      } catch (err) {
        this.opts.logger.warn(`A job listener failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }
}
