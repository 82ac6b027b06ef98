/**
 * Writes an export's life into the one export record store: created when it starts, its render
 * id, stage and percentage as they come, and how it ended. An export cut short by a closing
 * window, a drop or a slow render stays `interrupted` (resumable); the person's cancel makes it
 * `cancelled` for good. Used by NemoClient for every export, whatever surface started it.
 */
import type { ExportOptions } from "../api";
import { toNemoError } from "../errors";
import type { ExportRecord, ExportRecordState, ExportRecords } from "./export-records";
import { describeError, type Logger } from "../support/logger";
import type { ExportProgress, ExportResult, SessionIds } from "../types";

export interface TrackDeps {
  records: ExportRecords;
  logger: Logger;
  session(): Promise<SessionIds | undefined>;
}

const STAGE_STATE: Record<ExportProgress["stage"], ExportRecordState> = {
  precheck: "starting",
  submitting: "starting",
  rendering: "rendering",
  downloading: "downloading",
  done: "downloading",
};

/** Percent steps worth a write (the store is the workspace state: not every 1 %). */
const PERCENT_STEP = 5;

export async function trackExport(
  deps: TrackDeps,
  opts: ExportOptions,
  run: (o: ExportOptions) => Promise<ExportResult>,
  resumeOf?: string,
): Promise<ExportResult> {
  const { records, logger } = deps;
  const existing = resumeOf ? await records.byRenderId(resumeOf) : opts.recordId ? await records.get(opts.recordId) : undefined;
  const rec: ExportRecord = existing
    ? ((await records.update(existing.id, { state: resumeOf ? "rendering" : "starting", errorCode: undefined, outDir: opts.outDir })) ?? existing)
    : await records.add({ renderId: resumeOf, source: opts.source ?? (resumeOf ? "resume" : undefined), state: resumeOf ? "rendering" : "starting", outDir: opts.outDir });
  // A resumed render is saved under the name decided when it started (`night-market.mp4`).
  if (opts.fileName === undefined && existing?.fileName) opts = { ...opts, fileName: existing.fileName };
  let chain: Promise<unknown> = Promise.resolve();
  const write = (patch: Partial<ExportRecord>): void => {
    chain = chain.then(() => records.update(rec.id, patch)).catch((err) => logger.warn(`Could not update export record: ${describeError(err)}`));
  };
  let last: { state?: ExportRecordState; percent?: number } = {};
  const onProgress = (p: ExportProgress): void => {
    const state = STAGE_STATE[p.stage];
    const percent = p.percent;
    const stepped = percent !== undefined && (last.percent === undefined || Math.abs(percent - last.percent) >= PERCENT_STEP || percent === 100);
    if (state !== last.state || stepped) {
      last = { state, percent: state !== last.state ? percent : (percent ?? last.percent) };
      write({ state, percent });
    }
    opts.onProgress?.(p);
  };
  const onRenderId = (renderId: string): void => {
    chain = chain
      .then(() => deps.session())
      .then((s) => records.update(rec.id, { renderId, sessionId: s?.sessionId }))
      .catch((err) => logger.warn(`Could not remember render ${renderId}: ${describeError(err)}`));
    opts.onRenderId?.(renderId);
  };
  const onFileName = (fileName: string): void => {
    write({ fileName });
    opts.onFileName?.(fileName);
  };
  try {
    const result = await run({ ...opts, onProgress, onRenderId, onFileName });
    await chain;
    await records.update(rec.id, { state: "done", percent: 100, renderId: result.renderId, filePath: result.filePath, errorCode: undefined });
    return result;
  } catch (err) {
    await chain;
    const e = toNemoError(err);
    const current = (await records.list()).find((r) => r.id === rec.id);
    if (e.code === "NO_DRAFT" && !current?.renderId && !opts.recordId) {
      await records.remove(rec.id); // nothing was started: no record of it
    } else {
      // Cancelled (window closing), network trouble or a slow render: resumable. The person's own
      // cancel was marked `cancelled` by trackCancel, which this does not undo.
      const resumable = (e.category === "cancelled" || e.category === "network") && current?.renderId !== undefined;
      const state: ExportRecordState = resumable ? "interrupted" : e.category === "cancelled" ? "cancelled" : "failed";
      await records.update(rec.id, { state, errorCode: state === "failed" ? e.code : undefined });
    }
    throw err;
  }
}

/** The person cancelled: the record is cancelled for good, then the service is asked to stop (best effort). */
export async function trackCancel(records: ExportRecords, renderId: string, cancel: () => Promise<boolean>, logger: Logger): Promise<void> {
  const rec = await records.byRenderId(renderId);
  if (rec) await records.update(rec.id, { state: "cancelled" });
  else logger.info(`Cancel of render ${renderId}: no export record.`);
  await cancel();
}
