/**
 * SSE bytes → typed stream items. Bytes are decoded as UTF-8 with a streaming TextDecoder (so a
 * character split across chunks survives), framed by eventsource-parser, and each `data:` payload
 * is JSON-parsed and validated with zod (camelCase and snake_case accepted). Never throws on bad
 * input: broken JSON becomes a `malformed` item. Hot path: one JSON.parse and one zod parse per
 * event, no regular expressions.
 */
import { createParser, type EventSourceParser } from "eventsource-parser";
import * as z from "zod"; // a namespace import: esbuild keeps only what is used (no locales)
import type { Logger } from "../logger";

export type SseItem =
  /** Agent text: a streaming piece (partial) or the whole text of a model response (final). */
  | { kind: "text"; text: string; partial: boolean; turnComplete: boolean }
  | { kind: "tool"; name: string; phase: "call" | "result" }
  /** SSE comment (`: ping`) or an empty `data:` line. */
  | { kind: "heartbeat" }
  /** `{"error": "..."}` inside the stream; message is short and sanitised. */
  | { kind: "error"; message: string }
  /** A payload that is not JSON or not an event; skipped. */
  | { kind: "malformed"; reason: string };

const opt = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);
const Named = z.object({ name: z.string().optional() });
const NamedLoose = z.object({ name: opt(z.string()) });

/** A content part. Strict first (fast); on a type mismatch the tolerant twin is tried. */
const PartSchema = z.object({
  text: z.string().optional(),
  thought: z.boolean().optional(),
  functionCall: Named.optional(),
  function_call: Named.optional(),
  functionResponse: Named.optional(),
  function_response: Named.optional(),
});
const PartSchemaLoose = z.object({
  text: opt(z.string()),
  thought: opt(z.boolean()),
  functionCall: opt(NamedLoose),
  function_call: opt(NamedLoose),
  functionResponse: opt(NamedLoose),
  function_response: opt(NamedLoose),
});

type Part = z.infer<typeof PartSchema>;

/** One ADK event, only the fields the client uses (unknown fields are dropped); strict, fast. */
export const EventSchema = z.object({
  partial: z.boolean().optional(),
  turnComplete: z.boolean().optional(),
  turn_complete: z.boolean().optional(),
  error: z.unknown().optional(),
  errorMessage: z.string().optional(),
  error_message: z.string().optional(),
  content: z.object({ parts: z.array(PartSchema).optional() }).optional(),
});
export type StreamEvent = z.infer<typeof EventSchema>;

/** The tolerant twin: wrong types become "absent", bad parts are dropped one by one. */
const EventSchemaLoose = z.object({
  partial: opt(z.boolean()),
  turnComplete: opt(z.boolean()),
  turn_complete: opt(z.boolean()),
  error: opt(z.unknown()),
  errorMessage: opt(z.string()),
  error_message: opt(z.string()),
  content: opt(z.object({ parts: opt(z.array(z.unknown())) })),
});

/** Strict parse first; only when that fails, the tolerant one. undefined when not an event at all. */
export function parseEvent(value: unknown): StreamEvent | undefined {
  const r = EventSchema.safeParse(value);
  if (r.success) return r.data;
  const l = EventSchemaLoose.safeParse(value);
  if (!l.success) return undefined;
  const raw = l.data.content?.parts;
  let parts: Part[] | undefined;
  if (raw) {
    parts = [];
    for (const p of raw) {
      const pr = PartSchemaLoose.safeParse(p);
      if (pr.success) parts.push(pr.data);
    }
  }
  return { ...l.data, content: l.data.content ? { parts } : undefined };
}

const MAX_ERROR_CHARS = 200;

/** A short single line, control characters removed, nothing that looks like a token. */
export function sanitiseErrorMessage(value: unknown): string {
  let text: string;
  if (typeof value === "string") text = value;
  else if (typeof value === "object" && value !== null) {
    const m = (value as { message?: unknown }).message;
    text = typeof m === "string" ? m : JSON.stringify(value);
  } else text = String(value);
  text = text
    // eslint-disable-next-line no-control-regex -- stripping control characters is the point
    .replace(/[\u0000-\u001f\u007f\s]+/g, " ")
    .replace(/nmv_[A-Za-z0-9]+_[A-Za-z0-9._~+/=-]+/g, "nmv_***")
    .replace(/(Bearer\s+)\S+/gi, "$1***")
    .trim();
  if (text.length > MAX_ERROR_CHARS) text = `${text.slice(0, MAX_ERROR_CHARS - 1)}…`;
  return text || "The agent reported an error.";
}

