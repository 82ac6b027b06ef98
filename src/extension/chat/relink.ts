/**
 * The chat's cards follow the files the product moved (the compare view's Keep and its Undo):
 * ChatController.relinkFiles. Remembers this window's relinks and notes so an Undo reverses them.
 */
import * as path from "node:path";
import type { FileMove } from "../services";
import type { FlowHost } from "./flows";

export class FileRelinks {
  /** Links relinkFiles changed (this window only), so an Undo puts them back. */
  private relinked: { id: string; key: string; from: string; to: string }[] = [];
  /** Notes relinkFiles added to cards whose file now holds another picture (this window only), so an Undo takes them off. */
  private replacedNotes: { id: string; file: string; note: string }[] = [];

  constructor(private readonly host: Pick<FlowHost, "deps" | "t" | "update">) {}

  /**
   * Files the product moved (the compare view's Keep: the new version now in the original's place;
   * Undo: back again): every card that showed a moved file links it where it is now (its preview
   * too when that was the file itself), instead of saying it was deleted. An `undo` move puts back
   * the links its earlier move changed (remembered for this window), nothing else.
   */
  relink(moves: readonly FileMove[]): void {
    const same = (a: string | undefined, b: string): boolean => a !== undefined && path.resolve(a) === path.resolve(b);
    /** Items relinked by this call: they show the file's new picture, no note. */
    const moved = new Set<string>();
    for (const move of moves) {
      if (move.replaced) {
        this.markReplaced(move, moved, same);
        continue;
      }
      if (move.undo) {
        const back = this.relinked.filter((r) => same(r.from, move.to) && same(r.to, move.from));
        this.relinked = this.relinked.filter((r) => !back.includes(r));
        for (const r of back) this.relinkItem(r.id, r.key, r.to, r.from);
        continue;
      }
      for (const m of this.host.deps.store.messages()) {
        for (const item of m.media) {
          if (!same(item.savedPath, move.from) && !same(item.cachedPath, move.from)) continue;
          this.relinked.push({ id: m.id, key: item.media.key, from: move.from, to: move.to });
          moved.add(`${m.id}\n${item.media.key}`);
          this.relinkItem(m.id, item.media.key, move.from, move.to);
        }
      }
    }
  }

  /** A card that showed the picture `move.from` held before Keep says the file holds an edited version now; Undo takes the note off. */
  private markReplaced(move: FileMove, moved: ReadonlySet<string>, same: (a: string | undefined, b: string) => boolean): void {
    if (move.undo) {
      const back = this.replacedNotes.filter((r) => same(r.file, move.from));
      this.replacedNotes = this.replacedNotes.filter((r) => !back.includes(r));
      for (const r of back) this.host.update(r.id, (m) => void (m.notes = m.notes.filter((n) => n !== r.note)));
      return;
    }
    const note = this.host.t("replacedByKeep", path.basename(move.from));
    for (const m of this.host.deps.store.messages()) {
      const showed = m.media.some((item) => same(item.savedPath, move.from) && !moved.has(`${m.id}\n${item.media.key}`));
      if (!showed || m.notes.includes(note)) continue;
      this.replacedNotes.push({ id: m.id, file: move.from, note });
      this.host.update(m.id, (x) => void x.notes.push(note));
    }
  }

  private relinkItem(id: string, key: string, from: string, to: string): void {
    this.host.update(id, (m) => {
      const e = m.media.find((x) => x.media.key === key);
      if (!e) return;
      if (e.savedPath !== undefined && path.resolve(e.savedPath) === path.resolve(from)) e.savedPath = to;
      if (e.cachedPath !== undefined && path.resolve(e.cachedPath) === path.resolve(from)) e.cachedPath = to;
    });
  }
}
