/**
 * The gallery's listing: the job ledger's saved media and the files found on disk merged into one
 * item per file (the same path from both is one item: the ledger gives the surface, the quote and
 * the job; the file gives what the record says), newest first. A ledger item whose file is gone
 * is left out (the gallery shows what can be opened).
 */
import * as path from "node:path";
import type { Job } from "../jobs/types";
import { COST_CREDITS } from "../prompt/cost";
import { splitShape } from "../shape/framing";
import { kindOfFile } from "./kind";
import type { FileFact, GalleryItem, GalleryKind } from "./types";

/** The key two facts about the same file share (resolved; case-folded where the file system folds case). */
export function pathKey(p: string, platform: NodeJS.Platform = process.platform): string {
  const resolved = path.resolve(p);
  return platform === "win32" || platform === "darwin" ? resolved.toLowerCase() : resolved;
}

function parseTime(iso: string | undefined): number | undefined {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  return Number.isFinite(t) ? t : undefined;
}

/** The cost table's price of one item of a kind (NEMO_API.md via rules/cost.ts); exports are free. */
export function estimatedCredits(kind: GalleryKind, jobKind?: Job["kind"]): number {
  if (kind === "export") return 0;
  if (jobKind === "edit" || jobKind === "batch-item") return COST_CREDITS.edit;
  return kind === "video" ? COST_CREDITS.clip : COST_CREDITS.image;
}

function fromLedger(job: Job, m: Job["media"][number], savedCount: number): GalleryItem | undefined {
  if (!m.path) return undefined;
  const name = path.basename(m.path);
  const kind = kindOfFile(name, { ledgerExport: job.kind === "export" });
  if (!kind) return undefined;
  const split = job.prompt ? splitShape(job.prompt) : undefined;
  const quoted = job.quotedCredits !== undefined && savedCount > 0 ? Math.round(job.quotedCredits / savedCount) : undefined;
  return {
    id: m.path,
    path: m.path,
    name,
    kind,
    prompt: kind === "export" ? undefined : split?.prompt || undefined,
    ratio: split?.shape.ratio,
    style: split?.shape.style,
    createdAt: job.finishedAt ?? job.updatedAt,
    credits: quoted ?? estimatedCredits(kind, job.kind),
    creditsSource: quoted !== undefined ? "quoted" : "estimate",
    surface: job.surface,
    jobId: job.id,
    sessionId: job.sessionId,
    aiGenerated: true,
    from: { ledger: true, file: false },
  };
}

function fromFile(f: FileFact): GalleryItem | undefined {
  const name = path.basename(f.path);
  const r = f.record;
  const kind = kindOfFile(name, { recordKind: r?.kind });
  if (!kind) return undefined;
  const split = r?.prompt ? splitShape(r.prompt) : undefined;
  const marked = r?.aiGenerated === true;
  return {
    id: f.path,
    path: f.path,
    name,
    kind,
    prompt: split?.prompt || undefined,
    ratio: r?.ratio ?? split?.shape.ratio,
    style: r?.style ?? split?.shape.style,
    createdAt: parseTime(r?.createdAt) ?? f.mtimeMs,
    credits: marked ? estimatedCredits(kind) : undefined,
    creditsSource: marked ? "estimate" : undefined,
    jobId: r?.jobId,
    sessionId: r?.sessionId,
    bytes: f.size,
    aiGenerated: marked,
    from: { ledger: false, file: true },
  };
}

/** The ledger's facts over the file's, field by field (the file's record wins for what it states: ratio read back, the date it was saved). */
function combine(led: GalleryItem, file: GalleryItem, fileDated: boolean): GalleryItem {
  return {
    ...led,
    id: file.id,
    path: file.path,
    kind: led.kind === "export" || file.kind === "export" ? "export" : file.kind,
    prompt: file.prompt ?? led.prompt,
    ratio: file.ratio ?? led.ratio,
    style: file.style ?? led.style,
    createdAt: fileDated ? file.createdAt : led.createdAt,
    sessionId: led.sessionId ?? file.sessionId,
    bytes: file.bytes,
    aiGenerated: led.aiGenerated || file.aiGenerated,
    from: { ledger: true, file: true },
  };
}

/** Newest first; the same instant by name, so the order is stable. */
export function compareItems(a: GalleryItem, b: GalleryItem): number {
  return b.createdAt - a.createdAt || a.name.localeCompare(b.name) || a.path.localeCompare(b.path);
}

export interface BuildInput {
  /** The ledger's jobs (any order, any kind: only saved media of finished or running jobs count). */
  jobs: readonly Job[];
  /** Media files found on disk (scan.ts), with their records. */
  files: readonly FileFact[];
  /**
   * Whether a ledger file outside the scanned folders still exists (the scan stats those too);
   * by default a ledger item counts only when the scan found its file.
   */
  exists?: (p: string) => boolean;
  platform?: NodeJS.Platform;
}

/** The gallery: one item per file, ledger and file facts merged, newest first. */
export function buildGallery(input: BuildInput): GalleryItem[] {
  const byKey = new Map<string, GalleryItem>();
  const onDisk = new Set(input.files.map((f) => pathKey(f.path, input.platform)));
  /** Files whose record says when they were made (else the date is the mtime, and a job's end is better). */
  const dated = new Set<string>();
  for (const f of input.files) {
    const item = fromFile(f);
    if (!item) continue;
    const key = pathKey(f.path, input.platform);
    byKey.set(key, item);
    if (parseTime(f.record?.createdAt) !== undefined) dated.add(key);
  }
  // Oldest job first, so a file two jobs claim (a resumed export) keeps the newest job's facts.
  const jobs = [...input.jobs].sort((a, b) => a.createdAt - b.createdAt);
  for (const job of jobs) {
    const saved = job.media.filter((m) => m.path).length;
    for (const m of job.media) {
      const item = fromLedger(job, m, saved);
      if (!item) continue;
      const key = pathKey(item.path, input.platform);
      if (!onDisk.has(key) && !input.exists?.(item.path)) continue;
      const known = byKey.get(key);
      byKey.set(key, known?.from.file ? combine(item, known, dated.has(key)) : item);
    }
  }
  return [...byKey.values()].sort(compareItems);
}
