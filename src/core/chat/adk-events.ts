/**
 * The ADK event shape (NEMO_API.md, "The SSE stream"): `content.parts[]` with `text`,
 * `functionCall`, `functionResponse`; `partial` pieces and a non-partial repeat; `error` /
 * `errorMessage`. camelCase and snake_case accepted. This file is the one place that maps that
 * shape to stream items; the flat shape of the vendor's API reference is ./flat-events.ts.
 */
import * as z from "zod"; // a namespace import: esbuild keeps only what is used (no locales)
import { mediaNamedIn } from "./named-media";
import { sanitiseErrorMessage, type SseItem } from "./sse-items";

const opt = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);
const Named = z.object({ name: z.string().optional() });
const NamedLoose = z.object({ name: opt(z.string()) });
/** A function response keeps its `response` (read only for the media it names: named-media.ts). */
const Response = z.object({ name: z.string().optional(), response: z.unknown().optional() });
const ResponseLoose = z.object({ name: opt(z.string()), response: z.unknown().optional() });

/** A content part. Strict first (fast); on a type mismatch the tolerant twin is tried. */
const PartSchema = z.object({
  text: z.string().optional(),
  thought: z.boolean().optional(),
  functionCall: Named.optional(),
  function_call: Named.optional(),
  functionResponse: Response.optional(),
  function_response: Response.optional(),
});
const PartSchemaLoose = z.object({
  text: opt(z.string()),
  thought: opt(z.boolean()),
  functionCall: opt(NamedLoose),
  function_call: opt(NamedLoose),
  functionResponse: opt(ResponseLoose),
  function_response: opt(ResponseLoose),
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
    if (res) {
      const media = mediaNamedIn(res.response);
      emit({ kind: "tool", name: res.name ?? "tool", phase: "result", ...(media.length ? { media } : {}) });
    }
  }
  if (text !== undefined && text.length > 0) emit({ kind: "text", text, partial, turnComplete });
}

