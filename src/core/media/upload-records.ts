/**
 * What the Session view lists under Uploads: one record per file or link sent, from the upload
 * answer where the backend describes it (`data.files[]`, parsed by upload.ts `parseUploadFiles`)
 * and from what was sent otherwise (name, size, kind by extension, time). The records are `upload`
 * jobs on the job ledger (UploadRecords below); the store before it is moved in once.
 */
import * as path from "node:path";
// zod/v4-mini (= zod/mini): the Session view reads these at activation, which must stay light.
import * as z from "zod/v4-mini";
import { toNemoError } from "../errors";
import type { JobLedger } from "../jobs/ledger";
import type { Job, JobMedia, JobSurface, NewJob } from "../jobs/types";
import { extensionOf } from "./files";
import type { UploadedFile, UploadResult } from "../types";
import { UPLOAD_CONTENT_TYPES } from "./formats";

export type UploadKind = "image" | "video" | "audio" | "link";

export interface UploadRecord {
  name: string;
  /** Where the send is: absent or `done` once it finished (the ledger's job state otherwise). */
  state?: "uploading" | "failed" | "cancelled" | "interrupted";
  /** 0..100 of the send while `uploading`, when known. */
  percent?: number;
  kind: UploadKind;
  /** Bytes sent (files only). */
  size?: number;
  /** When the upload finished (ms since the epoch). */
  at: number;
  /** The link sent, or the CDN address the backend reported. */
  url?: string;
  width?: number;
  height?: number;
  durationSec?: number;
}

/** What was sent: a local file (path and size) or a link. */
export type SentUpload = { path: string; size?: number } | { url: string };

function kindByName(name: string): UploadKind | undefined {
  const type = UPLOAD_CONTENT_TYPES[extensionOf(name)]?.split("/")[0];
  return type === "image" || type === "video" || type === "audio" ? type : undefined;
}

function linkName(url: string): string {
  try {
    const last = new URL(url).pathname.split("/").filter(Boolean).pop();
    return last ? decodeURIComponent(last) : url;
  } catch {
    return url;
  }
}

/**
 * One record per item sent, in order. A reported file is matched by name (case-insensitive), else
 * by position when the answer lists exactly as many files; its kind, size in pixels and duration win.
 */
export function uploadRecords(sent: readonly SentUpload[], result: Pick<UploadResult, "uploaded">, now: number): UploadRecord[] {
  const reported = result.uploaded ?? [];
  const byName = new Map<string, UploadedFile>(reported.map((f) => [f.fileName.toLowerCase(), f]));
  return sent.map((item, i) => {
    const isFile = "path" in item;
    const name = isFile ? path.basename(item.path) : linkName(item.url);
    const match = byName.get(name.toLowerCase()) ?? (reported.length === sent.length ? reported[i] : undefined);
    const rec: UploadRecord = {
      name,
      kind: match?.kind ?? kindByName(match?.fileName ?? name) ?? (isFile ? "image" : "link"),
      at: now,
    };
    if (isFile && item.size !== undefined) rec.size = item.size;
    const url = match?.url ?? (isFile ? undefined : item.url);
    if (url) rec.url = url;
    if (match?.width !== undefined) rec.width = match.width;
    if (match?.height !== undefined) rec.height = match.height;
    if (match?.durationSec !== undefined) rec.durationSec = match.durationSec;
    return rec;
  });
}

/** "1.2 MB", "340 KB", "12 B". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${(bytes / 1024 / 1024 / 1024).toFixed(2)} GB`;
}

/** An upload job (kind `upload` on the job ledger) as the record the Session view lists. */
export function uploadRecordOf(job: Job): UploadRecord {
  const x = job.extra ?? {};
  const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) && v >= 0 ? v : undefined);
  const kind = x.uploadKind;
  const rec: UploadRecord = {
    name: typeof x.name === "string" && x.name ? x.name : (job.prompt ?? "upload"),
    kind: kind === "image" || kind === "video" || kind === "audio" || kind === "link" ? kind : "link",
    at: job.finishedAt ?? job.createdAt,
  };
  if (job.state === "failed" || job.state === "cancelled" || job.state === "interrupted") rec.state = job.state;
  else if (job.state !== "done") rec.state = "uploading";
  if (rec.state === "uploading" && job.percent !== undefined) rec.percent = job.percent;
  const url = job.media.find((m) => !m.url.startsWith("file:"))?.url;
  if (url) rec.url = url;
  const size = num(x.size);
  if (size !== undefined) rec.size = size;
  const width = num(x.width);
  if (width !== undefined) rec.width = width;
  const height = num(x.height);
  if (height !== undefined) rec.height = height;
  const durationSec = num(x.durationSec);
  if (durationSec !== undefined) rec.durationSec = durationSec;
  return rec;
}

