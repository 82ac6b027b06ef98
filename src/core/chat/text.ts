/**
 * The agent text of one turn: shows partial pieces as they come, never prints the non-partial
 * repeat twice, drops a trailing "I encountered a temporary issue…", and runs the GUI translation
 * sentence by sentence. Emits `text` and `action` chat events.
 */
import { SentenceBuffer, translateSentence } from "../gui";
import type { ChatEvent, GuiAction } from "../types";

const TEMPORARY_ISSUE = "i encountered a temporary issue";

export function isTemporaryIssue(sentence: string): boolean {
  return sentence.trimStart().slice(0, TEMPORARY_ISSUE.length).toLowerCase() === TEMPORARY_ISSUE;
}

export class TurnText {
  /** Raw text of the current model response shown through partial pieces. */
  private segment = "";
  /** Raw text of the whole turn that went to the screen (before GUI translation). */
  private raw = "";
  private readonly sentences = new SentenceBuffer();
  private shown = "";
  /** A temporary-issue notice after real text: the rest of that response is dropped. */
  private dropping = false;
  readonly actions: GuiAction[] = [];
  /** Whether any agent text arrived at all (even if all of it was GUI talk). */
  sawText = false;

  constructor(private readonly emit: (event: ChatEvent) => void) {}

  /** All text shown so far. */
  get text(): string {
    return this.shown;
  }

  partial(piece: string): void {
    this.sawText = true;
    this.segment += piece;
    this.feed(piece);
  }

  /**
   * The non-partial event: the whole text of a response, usually a repeat of the pieces. Only
   * what was not shown yet is printed: the suffix after the pieces, or, with no pieces, the part
   * after what the turn already showed (some backends repeat the whole turn at the end).
   */
  final(full: string): void {
    this.sawText = true;
    const shown = this.segment;
    this.segment = "";
    if (shown.length > 0) {
      if (full.startsWith(shown)) this.feed(full.slice(shown.length));
      // else: the repeat differs from what was shown; what was shown stays, nothing twice.
    } else if (this.raw.length > 0 && full.startsWith(this.raw)) this.feed(full.slice(this.raw.length));
    else if (!(this.raw.length > 0 && this.raw.endsWith(full))) this.feed(full);
    this.boundary();
  }

  /** End of a response (final text, tool call, end of stream): let held text through. */
  boundary(): void {
    const rest = this.sentences.flush();
    if (rest) this.sentence(rest);
    this.dropping = false;
  }

  private feed(piece: string): void {
    if (!piece) return;
    this.raw += piece;
    for (const s of this.sentences.push(piece)) this.sentence(s);
  }

  private sentence(s: string): void {
    if (this.dropping) return;
    if (this.shown.trim().length > 0 && isTemporaryIssue(s)) {
      this.dropping = true;
      return;
    }
    const r = translateSentence(s);
    if (this.shown.length === 0) r.text = r.text.trimStart(); // e.g. after a stripped first sentence
    for (const a of r.actions) {
      if (this.actions.includes(a)) continue;
      this.actions.push(a);
      this.emit({ type: "action", action: a });
    }
    if (r.text) {
      this.shown += r.text;
      this.emit({ type: "text", delta: r.text });
    }
  }
}
