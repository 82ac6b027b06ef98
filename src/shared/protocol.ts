/**
 * The one message map between the extension host and the chat webview.
 *
 * webview → host: requests `{type:"request", id, method, params}`, answered by
 * `{type:"response", id, ok, result | error}`. host → webview: notifications
 * `{type:"notify", name, payload}`. Every message is validated with zod on receipt, in both
 * directions; invalid ones are logged and dropped. Unknown fields are stripped (tolerant), wrong
 * types are refused. The chat reply streams as `chunk` notifications that share one message id.
 */
import { z } from "zod";

const id = z.string().min(1).max(128);
const shortText = z.string().max(4_000);

export const GeneratedMediaSchema = z.object({
  url: z.string().max(8_192),
  kind: z.enum(["image", "video", "audio", "unknown"]),
  key: z.string().max(8_192),
  name: z.string().max(1_000).optional(),
  mime: z.string().max(200).optional(),
  title: z.string().max(2_000).optional(),
});

export const GuiActionSchema = z.enum(["export", "credits", "show-state", "show-tracks"]);

export const ChatEventSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("text"), delta: z.string().max(1_000_000) }),
  z.object({ type: z.literal("tool"), name: z.string().max(200), phase: z.enum(["call", "result"]) }),
  z.object({ type: z.literal("heartbeat") }),
  z.object({ type: z.literal("still-working"), elapsedMs: z.number().nonnegative() }),
  z.object({ type: z.literal("action"), action: GuiActionSchema }),
  z.object({ type: z.literal("changes"), sentences: z.array(shortText).max(500) }),
  z.object({ type: z.literal("media"), media: z.array(GeneratedMediaSchema).max(200) }),
  z.object({
    type: z.literal("recovering"),
    attempt: z.number().int().nonnegative(),
    maxAttempts: z.number().int().nonnegative(),
    nextCheckMs: z.number().nonnegative(),
  }),
  z.object({ type: z.literal("notice"), message: shortText }),
]);

export const CreditsSchema = z.object({
  available: z.number(),
  frozen: z.number(),
  total: z.number(),
});

/** An error as the person sees it: one sentence, a next step, maybe a link. Never raw protocol text. */
export const ErrorInfoSchema = z.object({
  code: z.string().max(64),
  message: shortText,
  nextStep: shortText.optional(),
  link: z.string().max(4_096).optional(),
  retryable: z.boolean().optional(),
});

export const MediaItemSchema = z.object({
  media: GeneratedMediaSchema,
  /** Local copy for the preview (host cache); never sent to the network. */
  cachedPath: z.string().max(4_096).optional(),
  /** webview URI of the cached copy; filled by the host when it posts, not persisted. */
  previewUri: z.string().max(8_192).optional(),
  /** The preview copy could not be made (the item can still be saved). */
  previewFailed: z.boolean().optional(),
  /** Where "Save to workspace" put it. */
  savedPath: z.string().max(4_096).optional(),
});

export const ExportCardStageSchema = z.enum([
  "precheck",
  "submitting",
  "rendering",
  "downloading",
  "done",
  "failed",
  "cancelled",
]);

export const CardSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("credits"), credits: CreditsSchema }),
  z.object({
    type: z.literal("export"),
    stage: ExportCardStageSchema,
    percent: z.number().min(0).max(100).optional(),
    status: shortText.optional(),
    filePath: z.string().max(4_096).optional(),
  }),
  z.object({ type: z.literal("state"), summary: z.string().max(100_000), ready: z.boolean() }),
  z.object({ type: z.literal("upload"), files: z.array(z.string().max(4_096)).max(200) }),
]);

export const OfferSchema = z.enum(["export", "retry"]);

export const MessageStatusSchema = z.enum(["pending", "streaming", "done", "cancelled", "failed"]);

export const ChatMessageSchema = z.object({
  id,
  role: z.enum(["user", "agent", "system"]),
  createdAt: z.number(),
  text: z.string().max(2_000_000),
  status: MessageStatusSchema,
  /** Quiet one-line status: "working: generate_image", "Still working…", recovery. */
  activity: shortText.optional(),
  /** Status lines kept with the message: what changed, notices. */
  notes: z.array(shortText).max(1_000).default([]),
  media: z.array(MediaItemSchema).max(200).default([]),
  card: CardSchema.optional(),
  error: ErrorInfoSchema.optional(),
  offers: z.array(OfferSchema).max(10).default([]),
  /** Names of the files/URLs sent with a user message. */
  attachments: z.array(z.string().max(4_096)).max(200).default([]),
  /** For an agent reply: the user message it answers (Retry re-sends that one). */
  replyTo: id.optional(),
});