/** Turns one parsed event into items. Exported for tests. */
export function eventToItems(event: StreamEvent, emit: (item: SseItem) => void): void {
  const err = event.error ?? event.errorMessage ?? event.error_message;
  if (err !== undefined && err !== null && err !== "") {
    emit({ kind: "error", message: sanitiseErrorMessage(err) });
    return;
  }
  const parts = event.content?.parts;
  if (!parts) return;
  const partial = event.partial === true;
  const turnComplete = (event.turnComplete ?? event.turn_complete) === true;
  let text: string | undefined;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (p.text !== undefined && p.thought !== true) text = text === undefined ? p.text : text + p.text;
    const call = p.functionCall ?? p.function_call;
    if (call) emit({ kind: "tool", name: call.name ?? "tool", phase: "call" });
    const res = p.functionResponse ?? p.function_response;
    if (res) emit({ kind: "tool", name: res.name ?? "tool", phase: "result" });
  }
  if (text !== undefined && text.length > 0) emit({ kind: "text", text, partial, turnComplete });
}

const HEARTBEAT: SseItem = Object.freeze({ kind: "heartbeat" }) as SseItem;

/** An event larger than this (characters) is skipped as malformed instead of growing memory without bound. */
export const MAX_EVENT_CHARS = 16 * 1024 * 1024;

export interface SseDecoder {
  /** Feed raw bytes from the network. */
  push(chunk: Uint8Array): void;
  /** The stream ended: flush what the UTF-8 decoder and the parser still hold. */
  end(): void;
}

/** A push decoder: call `push` with each chunk; items arrive synchronously through `onItem`. */
export function createSseDecoder(onItem: (item: SseItem) => void, logger?: Logger): SseDecoder {
  const utf8 = new TextDecoder("utf-8");
  const onData = (data: string): void => {
    if (data.length === 0 || (data.length < 8 && data.trim().length === 0)) {
      onItem(HEARTBEAT);
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      logger?.warn(`SSE: skipped a malformed event (${data.length} chars)`);
      onItem({ kind: "malformed", reason: "not JSON" });
      return;
    }
    const event = parseEvent(json);
    if (!event) {
      logger?.warn("SSE: skipped an event that is not an object");
      onItem({ kind: "malformed", reason: "not an event" });
      return;
    }
    eventToItems(event, onItem);
  };
  let overflow = false;
  const parser: EventSourceParser = createParser({
    onEvent: (ev) => onData(ev.data),
    onComment: () => onItem(HEARTBEAT),
    maxBufferSize: MAX_EVENT_CHARS,
    onError: (err) => {
      if (err.type === "max-buffer-size-exceeded") overflow = true;
    },
  });
  return {
    push(chunk) {
      const s = utf8.decode(chunk, { stream: true });
      if (s.length > 0) parser.feed(s);
      if (overflow) {
        // The parser drops what it held and stops; start afresh with the bytes that follow.
        overflow = false;
        parser.reset();
        logger?.warn(`SSE: skipped an event larger than ${MAX_EVENT_CHARS} characters`);
        onItem({ kind: "malformed", reason: "too large" });
      }
    },
    end() {
      const rest = utf8.decode();
      if (rest.length > 0) parser.feed(rest);
      // A final event without its blank line is still an event (the server just closed).
      parser.feed("\n\n");
    },
  };
}

/** Pull style: decode a byte stream into items. */
export async function* decodeSse(bytes: AsyncIterable<Uint8Array>, logger?: Logger): AsyncGenerator<SseItem> {
  const queue: SseItem[] = [];
  const decoder = createSseDecoder((item) => queue.push(item), logger);
  for await (const chunk of bytes) {
    decoder.push(chunk);
    while (queue.length > 0) yield queue.shift()!;
  }
  decoder.end();
  while (queue.length > 0) yield queue.shift()!;
}
