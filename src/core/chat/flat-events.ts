/**
 * The flat event shape of the vendor's API reference (nemovideo/nemovideo_skills,
 * `references/api-reference.md`; NEMO_API.md, "Variants"): one object per SSE message,
 *   {"type":"text","content":"I'll generate your video now..."}
 *   {"type":"tool_call","name":"…","args":{…}}    {"type":"tool_result","name":"…","result":{…}}
 *   {"type":"heartbeat"}                          {"type":"error","message":"…"}
 * This file is the one place that maps that shape to stream items (the ADK shape is
 * ./adk-events.ts). Guesses, all tolerant: the text may be in `content`, `text` or `delta`, as a
 * string, an object with `text` or an array of those; a text event carries no partial flag, so a
 * piece is a streaming piece unless it says `partial: false` / `final: true` / `done: true`, and a
 * piece that repeats the whole text so far is recognised by TurnText.acceptPiece. Tool names may be
 * in `name`, `tool` or `tool_name`; arguments and results stay internal. Unknown `type`s are
 * ignored with a debug log line. Hot path: no regular expressions, no schema library.
 */
import type { Logger } from "../support/logger";
import { mediaNamedIn } from "./named-media";
import { sanitiseErrorMessage, type SseItem } from "./sse-items";

type Obj = Record<string, unknown>;

const TEXT_TYPES = new Set(["text", "message", "delta", "text_delta", "content"]);
const CALL_TYPES = new Set(["tool_call", "function_call", "tool_use", "toolcall"]);
const RESULT_TYPES = new Set(["tool_result", "function_result", "function_response", "tool_response"]);
const HEARTBEAT_TYPES = new Set(["heartbeat", "ping", "keepalive", "keep_alive"]);
const ERROR_TYPES = new Set(["error", "failure"]);

/**
 * Whether a parsed payload is a flat event: an object with a string `type`, or with a string
 * `content` (a `{"content":"…"}` with no type is text too), and without ADK `content.parts`.
 */
export function isFlatEvent(value: unknown): value is Obj {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const v = value as Obj;
  const content = v.content;
  if (typeof content === "object" && content !== null && Array.isArray((content as Obj).parts)) return false;
  return typeof v.type === "string" || typeof content === "string";
}

/** Text of a `content` value: a string, `{text}`, or an array of those (joined). */
function textOf(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) {
    let out: string | undefined;
    for (const v of value) {
      const t = textOf(v);
      if (t !== undefined) out = out === undefined ? t : out + t;
    }
    return out;
  }
  if (typeof value === "object" && value !== null) {
    const t = (value as Obj).text;
    return typeof t === "string" ? t : undefined;
  }
  return undefined;
}

function nameOf(ev: Obj): string {
  for (const key of ["name", "tool", "tool_name", "toolName"]) {
    const v = ev[key];
    if (typeof v === "string" && v.length > 0) return v;
  }
  return "tool";
}

/** Turns one flat event into items; `logger` gets a debug line for an unknown type. Exported for tests. */
export function flatEventToItems(ev: Obj, emit: (item: SseItem) => void, logger?: Logger): void {
  const type = typeof ev.type === "string" ? ev.type.toLowerCase() : "text";
  if (TEXT_TYPES.has(type)) {
    const text = textOf(ev.content) ?? textOf(ev.text) ?? textOf(ev.delta);
    if (text === undefined || text.length === 0) return;
    const final = ev.partial === false || ev.final === true || ev.done === true || ev.is_final === true;
    const turnComplete = ev.turn_complete === true || ev.turnComplete === true;
    if (final) emit({ kind: "text", text, partial: false, turnComplete });
    else if (ev.partial === true) emit({ kind: "text", text, partial: true, turnComplete: false });
    else emit({ kind: "text", text, partial: true, turnComplete: false, mayRepeat: true });
    return;
  }
  if (CALL_TYPES.has(type)) return emit({ kind: "tool", name: nameOf(ev), phase: "call" });
  if (RESULT_TYPES.has(type)) {
    const media = mediaNamedIn(ev.result ?? ev.response ?? ev.output);
    return emit({ kind: "tool", name: nameOf(ev), phase: "result", ...(media.length ? { media } : {}) });
  }
  if (HEARTBEAT_TYPES.has(type)) return emit({ kind: "heartbeat" });
  if (ERROR_TYPES.has(type)) {
    const msg = ev.message ?? ev.error ?? ev.content ?? ev.detail;
    return emit({ kind: "error", message: sanitiseErrorMessage(msg ?? "The agent reported an error.") });
  }
  logger?.debug(`SSE: ignored an event of unknown type "${sanitiseErrorMessage(type).slice(0, 40)}"`);
}
