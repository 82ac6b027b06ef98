/**
 * The one message map between the extension host and the chat webview.
 *
 * webview → host: requests `{type:"request", id, method, params}`, answered by
 * `{type:"response", id, ok, result | error}`. host → webview: notifications
 * `{type:"notify", name, payload}`. Every message is validated with zod on receipt, in both
 * directions; invalid ones are logged and dropped. Unknown fields are stripped (tolerant), wrong
 * types are refused. The chat reply streams as `chunk` notifications that share one message id.
 * Written with zod's tree-shakable `zod/mini` (the webview bundle stays small); the checks are
 * the same on both sides. The data lives in chat-schemas.ts, the message map in protocol-messages.ts;
 * this file is their one import path, with the envelopes and the parsers.
 */
import * as z from "zod/mini"; // a namespace import: esbuild keeps only what is used
import { type ErrorInfo, ErrorInfoSchema } from "./chat-schemas";
import { notifySchemas, type NotifyName, type NotifyPayload, type RequestName, type RequestParams, type RequestParamsParsed, type RequestResult, requestSchemas } from "./protocol-messages";

// The protocol's parts, under this one import path: the data (chat-schemas.ts), the message map (protocol-messages.ts).
export * from "./chat-schemas";
export * from "./protocol-messages";

const RequestEnvelope = z.object({
  type: z.literal("request"),
  id: z.int().check(z.nonnegative()),
  method: z.string().check(z.maxLength(64)),
  params: z.optional(z.unknown()),
});

const ResponseEnvelope = z.discriminatedUnion("ok", [
  z.object({ type: z.literal("response"), id: z.int().check(z.nonnegative()), ok: z.literal(true), result: z.optional(z.unknown()) }),
  z.object({ type: z.literal("response"), id: z.int().check(z.nonnegative()), ok: z.literal(false), error: ErrorInfoSchema }),
]);

const NotifyEnvelope = z.object({ type: z.literal("notify"), name: z.string().check(z.maxLength(64)), payload: z.optional(z.unknown()) });

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

export type AnyRequest = { [N in RequestName]: { id: number; method: N; params: RequestParamsParsed<N> } }[RequestName];
export type AnyNotify = { [N in NotifyName]: { name: N; payload: NotifyPayload<N> } }[NotifyName];
export type AnyResponse = { id: number; ok: true; result?: unknown } | { id: number; ok: false; error: ErrorInfo };

function isRequestName(name: string): name is RequestName {
  return Object.prototype.hasOwnProperty.call(requestSchemas, name);
}

function isNotifyName(name: string): name is NotifyName {
  return Object.prototype.hasOwnProperty.call(notifySchemas, name);
}

function issues(err: z.core.$ZodError): string {
  return err.issues
    .slice(0, 3)
    .map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`)
    .join("; ");
}

/** Host side: validate a message the webview posted. */
export function parseRequest(raw: unknown): Parsed<AnyRequest> {
  const env = RequestEnvelope.safeParse(raw);
  if (!env.success) return { ok: false, reason: `bad request envelope: ${issues(env.error)}` };
  const { id: reqId, method, params } = env.data;
  if (!isRequestName(method)) return { ok: false, reason: `unknown request "${method.slice(0, 64)}"` };
  const parsed = requestSchemas[method][0].safeParse(params ?? {});
  if (!parsed.success) return { ok: false, reason: `bad params for ${method}: ${issues(parsed.error)}` };
  return { ok: true, value: { id: reqId, method, params: parsed.data } as AnyRequest };
}

/** Webview side: validate a message the host posted (a response envelope or a notification). */
export function parseHostMessage(raw: unknown): Parsed<{ kind: "response"; response: AnyResponse } | { kind: "notify"; notify: AnyNotify }> {
  const type = typeof raw === "object" && raw !== null ? (raw as { type?: unknown }).type : undefined;
  if (type === "response") {
    const env = ResponseEnvelope.safeParse(raw);
    if (!env.success) return { ok: false, reason: `bad response envelope: ${issues(env.error)}` };
    const { type: _t, ...response } = env.data;
    return { ok: true, value: { kind: "response", response } };
  }
  const env = NotifyEnvelope.safeParse(raw);
  if (!env.success) return { ok: false, reason: `bad notification envelope: ${issues(env.error)}` };
  const { name, payload } = env.data;
  if (!isNotifyName(name)) return { ok: false, reason: `unknown notification "${name.slice(0, 64)}"` };
  const parsed = notifySchemas[name].safeParse(payload);
  if (!parsed.success) return { ok: false, reason: `bad payload for ${name}: ${issues(parsed.error)}` };
  return { ok: true, value: { kind: "notify", notify: { name, payload: parsed.data } as AnyNotify } };
}

/** Webview side: validate the result of a successful response for the method that was asked. */
export function parseResult<N extends RequestName>(method: N, result: unknown): Parsed<RequestResult<N>> {
  const parsed = requestSchemas[method][1].safeParse(result);
  if (!parsed.success) return { ok: false, reason: `bad result for ${method}: ${issues(parsed.error)}` };
  return { ok: true, value: parsed.data as RequestResult<N> };
}

export function makeRequest<N extends RequestName>(reqId: number, method: N, params: RequestParams<N>) {
  return { type: "request" as const, id: reqId, method, params };
}

export function makeNotify<N extends NotifyName>(name: N, payload: NotifyPayload<N>) {
  return { type: "notify" as const, name, payload };
}

export function makeResponse(reqId: number, outcome: { ok: true; result: unknown } | { ok: false; error: ErrorInfo }) {
  return { type: "response" as const, id: reqId, ...outcome };
}
