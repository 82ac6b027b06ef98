/**
 * The agent text of one turn: shows partial pieces as they come, never prints the non-partial
 * repeat twice, puts a paragraph break between the texts of separate model responses, and runs
 * every response through the one GUI translator (src/core/prompt/gui-stream.ts). Emits `text`,
 * `retract` and `action` chat events. Linear in the length of the text: nothing here looks at the
 * whole text so far more than once.
 */
import { GuiStream, type GuiSink, type TextMode } from "../prompt/gui-stream";
import type { ChatEvent, GuiAction } from "../types";

export { isTemporaryIssue, type TextMode } from "../prompt/gui-stream";

/** A text event never carries more than this many characters (the webview protocol's limit is higher). */
const MAX_DELTA = 64 * 1024;

export class TurnText implements GuiSink {
  /** Raw text of the current model response shown through partial pieces. */
  private segment = "";
  /** Raw text of the whole turn that went in (before GUI translation); for the whole-turn repeat. */
  private raw = "";
  /** The text of the previous final event (a repeat of it is not shown again). */
  private lastFinal = "";
  private gui: GuiStream;
  /** Decided text of the turn (what stays on screen), and the codes of its last two characters. */
  private settled = "";
  private settledLast = 0;
  private settledLast2 = 0;
  /** What is shown of the sentence being decided. */
  private current: string[] = [];
  private needBreak = false;
  /** Text given to the sink but not emitted yet: one event per piece, not per sentence. */
  private pending = "";
  readonly actions: GuiAction[] = [];
  /** Whether any agent text arrived at all (even if all of it was GUI talk). */
  sawText = false;

  constructor(
    private readonly emit: (event: ChatEvent) => void,
    mode: TextMode = "sentence",
  ) {
    this.gui = new GuiStream(mode, this);
  }

  /** All text shown so far (and still on screen). */
  get text(): string {
    return this.settled + this.current.join("");
  }

  partial(piece: string): void {
    this.feed(this.acceptPartial(piece));
  }

  final(full: string): void {
    this.feed(this.acceptFinal(full));
    this.boundary();
  }

  /** Note a partial piece; returns the text to feed. */
  acceptPartial(piece: string): string {
    this.sawText = true;
    this.segment += piece;
    return piece;
  }

  /**
   * A flat-shape text piece (no partial flag): a streaming piece, unless it repeats the whole text
   * of the current response (or, right after a boundary, of the whole turn) and goes on from there:
   * then it is that response's final repeat and only its new tail is returned. A new piece that
   * starts with everything said so far does not happen in natural text; a repeat always does.
   * Linear: the prefix test only runs when the piece is at least as long as what it is compared to.
   * Returns the text to feed and whether it was a final (then call boundary() after feeding it).
   */
  acceptPiece(piece: string): { fresh: string; final: boolean } {
    const seg = this.segment;
    const isRepeat =
      (seg.length > 0 && piece.length >= seg.length && piece.startsWith(seg)) ||
      (this.raw.length > 0 && piece.length >= this.raw.length && piece.startsWith(this.raw));
    if (isRepeat) return { fresh: this.acceptFinal(piece), final: true };
    return { fresh: this.acceptPartial(piece), final: false };
  }

  /**
   * The non-partial event: the whole text of a response, usually a repeat of the pieces. Returns
   * only what was not shown yet: the suffix after the pieces, or, with no pieces, the part after
   * what the turn already showed (some backends repeat the whole turn at the end). Call boundary()
   * after feeding it.
   */
  acceptFinal(full: string): string {
    this.sawText = true;
    const shown = this.segment;
    this.segment = "";
    let fresh = "";
    if (shown.length > 0) {
      if (full.length >= shown.length && full.startsWith(shown)) fresh = full.slice(shown.length);
      // else: the repeat differs from what was shown; what was shown stays, nothing twice.
    } else if (this.raw.length > 0 && full.length >= this.raw.length && full.startsWith(this.raw)) fresh = full.slice(this.raw.length);
    else if (full !== this.lastFinal) fresh = full;
    this.lastFinal = full;
    return fresh;
  }

  /** Text of the current response, in any slices. */
  feed(piece: string): void {
    if (!piece) return;
    this.raw += piece;
    this.gui.push(piece);
    this.flush();
  }

  /** End of a response (final text, tool call, end of stream): decide held text; the next text is a new paragraph. */
  boundary(): void {
    this.gui.end();
    this.flush();
    if (this.hasShown()) this.needBreak = true;
  }

  // GuiSink

  show(text: string): number {
    let t = text;
    if (!this.hasShown()) {
      t = t.trimStart(); // no leading space (e.g. after a stripped first sentence)
      this.needBreak = false;
    } else if (this.needBreak) {
      t = t.trimStart();
      if (!t) return 0;
      const [last2, last] = this.lastCodes();
      const brk = last === 10 && last2 === 10 ? "" : last === 10 ? "\n" : "\n\n";
      this.needBreak = false;
      if (brk) {
        this.settle();
        this.current.push(brk);
        this.settle(); // the break stays even when the sentence after it is retracted
        this.pending += brk;
      }
    }
    if (!t) return 0;
    this.current.push(t);
    this.pending += t;
    return t.length;
  }

  retract(chars: number): void {
    let n = chars;
    while (n > 0 && this.current.length > 0) {
      const last = this.current[this.current.length - 1];
      if (last.length <= n) {
        this.current.pop();
        n -= last.length;
      } else {
        this.current[this.current.length - 1] = last.slice(0, last.length - n);
        n = 0;
      }
    }
    const drop = Math.min(chars, this.pending.length);
    this.pending = this.pending.slice(0, this.pending.length - drop);
    if (chars > drop) {
      this.flush();
      this.emit({ type: "retract", chars: chars - drop });
    }
  }

  settle(): void {
    if (this.current.length === 0) return;
    const t = this.current.length === 1 ? this.current[0] : this.current.join("");
    this.settled += t;
    this.settledLast2 = t.length >= 2 ? t.charCodeAt(t.length - 2) : this.settledLast;
    this.settledLast = t.charCodeAt(t.length - 1);
    this.current = [];
  }

  found(found: GuiAction[]): void {
    for (const a of found) {
      if (this.actions.includes(a)) continue;
      this.actions.push(a);
      this.flush();
      this.emit({ type: "action", action: a });
    }
  }

  hasShown(): boolean {
    return this.settled.length > 0 || this.current.length > 0;
  }

  /** Codes of the last two characters on screen (0 when there are fewer). */
  private lastCodes(): [number, number] {
    const codes = [this.settledLast2, this.settledLast];
    for (const piece of this.current) for (let i = Math.max(0, piece.length - 2); i < piece.length; i++) codes.push(piece.charCodeAt(i));
    return [codes[codes.length - 2], codes[codes.length - 1]];
  }

  private flush(): void {
    const p = this.pending;
    if (!p) return;
    this.pending = "";
    for (let o = 0; o < p.length; ) {
      let end = Math.min(p.length, o + MAX_DELTA);
      if (end < p.length && isHighSurrogate(p.charCodeAt(end - 1))) end--; // never split a character
      this.emit({ type: "text", delta: p.slice(o, end) });
      o = end;
    }
  }
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
