/**
 * The batch queue: many files, each processed on its own session by `processItem`, at most
 * `maxConcurrent` at a time. Editor-free so the extension and the CLI share it. Each item is a
 * `batch-item` job on the job ledger (batch-jobs.ts), written after every state change, so a new
 * queue over the same ledger (a window reload) restores it: finished items stay finished, items past their instruction resume (never re-sent),
 * items not started wait for `continue()`. A RATE_LIMITED (the client's own waits used up) puts the
 * item back at the head of the queue, lowers the concurrency to one and pauses new starts for a
 * while; after MAX_RATE_LIMIT_REQUEUES of those the item stops as "rate-limited" (Retry resumes it
 * where it stopped), so a service that always answers 429 ends the batch within a bounded number
 * of requests.
 */
import * as z from "zod/v4-mini"; // light: restored at activation
import type { NemoClientApi } from "../api";
import type { Clock } from "../support/clock";
import { CancelledError, englishPhrase, phrase, type PhraseTranslator, toNemoError } from "../errors";
import { describeError, type Logger } from "../support/logger";
import type { JobLedger } from "../jobs/ledger";
import type { JobSurface } from "../jobs/types";
import { type KeyValueStore, PrefixedStore, StoreKeys } from "../support/storage";
import { batchItemOfJob, batchJobPatch, itemNumber, newBatchJob } from "./batch-jobs";
import { type BatchItem, batchItemSchema, type BatchState, type BatchStep, isActive, isFinished, isRetryable, processItem } from "./item";

/** The key of the list before the ledger (read once, moved in, then deleted). */
export const LEGACY_BATCH_STORE_KEY = "nemo.batch";
/** Times an item goes back to the queue after RATE_LIMITED before it stops as "rate-limited". */
export const MAX_RATE_LIMIT_REQUEUES = 2;

export interface BatchQueueOptions {
  /** Holds, under a prefix per item, each item's session and pending render (and the list before the ledger). */
  store: KeyValueStore;
  /** Where the items are kept: one `batch-item` job each. */
  ledger: JobLedger;
  /** Who starts the items (`batch`: the editor's Batch view; `cli`: `imagegen batch`). */
  surface?: JobSurface;
  /** A client whose workspace store is the given one (the token and client id are shared). */
  clientFor(store: KeyValueStore): NemoClientApi;
  clock: Clock;
  logger: Logger;
  maxConcurrent?: number;
  /** How long new starts pause after a 429 (the protocol's rate-limit wait). */
  rateLimitPauseMs: number;
  /** Failure sentences are kept in this language (English by default). */
  translate?: PhraseTranslator;
}

export interface NewBatchItem {
  source: string;
  instruction: string;
  outDir: string;
}

export interface BatchSummary {
  total: number;
  saved: number;
  failed: number;
  cancelled: number;
  pending: number;
}

const storedSchema = z.array(z.unknown()).check(z.maxLength(10_000));

export class BatchQueue {
  private items: BatchItem[] = [];
  private readonly running = new Map<string, AbortController>();
  private readonly listeners = new Set<(items: readonly BatchItem[]) => void>();
  private readonly idle = new Set<() => void>();
  private limit: number;
  private pausedUntil = 0;
  private held = false;
  private wake?: AbortController;
  private saving: Promise<void> = Promise.resolve();
  private nextId = 1;
  private disposed = false;

  constructor(private readonly opts: BatchQueueOptions) {
    this.limit = Math.max(1, Math.floor(opts.maxConcurrent ?? 2));
  }

  /** Read the persisted batch. Returns how many items were not started (they wait for `continue()`). */
  async restore(): Promise<{ resumed: number; notStarted: number }> {
    await this.adoptLegacy();
    const jobs = await this.opts.ledger.list({ kind: "batch-item" });
    this.nextId = jobs.reduce((n, j) => Math.max(n, itemNumber(j) + 1), 1); // hidden ones too: an id is never reused
    this.items = jobs
      .flatMap((j) => {
        const item = batchItemOfJob(j);
        return item ? [item] : [];
      })
      .sort((a, b) => a.order - b.order)
      .map((x) => x.item);
    let resumed = 0;
    let notStarted = 0;
    for (const item of this.items) {
      if (item.state === "queued" || item.state === "uploading" || (isActive(item.state) && item.step === "new")) {
        // Not past the upload: starts over on a fresh session when the person continues.
        this.resetItem(item);
        notStarted++;
      } else if (isActive(item.state)) {
        resumed++; // past the upload: carries on where it was (an instruction possibly sent is never sent again)
      }
    }
    this.held = notStarted > 0;
    if (this.items.length > 0) await this.save(); // nothing stored: nothing written at activation
    this.pump();
    return { resumed, notStarted };
  }

