/** Test doubles for the chat-turn tests: a manual clock, a scriptable byte stream, fake deps. */
import assert from "node:assert/strict";
import { defaultTiming, type Timing } from "../../src/core/api";
import type { Clock } from "../../src/core/support";
import { CancelledError, NemoError } from "../../src/core/errors";
import { warningsLogger } from "../integration/client-helpers";
import { runChatTurn, type TurnDeps } from "../../src/core/chat";
import { parseState } from "../../src/core/state";
import type { ChatEvent, ChatResult, SessionState } from "../../src/core/types";

export const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

interface Timer {
  at: number;
  resolve: () => void;
}

/** Time moves only when the test calls advance(). */
export class FakeClock implements Clock {
  private t = 1_000_000;
  private timers: Timer[] = [];

  now(): number {
    return this.t;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(new CancelledError(signal.reason));
      const timer: Timer = {
        at: this.t + Math.max(0, ms),
        resolve: () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        },
      };
      const onAbort = (): void => {
        this.timers = this.timers.filter((x) => x !== timer);
        reject(new CancelledError(signal?.reason));
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.timers.push(timer);
    });
  }

  /** Pending sleeps (a finished turn must leave none). */
  get pending(): number {
    return this.timers.length;
  }

  /** Move time forward, firing every sleep that falls due, in order. */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      await tick();
      const due = this.timers.filter((x) => x.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((x) => x !== due);
      this.t = due.at;
      due.resolve();
    }
    this.t = end;
    await tick();
  }
}

/** A byte stream the test feeds by hand. Honours the abort signal like undici's body does. */
export class FakeStream implements AsyncIterable<Uint8Array> {
  private readonly items: (Uint8Array | Error | null)[] = [];
  private wake?: () => void;
  returned = false;

  constructor(private readonly signal?: AbortSignal) {
    signal?.addEventListener("abort", () => this.wake?.(), { once: true });
  }

  push(text: string | Uint8Array): void {
    this.items.push(typeof text === "string" ? new TextEncoder().encode(text) : text);
    this.wake?.();
  }
  end(): void {
    this.items.push(null);
    this.wake?.();
  }
  fail(err: Error): void {
    this.items.push(err);
    this.wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Uint8Array> {
    try {
      for (;;) {
        if (this.signal?.aborted) throw Object.assign(new Error("aborted"), { name: "AbortError" });
        const item = this.items.shift();
        if (item === undefined) {
          await new Promise<void>((r) => (this.wake = r));
          continue;
        }
        if (item === null) return;
        if (item instanceof Error) throw item;
        yield item;
      }
    } finally {
      this.returned = true;
    }
  }
}

export function socketError(): Error {
  return Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" });
}

/** One SSE event from an ADK-like object. */
export function sse(event: object): string {
  return `data: ${JSON.stringify(event)}\n\n`;
}
export const partial = (text: string): string => sse({ partial: true, content: { role: "model", parts: [{ text }] } });
export const final = (text: string): string =>
  sse({ partial: false, turnComplete: true, finishReason: "STOP", content: { role: "model", parts: [{ text }] } });
export const toolCall = (name: string): string =>
  sse({ content: { role: "model", parts: [{ functionCall: { id: "c1", name, args: {} } }] } });

export const testTiming: Timing = {
  ...defaultTiming,
  stillWorkingEveryMs: 120_000,
  heartbeatOnlyTimeoutMs: 600_000,
  streamCapMs: 900_000,
  recoveryFirstWaitMs: 30_000,
  recoveryNextWaitMs: 60_000,
  recoveryMaxReads: 5,
};

export const stateWithTitle = (title: string): SessionState =>
  parseState({ draft: { t: [{ tt: 7, sg: [{ d: 3000, m: { text: title } }] }] } });

export interface Harness {
  deps: TurnDeps;
  clock: FakeClock;
  events: ChatEvent[];
  streams: FakeStream[];
  opened: string[];
  stateReads: number;
  warnings: string[];
  /** The stream of the first (and only) openStream call, once it happened. */
  stream(): Promise<FakeStream>;
}

/** Fake deps: `states` are returned by successive readState calls (the last one repeats). */
export function harness(states: (SessionState | Error)[], timing: Partial<Timing> = {}): Harness {
  const clock = new FakeClock();
  const { logger, warnings } = warningsLogger();
  const h: Harness = {
    clock,
    events: [],
    streams: [],
    opened: [],
    stateReads: 0,
    warnings,
    deps: {
      clock,
      logger,
      timing: { ...testTiming, ...timing },
      openStream: async (message, signal) => {
        h.opened.push(message);
        const s = new FakeStream(signal);
        h.streams.push(s);
        return s;
      },
      readState: async (signal) => {
        if (signal?.aborted) throw new CancelledError();
        const s = states[Math.min(h.stateReads, states.length - 1)];
        h.stateReads++;
        if (s instanceof Error) throw s;
        return s;
      },
    },
    stream: async () => {
      for (let i = 0; i < 50 && h.streams.length === 0; i++) await tick();
      if (!h.streams[0]) throw new Error("openStream was not called");
      return h.streams[0];
    },
  };
  return h;
}

/** The text on screen after the events: text appended, retractions applied. */
export function texts(events: ChatEvent[]): string {
  let t = "";
  for (const e of events) {
    if (e.type === "text") t += e.delta;
    else if (e.type === "retract") t = t.slice(0, t.length - e.chars);
  }
  return t;
}

/** A state with an empty draft. */
export const EMPTY = parseState({ draft: { t: [] } });

/** Start a turn with the harness; events go to h.events. */
export function start(h: ReturnType<typeof harness>, signal?: AbortSignal, textMode: "word" | "sentence" = "word"): Promise<ChatResult> {
  const p = runChatTurn(h.deps, "make a neon city", { signal, textMode, onEvent: (e: ChatEvent) => h.events.push(e) });
  p.catch(() => undefined); // asserted later; avoid "handled asynchronously" warnings
  return p;
}

/** Expect `p` to reject with a NemoError of `code`. */
export async function rejects(p: Promise<unknown>, code: string): Promise<NemoError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof NemoError, `not a NemoError: ${String(err)}`);
    assert.equal(err.code, code);
    return err;
  }
  assert.fail("expected a rejection");
}

/** Events of the flat shape of the vendor's API reference (`{"type":"text","content":"…"}`, …). */
export const flatText = (content: string): string => sse({ type: "text", content });
export const flatToolCall = (name: string): string => sse({ type: "tool_call", name, args: { prompt: "secret args" } });
export const flatToolResult = (name: string): string => sse({ type: "tool_result", name, result: { url: "secret result" } });
export const flatHeartbeat = (): string => sse({ type: "heartbeat" });
