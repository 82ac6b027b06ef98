/**
 * The one streaming GUI translator: agent text of one model response goes in piece by piece, the
 * GUI rules (rules.ts) judge it sentence by sentence, and what may be shown comes out through a
 * GuiSink. Word mode shows words as they arrive until a trigger word (or the start of "I
 * encountered a temporary issue") appears in the current sentence, holds from there to the
 * sentence's end, and retracts what of the sentence was shown when it turns out to be GUI talk.
 * Sentence mode holds every sentence to its end (never retracts). One pass over the text: cost is
 * linear in its length, however it is split.
 */
import type { GuiAction } from "../types";
import { CJK_TRIGGERS, LONGEST_STEM, translateSentence, triggerPrefix } from "./gui-rules";

export type TextMode = "word" | "sentence";

export interface GuiSink {
  /** Text of the current sentence that may be shown. Returns how many characters went on screen. */
  show(text: string): number;
  /** The last `chars` characters shown (all of the current sentence) were GUI talk: take them back. */
  retract(chars: number): void;
  /** The current sentence is decided; what was shown of it stays. */
  settle(): void;
  /** Actions implied by a stripped sentence. */
  found(actions: GuiAction[]): void;
  /** Whether any text of the turn is on screen (a temporary-issue notice after text is dropped). */
  hasShown(): boolean;
}

/** An incomplete sentence longer than this is judged at its last space (about a line). */
export const MAX_HOLD = 200;
const TEMPORARY_ISSUE = "i encountered a temporary issue";

export function isTemporaryIssue(sentence: string): boolean {
  return sentence.trimStart().slice(0, TEMPORARY_ISSUE.length).toLowerCase() === TEMPORARY_ISSUE;
}

// The scan reads character codes (b.charCodeAt), not one-character strings: no allocation per character.
/** 。！？ and a line break end a sentence at once. */
const isHardEnd = (c: number): boolean => c === 10 || c === 0x3002 || c === 0xff01 || c === 0xff1f;
/** . ! ? end a sentence when whitespace follows. */
const isSoftEnd = (c: number): boolean => c === 46 || c === 33 || c === 63;
const isSpace = (c: number): boolean => c === 32 || c === 10 || c === 9 || c === 13 || c === 0xa0 || c === 0x3000;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isWordChar = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || isDigit(c) || c === 95;
const isHighSurrogate = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
/** ASCII lower case of a code (other codes unchanged). */
const lower = (c: number): number => (c >= 65 && c <= 90 ? c + 32 : c);
const CJK_FIRST = new Set(CJK_TRIGGERS.map((w) => w.charCodeAt(0)));

export class GuiStream {
  /** Text from the start of the current sentence that is not decided yet. */
  private buf = "";
  /** Where the next scan starts (a soft end or a Chinese trigger prefix at the end waits). */
  private scanFrom = 0;
  /** End of what may be shown of the current sentence (an index into buf). */
  private rel = 0;
  /** Raw characters of the current sentence passed to the sink. */
  private passed = 0;
  /** Characters of the current sentence that went on screen (the sink may trim some). */
  private shown = 0;
  /** A trigger word appeared in the current sentence (only then are the GUI rules run on it). */
  private triggered = false;
  /** Start of the ASCII word being read, and whether it is decided not to be a trigger. */
  private wordStart = -1;
  private wordSafe = false;
  /** 0: only spaces so far, 1: spaces then digits ("1." is a list number, not a sentence end), 2: other. */
  private digits = 0;
  /** Characters of "I encountered a temporary issue" matched so far; -1 once the sentence differs. */
  private ti = 0;
  /** After a temporary-issue notice that followed text, the rest of the response is dropped. */
  private dropping = false;

  constructor(
    private readonly mode: TextMode,
    private readonly sink: GuiSink,
  ) {}

  /** Whether the rest of the current sentence is held back to its end. */
  private get holding(): boolean {
    return this.triggered || this.mode === "sentence";
  }

  push(piece: string): void {
    if (!piece) return;
    this.buf += piece;
    this.scan(false);
  }

  /** End of a model response: judge what is held and start afresh. */
  end(): void {
    this.scan(true);
    if (this.buf.length > 0) this.finish(this.buf.length);
    this.dropping = false;
  }

  private scan(final: boolean): void {
    const b = this.buf;
    let start = 0;
    let i = this.scanFrom;
    for (; i < b.length; i++) {
      const c = b.charCodeAt(i);
      let end = -1;
      if (isHardEnd(c)) end = i + 1;
      else if (isSoftEnd(c)) {
        if (i + 1 >= b.length && !final) {
          // Wait for the next character to know whether the sentence ends here; the mark itself
          // may already go out when nothing of the sentence is held.
          if (!this.holding && !this.tiHold()) this.rel = i + 1;
          break;
        }
        if (i + 1 < b.length && isSpace(b.charCodeAt(i + 1)) && this.digits !== 1) end = i + 1;
      }
      if (end >= 0) {
        this.release(b, start);
        this.judge(b.slice(start, end), b.slice(start + this.passed, end));
        this.resetSentence(end);
        start = end;
        continue;
      }
      if (!this.step(b, i, final)) break;
    }
    this.release(b, start);
    this.scanFrom = i;
    if (start > 0) {
      // Drop the decided text; indices shift by `start`.
      this.buf = b.slice(start);
      this.scanFrom -= start;
      this.rel -= start;
      if (this.wordStart >= 0) this.wordStart -= start;
    }
    if (!final && this.buf.length > MAX_HOLD) this.cutLong();
  }