/** The job a finished upload record becomes (kind `upload`, state `done`). */
export function uploadJobOf(r: UploadRecord, surface: JobSurface, sessionId: string | undefined): NewJob & { createdAt: number; media: JobMedia[] } {
  const extra: Record<string, string | number> = { name: r.name, uploadKind: r.kind };
  if (r.size !== undefined) extra.size = r.size;
  if (r.width !== undefined) extra.width = r.width;
  if (r.height !== undefined) extra.height = r.height;
  if (r.durationSec !== undefined) extra.durationSec = r.durationSec;
  const kind = r.kind === "link" ? undefined : r.kind;
  return {
    kind: "upload",
    surface,
    sessionId,
    prompt: r.name,
    state: "done",
    stage: "Uploaded",
    extra,
    createdAt: r.at,
    media: r.url ? [{ url: r.url, ...(kind ? { kind } : {}) }] : [],
  };
}

/** The name and kind of an item before it is sent (what the ledger shows while it uploads). */
function sentName(item: SentUpload): { name: string; kind: UploadKind } {
  const isFile = "path" in item;
  const name = isFile ? path.basename(item.path) : linkName(item.url);
  return { name, kind: kindByName(name) ?? (isFile ? "image" : "link") };
}

/** The sends of one upload call on the ledger, from their start (see UploadRecords.begin). */
export interface UploadJobs {
  /** The jobs, in the order sent. */
  readonly ids: readonly string[];
  /** The send's progress (0..100 of all bytes); written when it moved by at least 10 points. */
  progress(percent: number): void;
  /** The answer came: the jobs are `done` with what the backend reported (kinds, sizes, CDN addresses). */
  done(result: Pick<UploadResult, "uploaded">, opts?: { sessionId?: string; now?: number }): Promise<void>;
  /** The send failed or was cancelled: the jobs say so (`cancelled` for a cancellation, else `failed` with the sentence people saw). */
  failed(err: unknown, opts?: { sessionId?: string }): Promise<void>;
}

/** The record shape of the store before the ledger (`imageGeneration.uploads` in the workspace state). */
const optionalNumber = z.catch(z.optional(z.number().check(z.nonnegative())), undefined);
const legacyUploadSchema = z.object({
  name: z.string().check(z.minLength(1), z.maxLength(1_000)),
  kind: z.catch(z.enum(["image", "video", "audio", "link"]), "link"),
  size: optionalNumber,
  at: z.number(),
  url: z.catch(z.optional(z.string().check(z.maxLength(4_096))), undefined),
  width: optionalNumber,
  height: optionalNumber,
  durationSec: optionalNumber,
});

/** Records of the store before the ledger, tolerantly (a bad entry is dropped, not the list), newest first. */
export function parseLegacyUploads(value: unknown): UploadRecord[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((v) => {
    const r = legacyUploadSchema.safeParse(v);
    return r.success ? [r.data as UploadRecord] : [];
  });
}

/**
 * The uploads' view of the job ledger: every file or link sent (palette, Explorer, chat) is an
 * `upload` job of the session it went to; the Session view lists the current session's. No editor
 * import: the extension passes its workspace ledger.
 */
export class UploadRecords {
  constructor(readonly ledger: JobLedger) {}

  /** Records the finished uploads of one send (in the order sent). */
  async add(records: readonly UploadRecord[], opts: { surface: JobSurface; sessionId?: string }): Promise<void> {
    if (records.length === 0) return;
    await this.ledger.createMany(records.map((r) => uploadJobOf(r, opts.surface, opts.sessionId)));
  }

