/**
 * SSE bytes → typed stream items. Bytes are decoded as UTF-8 with a streaming TextDecoder (so a
 * character split across chunks survives), framed by eventsource-parser, and each `data:` payload
 * is JSON-parsed and handed to the mapping of its shape: the ADK `content.parts[]` events
 * (./adk-events.ts) or the flat `{"type":…}` events of the vendor's API reference
 * (./flat-events.ts), decided per event, so a mixed stream works. Never throws on bad input:
 * broken JSON becomes a `malformed` item. Hot path: one JSON.parse and at most one zod parse per
 * event, no regular expressions.
 */
import { createParser, type EventSourceParser } from "eventsource-parser";
import type { Logger } from "../support/logger";
import { eventToItems, parseEvent } from "./adk-events";
import { flatEventToItems, isFlatEvent } from "./flat-events";
import type { SseItem } from "./sse-items";

export { EventSchema, eventToItems, parseEvent, type StreamEvent } from "./adk-events";
export { flatEventToItems, isFlatEvent } from "./flat-events";
export { sanitiseErrorMessage, type SseItem } from "./sse-items";

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
    if (isFlatEvent(json)) {
      flatEventToItems(json, onItem, logger);
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
