/**
 * `imagegen batch`: the core batch queue from a terminal. Every file runs on its own session
 * (upload, instruction, render, download as <source>-edited.mp4 into --out); one status line per
 * item and state on stderr, the saved paths (or one JSON summary with --json) on stdout. Exit 0
 * when every item was saved, 1 when some failed, 130 when cancelled.
 */
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { BatchQueue } from "../core/batch/queue";
import { JobLedger } from "../core/jobs/ledger";
import { MemoryLedgerStorage } from "../core/jobs/storage";
import type { BatchItem } from "../core/batch/item";
import { systemClock } from "../core/support/clock";
import { MemoryStore } from "../core/support/storage";
import { EXIT, usageError } from "./args";
import type { CommandContext } from "./context";

/** Instructions for the files: the same one for all, or one line of `--each FILE` per file. */
export async function batchInstructions(files: string[], instruction: string | undefined, eachFile: string | undefined): Promise<string[]> {
  if (instruction !== undefined && eachFile !== undefined) throw usageError("Use either --instruction or --each, not both.");
  if (eachFile !== undefined) {
    let text: string;
    try {
      text = await fs.readFile(path.resolve(eachFile), "utf8");
    } catch {
      throw usageError(`Cannot read the instructions file ${eachFile}.`, "Pass a text file with one instruction per line, in the order of the files.");
    }
    const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
    if (lines.length !== files.length) {
      throw usageError(
        `${eachFile} has ${lines.length} instruction(s) for ${files.length} file(s).`,
        "Write one instruction per line, in the order of the files (blank lines are skipped).",
      );
    }
    return lines;
  }
  const one = instruction?.trim();
  if (!one) throw usageError(`"batch" needs --instruction "<what to do with each file>" or --each FILE.`, 'Example: imagegen batch --instruction "add a title \'Summer\'" --out edited a.mp4 b.mp4');
  return files.map(() => one);
}

function stateLine(item: BatchItem, index: number, total: number): string {
  const name = path.basename(item.source);
  const pct = item.percent === undefined ? "" : ` ${item.percent} %`;
  const what: Record<BatchItem["state"], string> = {
    queued: "queued",
    uploading: `uploading${pct}`,
    waiting: "waiting for the agent",
    rendering: `rendering${pct}`,
    saved: `saved ${item.output ?? ""}`,
    failed: `failed: ${item.error?.message ?? "unknown reason"}`,
    cancelled: item.error ? `cancelled: ${item.error.message}` : "cancelled",
    "rate-limited": `rate-limited: ${item.error?.message ?? "the service kept asking to wait"}`,
  };
  return `[${index + 1}/${total}] ${name}: ${what[item.state]}`;
}

export async function batchCommand(ctx: CommandContext, files: string[], instructions: string[]): Promise<number> {
  const { out, inv, signal } = ctx;
  if (!ctx.batch) throw usageError("Batch processing is not available here.");
  const outDir = path.resolve(inv.outDir ?? ".");
  for (const f of files) await ctx.client.checkUploadFile(f); // every file checked before any byte is sent
  const queue = new BatchQueue({
    store: new MemoryStore(),
    // The items are jobs on the ledger beside the token (list_jobs shows them); in memory without one.
    ledger: ctx.ledger ?? new JobLedger(new MemoryLedgerStorage(), { logger: ctx.batch.logger }),
    surface: "cli",
    clientFor: ctx.batch.clientFor,
    clock: systemClock,
    logger: ctx.batch.logger,
    maxConcurrent: inv.parallel ?? 2,
    rateLimitPauseMs: ctx.batch.rateLimitPauseMs,
  });
  const last = new Map<string, string>();
  // [n/N] is the item's place in the command line, kept when a rate-limited item is re-queued at the head.
  const place = new Map<string, number>();
  queue.onDidChange((items) =>
    items.forEach((item) => {
      if (!place.has(item.id)) place.set(item.id, place.size);
      // One line per item and state (percent changes only on a terminal, as the progress line).
      if (last.get(item.id) === item.state) return;
      last.set(item.id, item.state);
      out.status(stateLine(item, place.get(item.id) ?? 0, items.length));
    }),
  );
  const onAbort = (): void => void queue.cancelAll();
  signal.addEventListener("abort", onAbort, { once: true });
  try {
    await queue.add(files.map((source, i) => ({ source, instruction: instructions[i], outDir })));
    await queue.whenIdle();
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
  const items = queue.list();
  const summary = queue.summary();
  if (out.json) {
    out.document({
      summary,
      items: items.map((i) => ({ source: i.source, instruction: i.instruction, state: i.state, file: i.output ?? null, error: i.error ?? null })),
    });
  } else {
    for (const i of items) if (i.output) out.line(`Saved ${i.output}`);
    out.status(`${summary.saved} saved, ${summary.failed} failed${summary.cancelled ? `, ${summary.cancelled} cancelled` : ""}.`);
  }
  if (signal.aborted) return EXIT.cancelled;
  return summary.saved === summary.total ? EXIT.ok : EXIT.other;
}
