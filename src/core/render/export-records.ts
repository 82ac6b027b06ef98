/**
 * The exports' view of the job ledger (jobs/ledger.ts): every export, whatever started it (palette,
 * chat, Session tree, resume, CLI, agents), is an `export` job; this class reads and writes those
 * jobs in the export's own terms (render id, stage, percent, saved file, the file name asked for,
 * so a resumed render keeps `night-market.mp4`). Hosts read it to list exports and to find a render
 * to resume. No editor import: the extension passes its workspace ledger, the CLI its file ledger.
 * Records of the earlier stores (`nemo.exports`, `nemo.pendingRender`) are moved in once.
 */
// zod/v4-mini (= zod/mini): activation reads these records (a pending export is resumed at start-up),
import * as z from "zod/v4-mini"; // tree-shakable; the same entry the MCP SDK imports (one module instance in the CLI bundle)
import { JobLedger } from "../jobs/ledger";
import { KeyValueLedgerStorage } from "../jobs/storage";
import type { Job, JobState, JobSurface } from "../jobs/types";
import { silentLogger } from "../support/logger";
import type { KeyValueStore } from "../support/storage";

export type ExportRecordState = "starting" | "rendering" | "downloading" | "interrupted" | "done" | "failed" | "cancelled";
export type ExportSource = "palette" | "chat" | "tree" | "resume" | "cli" | "agent";

export interface ExportRecord {
  /** The export's job id, stable for the record's life; the render id may change on a retry. */
  id: string;
  renderId?: string;
  sessionId?: string;
  source?: ExportSource;
  state: ExportRecordState;
  /** 0..100 of the current stage, when known. */
  percent?: number;
  outDir: string;
  /** The file name asked for (`night-market.mp4`), kept so a resumed render is saved under it. */
  fileName?: string;
  filePath?: string;
  startedAt: number;
  updatedAt: number;
  /** The error code when it failed (the sentence was shown at the time). */
  errorCode?: string;
}

/** Keys of the stores before the ledger; read once and moved into it. */
const LEGACY_EXPORTS_KEY = "nemo.exports";
const LEGACY_PENDING_KEY = "nemo.pendingRender";
const MAX_RECORDS = 30;

const STATES = ["starting", "rendering", "downloading", "interrupted", "done", "failed", "cancelled"] as const;
const legacyRecordSchema = z.object({
  id: z.string().check(z.minLength(1), z.maxLength(100)),
  renderId: z.optional(z.string().check(z.maxLength(200))),
  sessionId: z.optional(z.string().check(z.maxLength(200))),
  source: z.catch(z.optional(z.enum(["palette", "chat", "tree", "resume", "cli", "agent"])), undefined),
  state: z.catch(z.enum(STATES), "interrupted"),
  percent: z.catch(z.optional(z.number().check(z.minimum(0), z.maximum(100))), undefined),
  outDir: z.string().check(z.maxLength(4096)),
  filePath: z.optional(z.string().check(z.maxLength(4096))),
  startedAt: z.number(),
  updatedAt: z.number(),
  errorCode: z.optional(z.string().check(z.maxLength(60))),
});

const legacySchema = z.object({ renderId: z.string(), sessionId: z.optional(z.string()), outDir: z.string(), startedAt: z.optional(z.number()) });

/** A state from which the render may still be picked up: the window or the network went away mid-way. */
export function isResumable(r: ExportRecord): boolean {
  return r.renderId !== undefined && (r.state === "rendering" || r.state === "downloading" || r.state === "interrupted" || r.state === "starting");
}

const FINAL = new Set<ExportRecordState>(["done", "failed", "cancelled"]);

