/**
 * The one message map between the extension host and the chat webview.
 *
 * webview → host: requests `{type:"request", id, method, params}`, answered by
 * `{type:"response", id, ok, result | error}`. host → webview: notifications
 * `{type:"notify", name, payload}`. Every message is validated with zod on receipt, in both
 * directions; invalid ones are logged and dropped. Unknown fields are stripped (tolerant), wrong
 * types are refused. The chat reply streams as `chunk` notifications that share one message id.
 * Written with zod's tree-shakable `zod/mini` (the webview bundle stays small); the checks are
 * the same on both sides.
 */
import * as z from "zod/mini"; // a namespace import: esbuild keeps only what is used

const id = z.string().check(z.minLength(1), z.maxLength(128));
const shortText = z.string().check(z.maxLength(4_000));

export const GeneratedMediaSchema = z.object({
  url: z.string().check(z.maxLength(8_192)),
  kind: z.enum(["image", "video", "audio", "unknown"]),
  key: z.string().check(z.maxLength(8_192)),
  name: z.optional(z.string().check(z.maxLength(1_000))),
  mime: z.optional(z.string().check(z.maxLength(200))),
  title: z.optional(z.string().check(z.maxLength(2_000))),
  createdAtMs: z.optional(z.number().check(z.nonnegative())),
});

export const GuiActionSchema = z.enum(["export", "credits", "show-state", "show-tracks"]);

export const ChatEventSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("text"), delta: z.string().check(z.maxLength(1_000_000)) }),
  /** Replaces the tail of the streaming text with nothing: the last `chars` characters were GUI talk. */
  z.object({ type: z.literal("retract"), chars: z.int().check(z.nonnegative(), z.maximum(2_000_000)) }),
  z.object({
    type: z.literal("tool"),
    name: z.string().check(z.maxLength(200)),
    phase: z.enum(["call", "result"]),
    /** What the tool does, in the host's language ("Generating an image…"); set by the host. */
    label: z.optional(z.string().check(z.maxLength(300))),
  }),
  z.object({ type: z.literal("heartbeat") }),
  z.object({ type: z.literal("still-working"), elapsedMs: z.number().check(z.nonnegative()) }),
  z.object({ type: z.literal("action"), action: GuiActionSchema }),
  z.object({ type: z.literal("changes"), sentences: z.array(shortText).check(z.maxLength(500)) }),
  z.object({ type: z.literal("media"), media: z.array(GeneratedMediaSchema).check(z.maxLength(200)) }),
  z.object({
    type: z.literal("recovering"),
    attempt: z.int().check(z.nonnegative()),
    maxAttempts: z.int().check(z.nonnegative()),
    nextCheckMs: z.number().check(z.nonnegative()),
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
  code: z.string().check(z.maxLength(64)),
  message: shortText,
  nextStep: z.optional(shortText),
  link: z.optional(z.string().check(z.maxLength(4_096))),
  retryable: z.optional(z.boolean()),
});

export const MediaItemSchema = z.object({
  media: GeneratedMediaSchema,
  /** Local copy for the preview (host cache); never sent to the network. */
  cachedPath: z.optional(z.string().check(z.maxLength(4_096))),
  /** webview URI of the cached copy; filled by the host when it posts, not persisted. */
  previewUri: z.optional(z.string().check(z.maxLength(8_192))),
  /** The preview copy could not be made (the item can still be saved). */
  previewFailed: z.optional(z.boolean()),
  /** Where "Save" put it. */
  savedPath: z.optional(z.string().check(z.maxLength(4_096))),
  /** Set by the host when it posts: the cached preview file is gone (not persisted). */
  previewMissing: z.optional(z.boolean()),
  /** Set by the host when it posts: the saved file was deleted or moved (not persisted). */
  savedMissing: z.optional(z.boolean()),
  /**
   * Set by the host when it posts: the name people read (title, the prompt it answered, or
   * "Generated image · 14:05"; core/media/media-name.ts), never the backend's file id. Not persisted.
   */
  label: z.optional(z.string().check(z.maxLength(1_000))),
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
    percent: z.optional(z.number().check(z.minimum(0), z.maximum(100))),
    status: z.optional(shortText),
    filePath: z.optional(z.string().check(z.maxLength(4_096))),
    /** The render this card follows: after a reload the card shows what the export record (the job ledger) says. */
    renderId: z.optional(z.string().check(z.maxLength(200))),
    /** webview URI of the finished MP4, for the player; filled by the host when it posts. */
    previewUri: z.optional(z.string().check(z.maxLength(8_192))),
  }),
  z.object({
    type: z.literal("state"),
    summary: z.string().check(z.maxLength(100_000)),
    ready: z.boolean(),
    /** One line per track ("1. Video: city timelapse (0-10s)"), shown as a list. */
    tracks: z.optional(z.array(shortText).check(z.maxLength(1_000))),
  }),
  z.object({ type: z.literal("upload"), files: z.array(z.string().check(z.maxLength(4_096))).check(z.maxLength(200)) }),
]);