  /**
   * Records a send when it STARTS: one `upload` job per file or link, state `uploading`, so every
   * surface (the Session view, list_jobs) sees it while its bytes travel. The returned handle moves
   * the jobs to done, failed or cancelled. `sessionId`: the session it goes to, when already known
   * (`done`/`failed` may give it once the upload created it).
   */
  async begin(sent: readonly SentUpload[], opts: { surface: JobSurface; sessionId?: string }): Promise<UploadJobs> {
    const jobs = await this.ledger.createMany(
      sent.map((item) => {
        const { name, kind } = sentName(item);
        const extra: Record<string, string | number> = { name, uploadKind: kind };
        if ("path" in item && item.size !== undefined) extra.size = item.size;
        return { kind: "upload" as const, surface: opts.surface, sessionId: opts.sessionId, prompt: name, state: "uploading" as const, stage: "Uploading…", extra };
      }),
    );
    const ids = jobs.map((j) => j.id);
    let written = 0;
    let writing: Promise<unknown> = Promise.resolve();
    // A progress event that comes after the send ended (a cancelled stream's last chunk) must not bring the jobs back to `uploading`.
    let ended = false;
    const ledger = this.ledger;
    return {
      ids,
      progress(percent: number): void {
        const p = Math.max(0, Math.min(100, Math.floor(percent)));
        if (ended || p - written < 10) return; // a workspace-state write per chunk would be far too many
        written = p;
        writing = writing.then(() => ledger.updateMany(ids.map((id) => ({ id, patch: { state: "uploading", percent: p, stage: `Uploading… ${p}%` } })))).catch(() => undefined);
      },
      async done(result, o = {}): Promise<void> {
        ended = true;
        await writing;
        const records = uploadRecords(sent, result, o.now ?? Date.now());
        await ledger.updateMany(
          records.map((r, i) => {
            const { extra, media } = uploadJobOf(r, opts.surface, undefined);
            const sessionId = o.sessionId ?? opts.sessionId;
            return { id: ids[i] as string, patch: { state: "done", stage: "Uploaded", percent: undefined, extra, media, ...(sessionId ? { sessionId } : {}) } };
          }),
        );
      },
      async failed(err, o = {}): Promise<void> {
        ended = true;
        await writing;
        const e = toNemoError(err);
        const cancelled = e.category === "cancelled";
        const sessionId = o.sessionId ?? opts.sessionId;
        await ledger.updateMany(
          ids.map((id) => ({
            id,
            patch: {
              state: cancelled ? "cancelled" : "failed",
              stage: cancelled ? "Cancelled" : e.userMessage,
              percent: undefined,
              ...(cancelled ? {} : { error: { code: e.code, message: e.userMessage } }),
              ...(sessionId ? { sessionId } : {}),
            },
          })),
        );
      },
    };
  }

  /**
   * Runs one upload call with its jobs on the ledger from the start (begin, then done or failed);
   * resolves or rejects as `run` does. `sessionId` is read again when it ends (the upload may have
   * created the session).
   */
  async track<T extends Pick<UploadResult, "uploaded">>(
    sent: readonly SentUpload[],
    opts: { surface: JobSurface; sessionId: () => Promise<string | undefined> },
    run: (jobs: UploadJobs) => Promise<T>,
  ): Promise<T> {
    const jobs = await this.begin(sent, { surface: opts.surface, sessionId: await opts.sessionId().catch(() => undefined) });
    let result: T;
    try {
      result = await run(jobs);
    } catch (err) {
      await jobs.failed(err, { sessionId: await opts.sessionId().catch(() => undefined) });
      throw err;
    }
    await jobs.done(result, { sessionId: await opts.sessionId().catch(() => undefined) });
    return result;
  }

  /**
   * The uploads of a session, newest first (all of them when `sessionId` is undefined), at most
   * `limit` (50).
   */
  async list(sessionId?: string, limit = 50): Promise<UploadRecord[]> {
    const jobs = await this.ledger.list({ kind: "upload", ...(sessionId !== undefined ? { sessionId } : {}) });
    return jobs.slice(0, limit).map(uploadRecordOf);
  }

  /** Moves the records of the store before the ledger in, once (the caller then clears that store). */
  async adopt(legacy: unknown, sessionId: string | undefined): Promise<number> {
    const olds = parseLegacyUploads(legacy);
    if (olds.length) await this.ledger.createMany([...olds].reverse().map((r) => uploadJobOf(r, "palette", sessionId)));
    return olds.length;
  }
}
