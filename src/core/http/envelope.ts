/**
 * The REST envelope `{"code": <int>, "data": {...}, "message"?: "..."}`, decoded tolerantly:
 * unknown fields are ignored, `code` may be a string of digits, a JSON object without `code`
 * counts as a bare success payload (the render proxy may pass the renderer's JSON through), and
 * an envelope without `data` carries its payload at the top level (render poll: top-level `status`).
 */
import * as z from "zod"; // a namespace import: esbuild keeps only what is used (no locales)

const codeSchema = z.union([z.number(), z.string().regex(/^-?\d+$/).transform(Number)]);

const envelopeSchema = z.looseObject({
  code: codeSchema.optional(),
  data: z.unknown().optional(),
  message: z.unknown().optional(),
  msg: z.unknown().optional(),
});

export interface Envelope {
  code: number;
  data: unknown;
  /** The server's own message, for logs only (it may be in any language). */
  message?: string;
}

/** Parse a response body; undefined when it is not a JSON object. */
export function decodeEnvelope(text: string): Envelope | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = envelopeSchema.safeParse(json);
  if (!parsed.success) return undefined;
  const { code, data, message, msg } = parsed.data;
  const text0 = typeof message === "string" ? message : typeof msg === "string" ? msg : undefined;
  if (code === undefined) return { code: 0, data: json, message: text0 };
  if (data !== undefined) return { code, data, message: text0 };
  const rest: Record<string, unknown> = { ...parsed.data };
  for (const key of ["code", "message", "msg"]) delete rest[key];
  return { code, data: rest, message: text0 };
}

/** Whether a Content-Type names JSON. */
export function isJsonContentType(value: string | undefined): boolean {
  return !!value && /\bjson\b/i.test(value);
}
