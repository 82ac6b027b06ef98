/**
 * The one record of exports, per workspace, kept in the workspace store (key `nemo.exports`) so it
 * survives reloads. The client writes it for every export, whatever started it (palette, chat,
 * Session tree, resume, CLI); hosts read it to list exports and to find a render to resume.
 * No editor import: the extension backs the store with workspaceState, the CLI with a file.
 */
// zod/v4-mini (= zod/mini): activation reads these records (a pending export is resumed at start-up),
import * as z from "zod/v4-mini"; // tree-shakable; the same entry the MCP SDK imports (one module instance in the CLI bundle)
import { StoreKeys, type KeyValueStore } from "./storage";

export type ExportRecordState = "starting" | "rendering" | "downloading" | "interrupted" | "done" | "failed" | "cancelled";
export type ExportSource = "palette" | "chat" | "tree" | "resume" | "cli" | "agent";

export interface ExportRecord {
  /** Local id (`exp_<ms>`), stable for the record's life; the render id may change on a retry. */
  id: string;
  renderId?: string;
  sessionId?: string;
  source?: ExportSource;
  state: ExportRecordState;
  /** 0..100 of the current stage, when known. */
  percent?: number;
  outDir: string;
  filePath?: string;
  startedAt: number;
  updatedAt: number;
  /** The error code when it failed (the sentence was shown at the time). */
  errorCode?: string;
}

const EXPORTS_KEY = StoreKeys.exports;
/** The key of the single pending render before this store; read once and moved into a record. */
const LEGACY_PENDING_KEY = "nemo.pendingRender";
const MAX_RECORDS = 30;

const STATES = ["starting", "rendering", "downloading", "interrupted", "done", "failed", "cancelled"] as const;
const recordSchema = z.object({
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

export class ExportRecords {
  private cache: ExportRecord[] | undefined;
  private writing: Promise<void> = Promise.resolve();
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly store: KeyValueStore,
    private readonly now: () => number = Date.now,
  ) {}

  /** Fires after every change (in this process). */
  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Newest first. */
  async list(): Promise<ExportRecord[]> {
    await this.writing;
    return [...(await this.load())];
  }

  /** The newest record a window closed on (or a drop cut short), if any. */
  async pending(): Promise<ExportRecord | undefined> {
    return (await this.list()).find(isResumable);
  }

  async add(init: Omit<ExportRecord, "id" | "updatedAt" | "startedAt"> & { startedAt?: number }): Promise<ExportRecord> {
    const startedAt = init.startedAt ?? this.now();
    let id = `exp_${startedAt}`;
    return this.mutate((list) => {
      while (list.some((r) => r.id === id)) id = `${id}_`;
      const rec: ExportRecord = { ...init, id, startedAt, updatedAt: this.now() };
      list.unshift(rec);
      list.splice(MAX_RECORDS);
      return rec;
    });
  }

  /**
   * Change a record. A finished record (done, failed, cancelled) is not moved back to a running or
   * interrupted state: a late progress event or an abort after the person's cancel changes nothing.
   */
  async update(id: string, patch: Partial<Omit<ExportRecord, "id" | "startedAt">>): Promise<ExportRecord | undefined> {
    return this.mutate((list) => {
      const rec = list.find((r) => r.id === id);
      if (!rec) return undefined;
      if (FINAL.has(rec.state) && patch.state !== undefined && !FINAL.has(patch.state)) return rec;
      if (FINAL.has(rec.state) && patch.state === undefined) return rec;
      Object.assign(rec, patch, { updatedAt: this.now() });
      return rec;
    });
  }

  async byRenderId(renderId: string): Promise<ExportRecord | undefined> {
    return (await this.list()).find((r) => r.renderId === renderId);
  }

  async remove(id: string): Promise<void> {
    await this.mutate((list) => {
      const i = list.findIndex((r) => r.id === id);
      if (i >= 0) list.splice(i, 1);
    });
  }

  private async mutate<T>(change: (list: ExportRecord[]) => T): Promise<T> {
    const run = this.writing.then(async () => {
      const list = await this.load();
      const result = change(list);
      await this.store.set(EXPORTS_KEY, JSON.stringify(list));
      return result;
    });
    this.writing = run.then(
      () => undefined,
      () => undefined,
    );
    const result = await run;
    for (const l of this.listeners) l();
    return result;
  }

  private async load(): Promise<ExportRecord[]> {
    if (this.cache) return this.cache;
    const list: ExportRecord[] = [];
    const raw = await this.store.get(EXPORTS_KEY);
    if (raw) {
      try {
        const value: unknown = JSON.parse(raw);
        for (const item of Array.isArray(value) ? value : []) {
          const parsed = recordSchema.safeParse(item);
          if (parsed.success) list.push(parsed.data);
        }
      } catch {
        // a broken entry is dropped; the list starts again
      }
    }
    await this.adoptLegacy(list);
    this.cache = list;
    return list;
  }

  /** A render left by the earlier single-slot store becomes an interrupted record. */
  private async adoptLegacy(list: ExportRecord[]): Promise<void> {
    const raw = await this.store.get(LEGACY_PENDING_KEY);
    if (!raw) return;
    try {
      const p = legacySchema.safeParse(JSON.parse(raw));
      if (p.success && !list.some((r) => r.renderId === p.data.renderId)) {
        const at = p.data.startedAt ?? this.now();
        list.unshift({ id: `exp_${at}`, renderId: p.data.renderId, sessionId: p.data.sessionId, state: "interrupted", outDir: p.data.outDir, startedAt: at, updatedAt: at });
      }
    } catch {
      // ignored
    }
    await this.store.set(LEGACY_PENDING_KEY, undefined);
  }
}