  /** One character that is not a sentence end. Returns false to stop and wait for more text. */
  private step(b: string, i: number, final: boolean): boolean {
    const c = b.charCodeAt(i);
    if (!final && !this.triggered && CJK_FIRST.has(c) && this.mayBecomeTrigger(b, i)) return false;
    this.track(c);
    if (this.triggered) return true;
    if (isWordChar(c)) {
      if (this.wordStart < 0) {
        this.wordStart = i;
        this.wordSafe = false;
      }
      if (!this.wordSafe) {
        // Decided from its first characters: a word starting with a stem holds the sentence; a
        // word that cannot become one goes out at once; the start of a stem waits for more.
        const v = i + 1 - this.wordStart > LONGEST_STEM ? "no" : triggerPrefix(b.slice(this.wordStart, i + 1));
        if (v === "trigger") {
          this.triggered = true;
          return true;
        }
        if (v === "maybe") return true;
        this.wordSafe = true;
      }
      if (!this.holding && !this.tiHold()) this.rel = i + 1;
      return true;
    }
    this.wordStart = -1;
    if (CJK_FIRST.has(c) && CJK_TRIGGERS.some((w) => b.startsWith(w, i))) this.triggered = true;
    if (!this.holding && !this.tiHold() && !isHighSurrogate(c)) this.rel = i + 1;
    return true;
  }

  /** The text from i is a proper prefix of a Chinese trigger word: wait for the next character. */
  private mayBecomeTrigger(b: string, i: number): boolean {
    const rest = b.length - i;
    return CJK_TRIGGERS.some((w) => rest < w.length && w.startsWith(b.slice(i)));
  }

  /** Per-character sentence facts: list numbers and the temporary-issue prefix. */
  private track(c: number): void {
    const space = isSpace(c);
    if (this.digits === 0 && !space) this.digits = isDigit(c) ? 1 : 2;
    else if (this.digits === 1 && !isDigit(c)) this.digits = 2;
    if (this.ti >= 0 && this.ti < TEMPORARY_ISSUE.length && !(this.ti === 0 && space)) {
      this.ti = lower(c) === TEMPORARY_ISSUE.charCodeAt(this.ti) ? this.ti + 1 : -1;
    }
  }

  /** Hold while the sentence may be a temporary-issue notice after shown text. */
  private tiHold(): boolean {
    return this.ti >= 0 && this.sink.hasShown();
  }

  /** Pass the released, not yet passed part of the current sentence (starting at `start`) on. */
  private release(b: string, start: number): void {
    const from = start + this.passed;
    if (this.rel <= from) return;
    if (!this.dropping) this.shown += this.sink.show(b.slice(from, this.rel));
    this.passed = this.rel - start;
  }

  /** A complete sentence: `rest` is the part not passed on yet. */
  private judge(sentence: string, rest: string): void {
    if (this.dropping) return;
    if (this.shown === 0 && this.sink.hasShown() && isTemporaryIssue(sentence)) {
      this.dropping = true;
      return;
    }
    // The rules only match a sentence holding a trigger word: the others are kept as they are.
    const r = this.triggered ? translateSentence(sentence) : { text: sentence, actions: [] };
    if (r.text === "") {
      if (this.shown > 0) this.sink.retract(this.shown);
    } else if (rest) this.sink.show(rest);
    this.sink.settle();
    if (r.actions.length) this.sink.found(r.actions); // after the text: a host may print a line for it
  }

  /** Judge buf[0, end) as a sentence and keep the rest. */
  private finish(end: number): void {
    const b = this.buf;
    this.release(b, 0);
    this.judge(b.slice(0, end), b.slice(this.passed, end));
    this.buf = b.slice(end);
    this.resetSentence(0);
    this.scanFrom = 0;
  }

  private resetSentence(start: number): void {
    this.rel = start;
    this.passed = 0;
    this.shown = 0;
    this.triggered = false;
    this.wordStart = -1;
    this.wordSafe = false;
    this.digits = 0;
    this.ti = 0;
  }

  /**
   * An incomplete sentence longer than MAX_HOLD is judged up to its last space, or up to what
   * was shown when that is further, or whole; the rest is scanned again as a new sentence.
   */
  private cutLong(): void {
    const limit = this.scanFrom;
    const space = this.buf.lastIndexOf(" ", limit - 1);
    const at = space > 0 ? Math.max(space, this.rel) : limit;
    if (at <= 0) return;
    this.finish(at);
    this.scan(false);
  }
}