export const OfferSchema = z.enum(["export", "retry"]);

export const MessageStatusSchema = z.enum(["pending", "streaming", "done", "cancelled", "failed"]);

export const ChatMessageSchema = z.object({
  id,
  role: z.enum(["user", "agent", "system"]),
  createdAt: z.number(),
  text: z.string().check(z.maxLength(2_000_000)),
  status: MessageStatusSchema,
  /** Quiet one-line status: "working: generate_image", "Still working…", recovery. */
  activity: z.optional(shortText),
  /** Status lines kept with the message: what changed, notices. */
  notes: z._default(z.array(shortText).check(z.maxLength(1_000)), []),
  media: z._default(z.array(MediaItemSchema).check(z.maxLength(200)), []),
  card: z.optional(CardSchema),
  error: z.optional(ErrorInfoSchema),
  offers: z._default(z.array(OfferSchema).check(z.maxLength(10)), []),
  /** Names of the files/URLs sent with a user message. */
  attachments: z._default(z.array(z.string().check(z.maxLength(4_096))).check(z.maxLength(200)), []),
  /** For an agent reply: the user message it answers (Retry re-sends that one). */
  replyTo: z.optional(id),
  /** An agent reply the window closed on: the agent kept working, so the host looks for what it made. */
  interrupted: z.optional(z.boolean()),
  /** A paid turn's job on the ledger (core/jobs): after a reload the reply is settled from its record. Older histories have none. */
  jobId: z.optional(z.string().check(z.maxLength(100))),
  /** A divider, not a message: "session-lost" — the messages above it belong to a session the service no longer has. */
  divider: z.optional(z.enum(["session-lost"])),
});

export const AttachmentSchema = z.object({
  id,
  kind: z.enum(["file", "url"]),
  name: z.string().check(z.maxLength(4_096)),
  size: z.optional(z.number().check(z.nonnegative())),
  state: z.enum(["ready", "invalid", "uploading", "uploaded", "failed"]),
  /** Why the file is refused (type, size) or why the upload failed. */
  reason: z.optional(shortText),
  sentBytes: z.optional(z.number().check(z.nonnegative())),
  totalBytes: z.optional(z.number().check(z.nonnegative())),
});

export const RouteKindSchema = z.enum(["export", "credits", "state", "upload", "agent"]);

const empty = z.object({});
const accepted = z.object({ accepted: z.boolean(), reason: z.optional(shortText) });
const attachmentList = z.object({ attachments: z.array(AttachmentSchema).check(z.maxLength(200)) });

/** The chat's shape picker: ratio, style id, 2–4 variations (checked again by the core's shape rule). */
const ShapeChoiceSchema = z.object({
  ratio: z.optional(z.string().check(z.maxLength(8))),
  style: z.optional(z.string().check(z.maxLength(60))),
  variations: z.optional(z.int().check(z.minimum(1), z.maximum(4))),
});
const ShapeOptionsSchema = z.object({
  ratios: z.array(z.string().check(z.maxLength(8))).check(z.maxLength(20)),
  styles: z.array(z.object({ id: z.string().check(z.maxLength(60)), label: z.string().check(z.maxLength(60)) })).check(z.maxLength(100)),
});
export type ShapeChoice = z.output<typeof ShapeChoiceSchema>;
/** A shape choice from an untyped caller (a command argument); undefined when it is not one. */
export function parseShapeChoice(raw: unknown): ShapeChoice | undefined {
  const r = ShapeChoiceSchema.safeParse(raw);
  return r.success ? r.data : undefined;
}
export type ShapeOptions = z.output<typeof ShapeOptionsSchema>;