const TO_JOB_STATE: Record<ExportRecordState, JobState> = {
  starting: "sending",
  rendering: "rendering",
  downloading: "saving",
  interrupted: "interrupted",
  done: "done",
  failed: "failed",
  cancelled: "cancelled",
};
const TO_EXPORT_STATE: Record<JobState, ExportRecordState> = {
  queued: "starting",
  waiting: "starting",
  sending: "starting",
  working: "starting",
  rendering: "rendering",
  uploading: "starting",
  saving: "downloading",
  done: "done",
  failed: "failed",
  cancelled: "cancelled",
  interrupted: "interrupted",
};
const SURFACE: Record<ExportSource, JobSurface> = { palette: "palette", chat: "chat", tree: "tree", resume: "palette", cli: "cli", agent: "lm-tool" };
const MP4 = "video/mp4";

/** A job of kind `export` as an export record. */
export function exportRecordOf(job: Job): ExportRecord {
  const file = job.media.find((m) => m.path)?.path;
  const source = job.extra?.source;
  const rec: ExportRecord = {
    id: job.id,
    state: TO_EXPORT_STATE[job.state],
    outDir: job.outDir ?? "",
    startedAt: job.createdAt,
    updatedAt: job.updatedAt,
  };
  if (job.renderId !== undefined) rec.renderId = job.renderId;
  if (job.sessionId !== undefined) rec.sessionId = job.sessionId;
  if (typeof source === "string" && source in SURFACE) rec.source = source as ExportSource;
  if (job.percent !== undefined) rec.percent = job.percent;
  if (job.fileName !== undefined) rec.fileName = job.fileName;
  if (file !== undefined) rec.filePath = file;
  if (job.error?.code) rec.errorCode = job.error.code;
  return rec;
}

type RecordPatch = Partial<Omit<ExportRecord, "id" | "startedAt">>;

function jobPatch(patch: RecordPatch): Parameters<JobLedger["update"]>[1] {
  const out: Parameters<JobLedger["update"]>[1] = {};
  if ("state" in patch && patch.state) out.state = TO_JOB_STATE[patch.state];
  if ("percent" in patch) out.percent = patch.percent;
  if ("renderId" in patch) out.renderId = patch.renderId;
  if ("sessionId" in patch) out.sessionId = patch.sessionId;
  if ("outDir" in patch) out.outDir = patch.outDir;
  if ("fileName" in patch) out.fileName = patch.fileName;
  if ("errorCode" in patch) out.error = patch.errorCode ? { code: patch.errorCode, message: "" } : undefined;
  if ("updatedAt" in patch) out.updatedAt = patch.updatedAt;
  return out;
}

export class ExportRecords {
  readonly ledger: JobLedger;
  private adopted?: Promise<void>;
  private readonly listeners = new Set<() => void>();

  /** Over a job ledger (hosts that show jobs share theirs), or a KeyValueStore (a ledger in its `nemo.jobs` key). */
  constructor(
    store: KeyValueStore | JobLedger,
    private readonly now: () => number = Date.now,
    private readonly legacy: KeyValueStore | undefined = store instanceof JobLedger ? undefined : store,
  ) {
    this.ledger = store instanceof JobLedger ? store : new JobLedger(new KeyValueLedgerStorage(store), { logger: silentLogger, now });
  }

  /** Fires after every change (in this process). */
  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Newest first. */
  async list(): Promise<ExportRecord[]> {
    await this.adoptLegacy();
    return (await this.ledger.list({ kind: "export" })).map(exportRecordOf);
  }

  /** The newest record a window closed on (or a drop cut short), if any. */
  async pending(): Promise<ExportRecord | undefined> {
    return (await this.list()).find(isResumable);
  }

  async add(init: Omit<ExportRecord, "id" | "updatedAt" | "startedAt"> & { startedAt?: number }): Promise<ExportRecord> {
    await this.adoptLegacy();
    const job = await this.ledger.create({
      kind: "export",
      surface: init.source ? SURFACE[init.source] : "palette",
      outDir: init.outDir,
      fileName: init.fileName,
      renderId: init.renderId,
      sessionId: init.sessionId,
      state: TO_JOB_STATE[init.state],
      extra: init.source ? { source: init.source } : undefined,
    });
    const patch: Parameters<JobLedger["update"]>[1] = { percent: init.percent, error: init.errorCode ? { code: init.errorCode, message: "" } : undefined };
    if (init.startedAt !== undefined) Object.assign(patch, { createdAt: init.startedAt });
    const written = (await this.ledger.update(job.id, patch as Parameters<JobLedger["update"]>[1], { reopen: true })) ?? job;
    if (init.filePath) await this.ledger.addMedia(job.id, [{ url: `file:${init.filePath}`, path: init.filePath, mimeType: MP4, kind: "video" }]);
    await this.trim();
    this.fire();
    return exportRecordOf((await this.ledger.get(job.id)) ?? written);
  }

