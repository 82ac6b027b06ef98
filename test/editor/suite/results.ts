// Result records shared by the in-editor runner (suite/index.ts), the UI runner and the harness.
import { z } from "zod";

export const testRecordSchema = z.object({
  fullTitle: z.string(),
  state: z.enum(["passed", "failed", "pending"]),
  durationMs: z.number().optional(),
  error: z.string().optional(),
});
export type TestRecord = z.infer<typeof testRecordSchema>;

export const testResultsSchema = z.object({
  suite: z.string(),
  passed: z.number(),
  failed: z.number(),
  pending: z.number(),
  durationMs: z.number(),
  tests: z.array(testRecordSchema),
});
export type TestResults = z.infer<typeof testResultsSchema>;

export function summarize(suite: string, tests: TestRecord[], durationMs: number): TestResults {
  const count = (s: TestRecord["state"]) => tests.filter((t) => t.state === s).length;
  return { suite, passed: count("passed"), failed: count("failed"), pending: count("pending"), durationMs, tests };
}

/** Human-readable report: one line per test, failures with their error, a closing count. */
export function formatResults(r: TestResults): string {
  const mark = { passed: "  ok  ", failed: "  FAIL", pending: "  skip" } as const;
  const lines = [`${r.suite}:`];
  for (const t of r.tests) {
    lines.push(`${mark[t.state]} ${t.fullTitle}${t.durationMs !== undefined ? ` (${t.durationMs} ms)` : ""}`);
    // The message and the first frames; the JSON file keeps the whole stack.
    if (t.error) lines.push(...t.error.split("\n").slice(0, 6).map((l) => `         ${l}`));
  }
  lines.push(`${r.suite}: ${r.passed} passed, ${r.failed} failed, ${r.pending} pending (${Math.round(r.durationMs / 1000)} s)`);
  return lines.join("\n");
}

/** The parts of a mocha Runner the collector listens to (keeps this file free of a mocha import). */
interface RunnerLike {
  on(event: "pass" | "pending", fn: (test: { fullTitle(): string; duration?: number }) => void): unknown;
  on(event: "fail", fn: (test: { fullTitle(): string; duration?: number }, err: unknown) => void): unknown;
}

/** Runs mocha (`start(done)` = `mocha.run(done)`) and collects one record per test or failed hook. */
export async function collectResults(suite: string, start: (done: () => void) => RunnerLike): Promise<TestResults> {
  const records: TestRecord[] = [];
  const started = Date.now();
  const errorText = (err: unknown) => (err instanceof Error ? (err.stack ?? err.message) : String(err));
  await new Promise<void>((resolve) => {
    const runner = start(() => resolve());
    runner.on("pass", (t) => records.push({ fullTitle: t.fullTitle(), state: "passed", durationMs: t.duration }));
    runner.on("fail", (t, err) =>
      records.push({ fullTitle: t.fullTitle(), state: "failed", durationMs: t.duration, error: errorText(err) }),
    );
    runner.on("pending", (t) => records.push({ fullTitle: t.fullTitle(), state: "pending" }));
  });
  return summarize(suite, records, Date.now() - started);
}
