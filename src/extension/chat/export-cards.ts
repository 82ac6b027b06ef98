/**
 * Export cards follow the export's record: the chat's card of an export shows what the one export
 * store (the job ledger's `export` jobs) says, so a card whose window reloaded mid-render ends at
 * "done" with the saved file (and its proper name) once the resumed export finishes — or at
 * "failed"/"cancelled" — instead of spinning at its last percentage. vscode-free.
 */
import type { ExportRecord } from "../../core/render/export-records";
import type { ChatMessage } from "../../shared/protocol";
import type { FlowHost } from "./flows";

type ExportCard = Extract<NonNullable<ChatMessage["card"]>, { type: "export" }>;

const FINAL: ReadonlySet<ExportCard["stage"]> = new Set(["done", "failed", "cancelled"]);

/** The card a record stands for; undefined while the record says nothing new (interrupted: a resume follows). */
function cardOf(rec: ExportRecord, prev: ExportCard): ExportCard | undefined {
  const base = { type: "export" as const, renderId: rec.renderId ?? prev.renderId };
  switch (rec.state) {
    case "starting":
      return { ...base, stage: "submitting" };
    case "rendering":
      return { ...base, stage: "rendering", percent: rec.percent ?? prev.percent };
    case "downloading":
      return { ...base, stage: "downloading", percent: rec.percent };
    case "done":
      return { ...base, stage: "done", percent: 100, filePath: rec.filePath };
    case "failed":
      return { ...base, stage: "failed", percent: prev.percent };
    case "cancelled":
      return { ...base, stage: "cancelled", percent: prev.percent };
    case "interrupted":
      return undefined;
  }
}

/**
 * Brings every unfinished export card up to its record. `orphans`: cards with no render id yet
 * are from a window that closed before the render started (nothing runs any more): failed.
 * Cards of the export running in this window (`runningCardId`) are left to their own flow.
 */
export async function syncExportCards(host: FlowHost, records: readonly ExportRecord[], opts: { orphans: boolean; runningCardId?: string }): Promise<number> {
  let changed = 0;
  for (const msg of host.deps.store.messages()) {
    const card = msg.card;
    if (card?.type !== "export" || FINAL.has(card.stage) || msg.id === opts.runningCardId) continue;
    const rec = card.renderId ? records.find((r) => r.renderId === card.renderId) : undefined;
    const next = rec ? cardOf(rec, card) : !card.renderId && opts.orphans ? { type: "export" as const, stage: "failed" as const, percent: card.percent } : undefined;
    if (!next || (next.stage === card.stage && next.percent === card.percent && next.filePath === card.filePath)) continue;
    host.update(msg.id, (m) => {
      m.card = next;
    });
    changed++;
  }
  return changed;
}
