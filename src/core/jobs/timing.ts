/** How often a job reports and how long it watches a session after its caller stopped waiting. */
/** Milliseconds. */
export interface JobTiming {
  /** A waiting caller hears about its job at least this often (MCP progress; 10 s). */
  progressEveryMs: number;
  /** A job whose caller stopped waiting watches the session this long more (10 min). */
  watchMs: number;
  /** A resumed watch (the process that sent the message is gone) reads the session this often (15 s). */
  watchPollMs: number;
  /** A waiter of another process's job reads the ledger this often (1 s). */
  ledgerPollMs: number;
}

export const defaultJobTiming: JobTiming = { progressEveryMs: 10_000, watchMs: 600_000, watchPollMs: 15_000, ledgerPollMs: 1_000 };

