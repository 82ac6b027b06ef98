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
import { CancelledError, englishPhrase, phrase } from "../errors";
import { describeError } from "../support/logger";
import { batchItemOfJob, batchJobPatch, itemNumber, newBatchJob } from "./batch-jobs";
import { type BatchItem, batchItemSchema, type BatchState, isActive, isFinished, isRetryable } from "./item";
import { BatchQueueRunner } from "./queue-runner";
import { type BatchSummary, LEGACY_BATCH_STORE_KEY, type NewBatchItem } from "./queue-types";

export { LEGACY_BATCH_STORE_KEY, MAX_RATE_LIMIT_REQUEUES, type BatchQueueOptions, type BatchSummary, type NewBatchItem } from "./queue-types";

const storedSchema = z.array(z.unknown()).check(z.maxLength(10_000));
export class BatchQueue extends BatchQueueRunner {
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
}