  /**
   * Change a record. A finished record (done, failed, cancelled) is not moved back to a running or
   * interrupted state: a late progress event or an abort after the person's cancel changes nothing.
   */
  async update(id: string, patch: RecordPatch): Promise<ExportRecord | undefined> {
    const job = await this.ledger.get(id);
    if (!job || job.kind !== "export") return undefined;
    const rec = exportRecordOf(job);
    if (FINAL.has(rec.state) && (patch.state === undefined || !FINAL.has(patch.state))) return rec;
    const written = await this.ledger.update(id, jobPatch(patch), { reopen: true });
    if (patch.filePath) await this.ledger.addMedia(id, [{ url: `file:${patch.filePath}`, path: patch.filePath, mimeType: MP4, kind: "video" }]);
    this.fire();
    const now = patch.filePath ? await this.ledger.get(id) : written;
    return now ? exportRecordOf(now) : undefined;
  }

  /** One record by its id (the export job's id). */
  async get(id: string): Promise<ExportRecord | undefined> {
    const job = await this.ledger.get(id);
    return job?.kind === "export" ? exportRecordOf(job) : undefined;
  }

  async byRenderId(renderId: string): Promise<ExportRecord | undefined> {
    return (await this.list()).find((r) => r.renderId === renderId);
  }

  async remove(id: string): Promise<void> {
    await this.ledger.remove(id);
    this.fire();
  }

  /** At most MAX_RECORDS exports are kept (the ledger's own bound counts every kind). */
  private async trim(): Promise<void> {
    const exports = await this.ledger.list({ kind: "export" });
    for (const old of exports.slice(MAX_RECORDS)) await this.ledger.remove(old.id);
  }

  private fire(): void {
    for (const l of this.listeners) l();
  }

  /** Records of the stores before the ledger become export jobs, once. */
  private adoptLegacy(): Promise<void> {
    this.adopted ??= this.doAdopt().catch(() => undefined);
    return this.adopted;
  }

  private async doAdopt(): Promise<void> {
    const store = this.legacy;
    if (!store) return;
    const olds: ExportRecord[] = [];
    const raw = await store.get(LEGACY_EXPORTS_KEY);
    if (raw) {
      try {
        const value: unknown = JSON.parse(raw);
        for (const item of Array.isArray(value) ? value : []) {
          const parsed = legacyRecordSchema.safeParse(item);
          if (parsed.success) olds.push(parsed.data);
        }
      } catch {
        // a broken entry is dropped
      }
      await store.set(LEGACY_EXPORTS_KEY, undefined);
    }
    const pendingRaw = await store.get(LEGACY_PENDING_KEY);
    if (pendingRaw) {
      try {
        const p = legacySchema.safeParse(JSON.parse(pendingRaw));
        if (p.success && !olds.some((r) => r.renderId === p.data.renderId)) {
          const at = p.data.startedAt ?? this.now();
          olds.push({ id: `exp_${at}`, renderId: p.data.renderId, sessionId: p.data.sessionId, state: "interrupted", outDir: p.data.outDir, startedAt: at, updatedAt: at });
        }
      } catch {
        // ignored
      }
      await store.set(LEGACY_PENDING_KEY, undefined);
    }
    const adopt = this.adopted;
    this.adopted = Promise.resolve(); // add() below must not wait for this adoption
    try {
      for (const r of olds.reverse()) {
        const { id: _id, updatedAt: _u, ...rest } = r;
        await this.add(rest);
      }
    } finally {
      this.adopted = adopt;
    }
  }
}