  /** The list of the store before the ledger becomes batch-item jobs, once. */
  private async adoptLegacy(): Promise<void> {
    const raw = await this.opts.store.get(LEGACY_BATCH_STORE_KEY);
    if (raw === undefined) return;
    let value: unknown = [];
    try {
      value = JSON.parse(raw);
    } catch {
      this.opts.logger.warn("Ignoring an unreadable stored batch.");
    }
    const list = storedSchema.safeParse(value);
    const olds = (list.success ? list.data : []).flatMap((x) => {
      const p = batchItemSchema.safeParse(x);
      return p.success ? [p.data] : [];
    });
    const jobs = await this.opts.ledger.createMany(olds.map((item, order) => newBatchJob(item, order, this.opts.surface ?? "batch")));
    await this.opts.ledger.updateMany(jobs.map((job, order) => ({ id: job.id, patch: batchJobPatch({ ...olds[order], jobId: job.id }, order) })));
    await this.opts.store.set(LEGACY_BATCH_STORE_KEY, undefined);
  }

  /** Add files and start. */
  async add(entries: NewBatchItem[]): Promise<BatchItem[]> {
    const added = entries.map<BatchItem>((e) => ({ id: `b${this.nextId++}`, ...e, state: "queued", step: "new" }));
    const base = this.items.length;
    const jobs = await this.opts.ledger.createMany(added.map((item, i) => newBatchJob(item, base + i, this.opts.surface ?? "batch")));
    jobs.forEach((job, i) => (added[i].jobId = job.id));
    this.items.push(...added);
    this.held = false;
    await this.save();
    this.pump();
    return added;
  }

  /** Start items that were not started before a reload. */
  continue(): void {
    this.held = false;
    this.pump();
  }

  list(): readonly BatchItem[] {
    return this.items;
  }

  get(id: string): BatchItem | undefined {
    return this.items.find((i) => i.id === id);
  }

