/**
 * The names of the chat protocol's messages and their schemas (protocol.ts carries them):
 * webview → host requests (params and result) and host → webview notifications (payload).
 */
import * as z from "zod/mini"; // a namespace import: esbuild keeps only what is used
import {
  AttachmentSchema,
  ChatEventSchema,
  ChatMessageSchema,
  CreditsSchema,
  ErrorInfoSchema,
  GuiActionSchema,
  IdSchema,
  MessageStatusSchema,
  RouteKindSchema,
  ShortTextSchema,
} from "./chat-schemas";

const empty = z.object({});
const accepted = z.object({ accepted: z.boolean(), reason: z.optional(ShortTextSchema) });
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
    z.object({ text: z.string().check(z.maxLength(100_000)), attachmentIds: z._default(z.array(IdSchema).check(z.maxLength(100)), []), shape: z.optional(ShapeChoiceSchema) }),
    accepted,
  ],
  /** The ratios and styles the shape picker offers (built-in and the `imageGeneration.styles` setting). */
  shapeOptions: [empty, ShapeOptionsSchema],
  cancel: [empty, z.object({ cancelled: z.boolean() })],
  retry: [z.object({ messageId: IdSchema }), accepted],
  runAction: [z.object({ action: GuiActionSchema }), accepted],
  saveMedia: [z.object({ messageId: IdSchema, key: z.string().check(z.maxLength(8_192)) }), z.object({ path: z.string() })],
  /** Save (if needed) and insert the image's markup at the cursor of the active editor. */
  insertMedia: [
    z.object({ messageId: IdSchema, key: z.string().check(z.maxLength(8_192)) }),
    z.object({ path: z.string(), text: z.string().check(z.maxLength(20_000)) }),
  ],
  revealFile: [z.object({ path: z.string().check(z.maxLength(4_096)) }), empty],
  openFile: [z.object({ path: z.string().check(z.maxLength(4_096)) }), empty],
  openExternalFile: [z.object({ path: z.string().check(z.maxLength(4_096)) }), z.object({ opened: z.boolean() })],
  redownloadPreview: [z.object({ messageId: IdSchema, key: z.string().check(z.maxLength(8_192)) }), empty],
  openLink: [z.object({ url: z.string().check(z.maxLength(4_096)) }), z.object({ opened: z.boolean() })],
  attach: [empty, attachmentList],
  uploadDropped: [z.object({ uris: z.array(z.string().check(z.maxLength(8_192))).check(z.maxLength(100)) }), attachmentList],
  attachUrl: [z.object({ url: z.string().check(z.maxLength(4_096)) }), attachmentList],
  removeAttachment: [z.object({ id: IdSchema }), attachmentList],
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
  chunk: z.object({ messageId: IdSchema, event: ChatEventSchema }),
  done: z.object({ messageId: IdSchema, status: MessageStatusSchema }),
  error: z.object({ messageId: z.optional(IdSchema), error: ErrorInfoSchema }),
  credits: z.object({ credits: z.nullable(CreditsSchema) }),
  attachments: attachmentList,
  attachmentProgress: z.object({
    id: IdSchema,
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