export const AttachmentSchema = z.object({
  id,
  kind: z.enum(["file", "url"]),
  name: z.string().max(4_096),
  size: z.number().nonnegative().optional(),
  state: z.enum(["ready", "invalid", "uploading", "uploaded", "failed"]),
  /** Why the file is refused (type, size) or why the upload failed. */
  reason: shortText.optional(),
  sentBytes: z.number().nonnegative().optional(),
  totalBytes: z.number().nonnegative().optional(),
});

export const RouteKindSchema = z.enum(["export", "credits", "state", "upload", "agent"]);

const empty = z.object({});
const accepted = z.object({ accepted: z.boolean(), reason: shortText.optional() });
const attachmentList = z.object({ attachments: z.array(AttachmentSchema).max(200) });

/** webview → host requests: name → [params, result]. */
export const requestSchemas = {
  ready: [empty, z.object({ ok: z.literal(true) })],
  send: [z.object({ text: z.string().max(100_000), attachmentIds: z.array(id).max(100).default([]) }), accepted],
  cancel: [empty, z.object({ cancelled: z.boolean() })],
  retry: [z.object({ messageId: id }), accepted],
  runAction: [z.object({ action: GuiActionSchema }), accepted],
  saveMedia: [z.object({ messageId: id, key: z.string().max(8_192) }), z.object({ path: z.string() })],
  revealFile: [z.object({ path: z.string().max(4_096) }), empty],
  openFile: [z.object({ path: z.string().max(4_096) }), empty],
  openLink: [z.object({ url: z.string().max(4_096) }), z.object({ opened: z.boolean() })],
  attach: [empty, attachmentList],
  uploadDropped: [z.object({ uris: z.array(z.string().max(8_192)).max(100) }), attachmentList],
  attachUrl: [z.object({ url: z.string().max(4_096) }), attachmentList],
  removeAttachment: [z.object({ id }), attachmentList],
  exportChat: [empty, z.object({ path: z.string().optional() })],
  estimate: [
    z.object({ text: z.string().max(100_000) }),
    z.object({ route: RouteKindSchema, cost: z.number().optional(), balance: z.number().optional(), noFolder: z.boolean().optional() }),
  ],
} as const satisfies Record<string, readonly [z.ZodType, z.ZodType]>;

/** host → webview notifications: name → payload. */
export const notifySchemas = {
  history: z.object({ messages: z.array(ChatMessageSchema).max(20_000), busy: z.boolean() }),
  message: z.object({ message: ChatMessageSchema }),
  chunk: z.object({ messageId: id, event: ChatEventSchema }),
  done: z.object({ messageId: id, status: MessageStatusSchema }),
  error: z.object({ messageId: id.optional(), error: ErrorInfoSchema }),
  credits: z.object({ credits: CreditsSchema.nullable() }),
  attachments: attachmentList,
  attachmentProgress: z.object({
    id,
    state: AttachmentSchema.shape.state,
    sentBytes: z.number().nonnegative(),
    totalBytes: z.number().nonnegative(),
  }),
  busy: z.object({ busy: z.boolean() }),
  focus: empty,
} as const;

export type RequestName = keyof typeof requestSchemas;
export type RequestParams<N extends RequestName> = z.input<(typeof requestSchemas)[N][0]>;
export type RequestParamsParsed<N extends RequestName> = z.output<(typeof requestSchemas)[N][0]>;
export type RequestResult<N extends RequestName> = z.output<(typeof requestSchemas)[N][1]>;
export type NotifyName = keyof typeof notifySchemas;
export type NotifyPayload<N extends NotifyName> = z.output<(typeof notifySchemas)[N]>;

export type ChatMessage = z.output<typeof ChatMessageSchema>;
export type ChatEventMsg = z.output<typeof ChatEventSchema>;
export type MediaItem = z.output<typeof MediaItemSchema>;
export type Card = z.output<typeof CardSchema>;
export type ErrorInfo = z.output<typeof ErrorInfoSchema>;
export type Credits = z.output<typeof CreditsSchema>;
export type Attachment = z.output<typeof AttachmentSchema>;
export type Offer = z.output<typeof OfferSchema>;
export type MessageStatus = z.output<typeof MessageStatusSchema>;
export type RouteKind = z.output<typeof RouteKindSchema>;

const RequestEnvelope = z.object({
  type: z.literal("request"),
  id: z.number().int().nonnegative(),
  method: z.string().max(64),
  params: z.unknown().optional(),
});

const ResponseEnvelope = z.discriminatedUnion("ok", [
  z.object({ type: z.literal("response"), id: z.number().int().nonnegative(), ok: z.literal(true), result: z.unknown().optional() }),
  z.object({ type: z.literal("response"), id: z.number().int().nonnegative(), ok: z.literal(false), error: ErrorInfoSchema }),
]);

const NotifyEnvelope = z.object({ type: z.literal("notify"), name: z.string().max(64), payload: z.unknown().optional() });

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

function issues(err: z.ZodError): string {
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
