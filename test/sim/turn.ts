/** Writes one agent turn as ADK events: partial text pieces, tool call/response pairs, the final repeat. */
import type { Rng } from "./rng";

export interface AdkEvent {
  id: string;
  invocationId: string;
  author: string;
  timestamp: number;
  partial?: boolean;
  turnComplete?: boolean;
  finishReason?: string;
  content?: { role: "model" | "user"; parts: Record<string, unknown>[] };
  actions: { stateDelta: Record<string, unknown>; artifactDelta: Record<string, unknown> };
}

/** What the stream layer gives a turn: events out, time passing (with heartbeats while working). */
export interface TurnIO {
  emit(event: AdkEvent): void;
  /** Sim ms of tool work; heartbeats flow meanwhile. Resolves false when the turn is cancelled. */
  work(simMs: number): Promise<boolean>;
  /** A short pause between text pieces. */
  pause(simMs: number): Promise<boolean>;
}

export class TurnCancelled extends Error {}

export const XSS_PAYLOADS = [
  "<img src=x onerror=alert(1)>",
  "<script>alert(1)</script>",
  "[click me](javascript:alert(1))",
  '<svg onload="alert(1)"><circle r="1"/></svg>',
  '<a href="javascript:alert(1)">open</a>',
];

export interface ToolResult {
  response: Record<string, unknown>;
  stateDelta?: Record<string, unknown>;
}

export class TurnWriter {
  text = "";
  private readonly invocationId: string;

  constructor(
    private readonly io: TurnIO,
    private readonly rng: Rng,
    readonly silent: boolean,
  ) {
    this.invocationId = `e-${rng.hex(8)}`;
  }

  private event(partial: boolean, content: AdkEvent["content"], stateDelta: Record<string, unknown> = {}): AdkEvent {
    return {
      id: this.rng.id(8),
      invocationId: this.invocationId,
      author: "nemo_agent",
      timestamp: Date.now(),
      partial,
      content,
      actions: { stateDelta, artifactDelta: {} },
    };
  }

  private async check(p: Promise<boolean>): Promise<void> {
    if (!(await p)) throw new TurnCancelled("turn cancelled");
  }

  /** Stream a sentence as partial pieces of a few words (nothing when the turn is silent). */
  async say(sentence: string): Promise<void> {
    if (this.silent) return;
    const words = sentence.match(/\S+\s*/g) ?? [sentence];
    // CJK text has no spaces: cut it in runs of characters instead.
    const pieces: string[] = words.length > 1 ? [] : (sentence.match(/[\s\S]{1,8}/g) ?? []);
    if (words.length > 1) {
      for (let i = 0; i < words.length; ) {
        const n = this.rng.int(2, 5);
        pieces.push(words.slice(i, i + n).join(""));
        i += n;
      }
    }
    for (const piece of pieces) {
      await this.check(this.io.pause(this.rng.int(120, 350)));
      this.text += piece;
      this.io.emit(this.event(true, { role: "model", parts: [{ text: piece }] }));
    }
  }

  /** Thinking time with heartbeats and no events. */
  async idle(simMs: number): Promise<void> {
    await this.check(this.io.work(simMs));
  }

  /** A function call, the (slow) work, then the function response carrying the state delta. */
  async tool(name: string, args: Record<string, unknown>, workMs: number, run: () => ToolResult): Promise<ToolResult> {
    const callId = `adk-${this.rng.hex(12)}`;
    this.io.emit(this.event(false, { role: "model", parts: [{ functionCall: { id: callId, name, args } }] }));
    await this.check(this.io.work(workMs));
    const result = run();
    this.io.emit(
      this.event(false, { role: "user", parts: [{ functionResponse: { id: callId, name, response: result.response } }] }, result.stateDelta),
    );
    return result;
  }

  /** The non-partial repeat of the whole turn text, and sometimes a trailing "temporary issue". */
  finish(trailingIssue: boolean): void {
    if (this.silent || this.text.length === 0) return;
    const final = this.event(false, { role: "model", parts: [{ text: this.text }] });
    this.io.emit({ ...final, turnComplete: true, finishReason: "STOP" });
    if (trailingIssue) {
      const extra = this.event(false, { role: "model", parts: [{ text: "I encountered a temporary issue. Please try again later." }] });
      this.io.emit({ ...extra, turnComplete: true, finishReason: "STOP" });
    }
  }
}
