// The batch queue: many files, each an instruction on its own session, a few at a time, every item a
// batch-item job on the ledger, restored after a reload and slowed by rate limits.
export * from "./item";
export * from "./batch-jobs";
export * from "./queue-types";
export * from "./queue";
