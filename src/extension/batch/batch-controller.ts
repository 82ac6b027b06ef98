/**
 * The editor's batch: one core BatchQueue kept in workspaceState (so a window reload restores it),
 * each item on its own client and session (ClientFactory.clientFor, host.ts), the concurrency from the
 * setting `imageGeneration.batch.maxConcurrent`. Fires onDidChange for the Batch view and keeps
 * the `imageGeneration.hasBatch` context key that shows the view.
 */
import * as vscode from "vscode";
import type { BatchItem } from "../../core/batch/item";
import { BatchQueue, type NewBatchItem } from "../../core/batch/queue";
import { systemClock } from "../../core/support/clock";
import { Disposable } from "../disposable";
import type { ClientFactory } from "../contracts/host-services";
import type { Services } from "../services";
import { translatePhrase } from "../l10n";
import { MementoStore } from "../stores";

export class BatchController extends Disposable {
  private queue: BatchQueue;
  private subscription?: { dispose(): void };
  private readonly changeEmitter = this._register(new vscode.EventEmitter<readonly BatchItem[]>());
  readonly onDidChange = this.changeEmitter.event;

  constructor(private readonly services: Pick<Services, "context" | "exportRecords" | "logger"> & ClientFactory) {
    super();
    this.queue = this.createQueue();
    this._register({ dispose: () => this.stop() });
  }

  private createQueue(): BatchQueue {
    const max = vscode.workspace.getConfiguration("imageGeneration").get<number>("batch.maxConcurrent", 2);
    const services = this.services;
    const queue = new BatchQueue({
      store: new MementoStore(this.services.context.workspaceState),
      ledger: this.services.exportRecords.ledger,
      surface: "batch",
      clientFor: (store) => this.services.clientFor(store),
      clock: systemClock,
      logger: this.services.logger,
      maxConcurrent: max,
      // Read on the first 429, not here: the value lives in the heavy bundle (dist/client.js), and
      // this runs at activation, which must not load it (bench/activation.ts).
      get rateLimitPauseMs(): number {
        return services.rateLimitWaitMs;
      },
      translate: translatePhrase,
    });
    this.subscription = queue.onDidChange((items) => this.fire(items));
    return queue;
  }

  private fire(items: readonly BatchItem[]): void {
    void vscode.commands.executeCommand("setContext", "imageGeneration.hasBatch", items.length > 0);
    this.changeEmitter.fire(items);
  }

  /** Stop without touching the stored list (the window closes; the next one resumes). */
  private stop(): void {
    this.subscription?.dispose();
    this.queue.dispose();
  }

  /** Restore the stored batch (activation); offers to continue items that were not started. */
  async restore(opts?: { ask?: boolean }): Promise<{ resumed: number; notStarted: number }> {
    const r = await this.queue.restore();
    this.fire(this.queue.list());
    if (r.resumed > 0) this.services.logger.info(`Batch: resumed ${r.resumed} item(s) after a reload.`);
    if (r.notStarted > 0 && opts?.ask !== false) void this.offerContinue(r.notStarted);
    return r;
  }

  private async offerContinue(count: number): Promise<void> {
    const go = vscode.l10n.t("Continue");
    const drop = vscode.l10n.t("Cancel Them");
    const picked = await vscode.window.showInformationMessage(vscode.l10n.t("{0} batch item(s) were not started before the window closed.", count), go, drop);
    if (picked === go) this.queue.continue();
    else if (picked === drop) await this.cancelNotStarted();
  }

  private async cancelNotStarted(): Promise<void> {
    for (const i of this.queue.list()) if (i.state === "queued") await this.queue.cancel(i.id);
  }

  /** A window reload as the tests see it: stop this queue, build a new one over the same stored state. */
  async reload(): Promise<{ resumed: number; notStarted: number }> {
    this.stop();
    this.queue = this.createQueue();
    return this.restore({ ask: false });
  }

  add(entries: NewBatchItem[]): Promise<BatchItem[]> {
    return this.queue.add(entries);
  }
  continue(): void {
    this.queue.continue();
  }
  list(): readonly BatchItem[] {
    return this.queue.list();
  }
  get(id: string): BatchItem | undefined {
    return this.queue.get(id);
  }
  cancel(id: string): Promise<void> {
    return this.queue.cancel(id);
  }
  cancelAll(): Promise<void> {
    return this.queue.cancelAll();
  }
  retry(ids?: string[]): Promise<number> {
    return this.queue.retry(ids);
  }
  clearFinished(): Promise<void> {
    return this.queue.clearFinished();
  }
  whenIdle(): Promise<void> {
    return this.queue.whenIdle();
  }
}
