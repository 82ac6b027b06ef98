// Jobs: the one ledger of paid and long work, where it is kept (memory, store, file with a lock), one turn at a
// time per session (the queue), the runner for callers that may stop waiting, the watch, and saving a job's media.
export * from "./types";
export { JobLedger, matchesQuery, type LedgerOptions } from "./ledger";
export { LEDGER_VERSION, MAX_JOBS, parseLedger, serializeLedger } from "./schema";
export { mayHoldLeftWork } from "./left-work";
export { KeyValueLedgerStorage, LEDGER_KEY, MemoryLedgerStorage, type LedgerStorage } from "./storage";
export { FileLedgerStorage, LEDGER_FILE } from "./file-storage";
export { acquireFileLock, processAlive } from "./file-lock";
export { FileSessionLocks, processSessionQueue, SessionQueue, type SessionLockPort } from "./session-queue";
export { JobRunner, type EditSteps, type JobProgress, type JobSpec } from "./runner";
export { defaultJobTiming, type JobTiming } from "./timing";
export { saveAll, toJobMedia } from "./save";
export { elapsedText, jobStageLine, WATCH_ENDED } from "./stages";
export { isOrphan } from "./watch";