/** webview → host requests: name → [params, result]. */
export const requestSchemas = {
  ready: [empty, z.object({ ok: z.literal(true) })],
  send: [
    z.object({ text: z.string().check(z.maxLength(100_000)), attachmentIds: z._default(z.array(id).check(z.maxLength(100)), []), shape: z.optional(ShapeChoiceSchema) }),
    accepted,
  ],
  /** The ratios and styles the shape picker offers (built-in and the `imageGeneration.styles` setting). */
  shapeOptions: [empty, ShapeOptionsSchema],
  cancel: [empty, z.object({ cancelled: z.boolean() })],
  retry: [z.object({ messageId: id }), accepted],
  runAction: [z.object({ action: GuiActionSchema }), accepted],
  saveMedia: [z.object({ messageId: id, key: z.string().check(z.maxLength(8_192)) }), z.object({ path: z.string() })],
  /** Save (if needed) and insert the image's markup at the cursor of the active editor. */
  insertMedia: [
    z.object({ messageId: id, key: z.string().check(z.maxLength(8_192)) }),
    z.object({ path: z.string(), text: z.string().check(z.maxLength(20_000)) }),
  ],
  revealFile: [z.object({ path: z.string().check(z.maxLength(4_096)) }), empty],
  openFile: [z.object({ path: z.string().check(z.maxLength(4_096)) }), empty],
  openExternalFile: [z.object({ path: z.string().check(z.maxLength(4_096)) }), z.object({ opened: z.boolean() })],
  redownloadPreview: [z.object({ messageId: id, key: z.string().check(z.maxLength(8_192)) }), empty],
  openLink: [z.object({ url: z.string().check(z.maxLength(4_096)) }), z.object({ opened: z.boolean() })],
  attach: [empty, attachmentList],
  uploadDropped: [z.object({ uris: z.array(z.string().check(z.maxLength(8_192))).check(z.maxLength(100)) }), attachmentList],
  attachUrl: [z.object({ url: z.string().check(z.maxLength(4_096)) }), attachmentList],
  removeAttachment: [z.object({ id }), attachmentList],
  exportChat: [empty, z.object({ path: z.optional(z.string()) })],
  estimate: [
    z.object({ text: z.string().check(z.maxLength(100_000)), shape: z.optional(ShapeChoiceSchema) }),
    z.object({ route: RouteKindSchema, cost: z.optional(z.number()), balance: z.optional(z.number()), noFolder: z.optional(z.boolean()) }),
  ],
} as const satisfies Record<string, readonly [z.ZodMiniType, z.ZodMiniType]>;

/** host → webview notifications: name → payload. */
export const notifySchemas = {
  history: z.object({ messages: z.array(ChatMessageSchema).check(z.maxLength(20_000)), busy: z.boolean() }),
  message: z.object({ message: ChatMessageSchema }),
  chunk: z.object({ messageId: id, event: ChatEventSchema }),
  done: z.object({ messageId: id, status: MessageStatusSchema }),
  error: z.object({ messageId: z.optional(id), error: ErrorInfoSchema }),
  credits: z.object({ credits: z.nullable(CreditsSchema) }),
  attachments: attachmentList,
  attachmentProgress: z.object({
    id,
    state: AttachmentSchema.shape.state,
    sentBytes: z.number().check(z.nonnegative()),
    totalBytes: z.number().check(z.nonnegative()),
  }),
  busy: z.object({ busy: z.boolean() }),
  focus: empty,
  /** "Regenerate from this File" into the chat: the prompt in the input and the file's ratio and style in the picker. */
  prefill: z.object({ text: z.string().check(z.maxLength(100_000)), shape: z.optional(ShapeChoiceSchema) }),
  /** Whether a text editor is open (enables "Insert into editor"). */
  editor: z.object({ open: z.boolean() }),
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
