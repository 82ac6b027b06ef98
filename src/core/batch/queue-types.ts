/** The batch queue's options, its new items and its summary, and the limits it keeps (queue.ts). */
import type { NemoClientApi } from "../api";
import type { PhraseTranslator } from "../errors";
import type { JobLedger } from "../jobs/ledger";
import type { JobSurface } from "../jobs/types";
import type { Clock } from "../support/clock";
import type { Logger } from "../support/logger";
import type { KeyValueStore } from "../support/storage";

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