  onDidChange(listener: (items: readonly BatchItem[]) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Whether nothing runs or waits (held items do not count). */
  get isIdle(): boolean {
    if (this.running.size > 0 || (!this.disposed && this.items.some((i) => isActive(i.state)))) return false;
    return this.held || !this.items.some((i) => i.state === "queued");
  }

  /** Resolves when the queue is idle. */
  whenIdle(): Promise<void> {
    if (this.isIdle) return Promise.resolve();
    return new Promise((resolve) => this.idle.add(resolve));
  }

  summary(): BatchSummary {
    const count = (s: BatchState): number => this.items.filter((i) => i.state === s).length;
    const saved = count("saved");
    const failed = count("failed") + count("rate-limited");
    const cancelled = count("cancelled");
    return { total: this.items.length, saved, failed, cancelled, pending: this.items.length - saved - failed - cancelled };
  }

  /** Cancel one item: a running one has its requests aborted. */
  async cancel(id: string): Promise<void> {
    const item = this.get(id);
    if (!item || isFinished(item.state)) return;
    const ctl = this.running.get(id);
    if (ctl) ctl.abort(new CancelledError());
    else {
      item.state = "cancelled";
      item.percent = undefined;
      // Waiting in the queue because the service said "wait": say so, not just "cancelled".
      if (item.rateLimits) item.error = { code: "RATE_LIMITED", message: (this.opts.translate ?? englishPhrase)(phrase("Cancelled while the service was asking to wait (rate-limited).")) };
      await this.changed();
    }
  }

  async cancelAll(): Promise<void> {
    for (const item of [...this.items]) await this.cancel(item.id);
  }

  /** Queue failed or cancelled items again, each on a new session; a rate-limited item resumes where it stopped (same session, same step). */
  async retry(ids?: string[]): Promise<number> {
    const picked = this.items.filter((i) => isRetryable(i.state) && (!ids || ids.includes(i.id)));
    for (const item of picked) {
      if (item.state === "rate-limited") {
        item.state = "queued";
        item.error = undefined;
        item.rateLimits = undefined;
        continue;
      }
      await this.forgetSession(item);
      this.resetItem(item);
    }
    this.held = false;
    await this.changed();
    this.pump();
    return picked.length;
  }

  /** Drop finished items from the list (their jobs stay on the ledger, hidden from the batch). */
  async clearFinished(): Promise<void> {
    const cleared = this.items.filter((i) => isFinished(i.state) && i.jobId);
    this.items = this.items.filter((i) => !isFinished(i.state));
    await this.opts.ledger
      .updateMany(cleared.map((i, order) => ({ id: i.jobId as string, patch: batchJobPatch(i, order, { hidden: true }) })))
      .catch((err) => this.opts.logger.warn(`Could not save the batch: ${describeError(err)}`));
    await this.changed();
  }

  /** Abort everything without changing the stored states (the window is closing: resume later). */
  dispose(): void {
    this.disposed = true;
    this.held = true;
    this.wake?.abort();
    for (const ctl of this.running.values()) ctl.abort(new CancelledError("disposed"));
  }
  private resetItem(item: BatchItem): void {
    item.state = "queued";
    item.step = "new";
    item.percent = undefined;
    item.renderId = undefined;
    item.output = undefined;
    item.error = undefined;
  }

  private itemStore(item: BatchItem): PrefixedStore {
    return new PrefixedStore(this.opts.store, `nemo.batch.${item.id}.`);
  }

  private async forgetSession(item: BatchItem): Promise<void> {
    await this.itemStore(item).clear([StoreKeys.session, StoreKeys.exports]);
  }

  private pump(): void {
    if (this.disposed) return;
    if (this.clockPaused()) return;
    while (this.running.size < this.limit) {
      // Resumed items (past their upload) first, even while not-started ones are held; then the queue in order.
      const next =
        this.items.find((i) => isActive(i.state) && !this.running.has(i.id)) ??
        (this.held ? undefined : this.items.find((i) => i.state === "queued" && !this.running.has(i.id)));
      if (!next) break;
      void this.start(next);
    }
    this.checkIdle();
  }

  private clockPaused(): boolean {
    const wait = this.pausedUntil - this.opts.clock.now();
    if (wait <= 0) return false;
    if (!this.wake) {
      const wake = new AbortController();
      this.wake = wake;
      this.opts.clock.sleep(wait, wake.signal).then(
        () => {
          this.wake = undefined;
          this.pump();
        },
        () => (this.wake = undefined),
      );
    }
    return true;
  }

  private checkIdle(): void {
    if (!this.isIdle) return;
    for (const resolve of [...this.idle]) resolve();
    this.idle.clear();
  }

  private async start(item: BatchItem): Promise<void> {
    const ctl = new AbortController();
    this.running.set(item.id, ctl);
    const client = this.opts.clientFor(this.itemStore(item));
    let settled = false;
    const report = {
      state: (state: BatchState, percent?: number): void => {
        if (ctl.signal.aborted || settled) return; // late progress after the end changes nothing
        const stateChanged = item.state !== state;
        if (!stateChanged && item.percent === percent) return;
        item.state = state;
        item.percent = percent;
        if (stateChanged) item.stateSince = this.opts.clock.now();
        if (stateChanged) void this.changed();
        else this.emit();
      },
      step: async (step: BatchStep, renderId?: string): Promise<void> => {
        item.step = step;
        if (renderId !== undefined) item.renderId = renderId;
        await this.changed();
      },
    };
    try {
      const file = await processItem(client, item, report, ctl.signal).finally(() => (settled = true));
      item.state = "saved";
      item.output = file;
      item.percent = undefined;
      item.renderId = undefined;
      await this.forgetSession(item);
    } catch (err) {
      const e = ctl.signal.aborted ? new CancelledError(err) : toNemoError(err);
      const disposed = ctl.signal.reason instanceof CancelledError && ctl.signal.reason.cause === "disposed";
      if (disposed) {
        this.running.delete(item.id);
        return; // the stored state stays as it was: the next window resumes it
      }
      if (e.code === "RATE_LIMITED") {
        this.opts.logger.warn(`Batch item ${item.id} was rate limited; slowing the queue.`);
        this.limit = 1;
        this.pausedUntil = this.opts.clock.now() + this.opts.rateLimitPauseMs;
        item.rateLimits = (item.rateLimits ?? 0) + 1;
        item.percent = undefined;
        if ((item.step === "new" || item.step === "uploaded") && item.rateLimits <= MAX_RATE_LIMIT_REQUEUES) {
          item.state = "queued";
          this.items = [item, ...this.items.filter((i) => i !== item)];
        } else {
          item.state = "rate-limited";
          const t = this.opts.translate ?? englishPhrase;
          const stopped = t(phrase("The service kept asking to wait; this item stopped as rate-limited. Retry resumes it."));
          item.error = { code: e.code, message: `${stopped} ${e.toDisplayString(t)}`.slice(0, 2_000) };
        }
      } else if (e.category === "cancelled") {
        item.state = "cancelled";
        item.percent = undefined;
      } else {
        this.opts.logger.warn(`Batch item ${item.id} failed: ${describeError(e)}`);
        this.fail(item, e);
      }
    } finally {
      this.running.delete(item.id);
    }
    await this.changed();
    this.pump();
  }

  private fail(item: BatchItem, e: ReturnType<typeof toNemoError>): void {
    item.state = "failed";
    item.percent = undefined;
    item.error = { code: e.code, message: e.toDisplayString(this.opts.translate ?? englishPhrase).slice(0, 2_000) };
  }

  private emit(): void {
    for (const l of this.listeners) {
      try {
        l(this.items);
      } catch (err) {
        this.opts.logger.error("A batch listener failed", err);
      }
    }
  }

  private async changed(): Promise<void> {
    this.emit();
    await this.save();
  }

  /** Writes are chained so the stored jobs are always the latest: one ledger write for the whole list. */
  private save(): Promise<void> {
    const changes = this.items.flatMap((item, order) => (item.jobId ? [{ id: item.jobId, patch: batchJobPatch(item, order) }] : []));
    this.saving = this.saving
      .then(() => this.opts.ledger.updateMany(changes))
      .then(() => undefined)
      .catch((err) => this.opts.logger.warn(`Could not save the batch: ${describeError(err)}`));
    return this.saving;
  }
}
