/**
 * The running half of the batch queue (queue.ts): which item starts next (at most `limit` at once,
 * held and paused starts), one item's run and how it ended (saved, cancelled, failed, put back or
 * stopped after RATE_LIMITED), and every change told to the listeners and written to the ledger.
 */
import { CancelledError, englishPhrase, phrase, toNemoError } from "../errors";
import { describeError } from "../support/logger";
import { PrefixedStore, StoreKeys } from "../support/storage";
import { batchJobPatch } from "./batch-jobs";
import { type BatchItem, type BatchState, type BatchStep, isActive, processItem } from "./item";
import { type BatchQueueOptions, MAX_RATE_LIMIT_REQUEUES } from "./queue-types";

export abstract class BatchQueueRunner {
  protected items: BatchItem[] = [];
  protected readonly running = new Map<string, AbortController>();
  protected readonly listeners = new Set<(items: readonly BatchItem[]) => void>();
  protected readonly idle = new Set<() => void>();
  protected limit: number;
  protected pausedUntil = 0;
  protected held = false;
  protected wake?: AbortController;
  protected saving: Promise<void> = Promise.resolve();
  protected nextId = 1;
  protected disposed = false;

  constructor(protected readonly opts: BatchQueueOptions) {
    this.limit = Math.max(1, Math.floor(opts.maxConcurrent ?? 2));
  }

  /** Whether nothing runs or waits (held items do not count). */
  get isIdle(): boolean {
    if (this.running.size > 0 || (!this.disposed && this.items.some((i) => isActive(i.state)))) return false;
    return this.held || !this.items.some((i) => i.state === "queued");
  }

  protected resetItem(item: BatchItem): void {
    item.state = "queued";
    item.step = "new";
    item.percent = undefined;
    item.renderId = undefined;
    item.output = undefined;
    item.error = undefined;
  }

  protected itemStore(item: BatchItem): PrefixedStore {
    return new PrefixedStore(this.opts.store, `nemo.batch.${item.id}.`);
  }

  protected async forgetSession(item: BatchItem): Promise<void> {
    await this.itemStore(item).clear([StoreKeys.session, StoreKeys.exports]);
  }

  protected pump(): void {
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

  protected clockPaused(): boolean {
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

  protected checkIdle(): void {
    if (!this.isIdle) return;
    for (const resolve of [...this.idle]) resolve();
    this.idle.clear();
  }

  protected async start(item: BatchItem): Promise<void> {
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

  protected fail(item: BatchItem, e: ReturnType<typeof toNemoError>): void {
    item.state = "failed";
    item.percent = undefined;
    item.error = { code: e.code, message: e.toDisplayString(this.opts.translate ?? englishPhrase).slice(0, 2_000) };
  }

  protected emit(): void {
    for (const l of this.listeners) {
      try {
        l(this.items);
      } catch (err) {
        this.opts.logger.error("A batch listener failed", err);
      }
    }
  }

  protected async changed(): Promise<void> {
    this.emit();
    await this.save();
  }

  /** Writes are chained so the stored jobs are always the latest: one ledger write for the whole list. */
  protected save(): Promise<void> {
    const changes = this.items.flatMap((item, order) => (item.jobId ? [{ id: item.jobId, patch: batchJobPatch(item, order) }] : []));
    this.saving = this.saving
      .then(() => this.opts.ledger.updateMany(changes))
      .then(() => undefined)
      .catch((err) => this.opts.logger.warn(`Could not save the batch: ${describeError(err)}`));
    return this.saving;
  }
}
