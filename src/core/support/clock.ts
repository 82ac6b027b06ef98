import { CancelledError } from "../errors";

/** Time, injectable so tests can run minutes of protocol in milliseconds. */
export interface Clock {
  now(): number;
  /** Resolves after `ms`, rejects with CancelledError as soon as `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(new CancelledError(signal.reason));
      const timer = setTimeout(() => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      }, Math.max(0, ms));
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(new CancelledError(signal?.reason));
      };
      signal?.addEventListener("abort", onAbort, { once: true });
    }),
};
