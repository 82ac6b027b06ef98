/**
 * The chat's data as the host and the webview exchange it (protocol.ts): messages, media, cards,
 * events, attachments, errors. zod/mini schemas, checked on receipt on both sides; unknown fields
 * are stripped, wrong types refused, every string and list has a ceiling.
 */
import * as z from "zod/mini"; // a namespace import: esbuild keeps only what is used

export const IdSchema = z.string().check(z.minLength(1), z.maxLength(128));
export const ShortTextSchema = z.string().check(z.maxLength(4_000));

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
  z.object({ type: z.literal("changes"), sentences: z.array(ShortTextSchema).check(z.maxLength(500)) }),
  z.object({ type: z.literal("media"), media: z.array(GeneratedMediaSchema).check(z.maxLength(200)) }),
  z.object({
    type: z.literal("recovering"),
    attempt: z.int().check(z.nonnegative()),
    maxAttempts: z.int().check(z.nonnegative()),
    nextCheckMs: z.number().check(z.nonnegative()),
  }),
  z.object({ type: z.literal("notice"), message: ShortTextSchema }),
]);

export const CreditsSchema = z.object({
  available: z.number(),
  frozen: z.number(),
  total: z.number(),
});

/** An error as the person sees it: one sentence, a next step, maybe a link. Never raw protocol text. */
export const ErrorInfoSchema = z.object({
  code: z.string().check(z.maxLength(64)),
  message: ShortTextSchema,
  nextStep: z.optional(ShortTextSchema),
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
    status: z.optional(ShortTextSchema),
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
    tracks: z.optional(z.array(ShortTextSchema).check(z.maxLength(1_000))),
  }),
  z.object({ type: z.literal("upload"), files: z.array(z.string().check(z.maxLength(4_096))).check(z.maxLength(200)) }),
]);

export const OfferSchema = z.enum(["export", "retry"]);

export const MessageStatusSchema = z.enum(["pending", "streaming", "done", "cancelled", "failed"]);

export const ChatMessageSchema = z.object({
  id: IdSchema,
  role: z.enum(["user", "agent", "system"]),
  createdAt: z.number(),
  text: z.string().check(z.maxLength(2_000_000)),
  status: MessageStatusSchema,
  /** Quiet one-line status: "working: generate_image", "Still working…", recovery. */
  activity: z.optional(ShortTextSchema),
  /** Status lines kept with the message: what changed, notices. */
  notes: z._default(z.array(ShortTextSchema).check(z.maxLength(1_000)), []),
  media: z._default(z.array(MediaItemSchema).check(z.maxLength(200)), []),
  card: z.optional(CardSchema),
  error: z.optional(ErrorInfoSchema),
  offers: z._default(z.array(OfferSchema).check(z.maxLength(10)), []),
  /** Names of the files/URLs sent with a user message. */
  attachments: z._default(z.array(z.string().check(z.maxLength(4_096))).check(z.maxLength(200)), []),
  /** For an agent reply: the user message it answers (Retry re-sends that one). */
  replyTo: z.optional(IdSchema),
  /** An agent reply the window closed on: the agent kept working, so the host looks for what it made. */
  interrupted: z.optional(z.boolean()),
  /** A paid turn's job on the ledger (core/jobs): after a reload the reply is settled from its record. Older histories have none. */
  jobId: z.optional(z.string().check(z.maxLength(100))),
  /** A divider, not a message: "session-lost" — the messages above it belong to a session the service no longer has. */
  divider: z.optional(z.enum(["session-lost"])),
});

export const AttachmentSchema = z.object({
  id: IdSchema,
  kind: z.enum(["file", "url"]),
  name: z.string().check(z.maxLength(4_096)),
  size: z.optional(z.number().check(z.nonnegative())),
  state: z.enum(["ready", "invalid", "uploading", "uploaded", "failed"]),
  /** Why the file is refused (type, size) or why the upload failed. */
  reason: z.optional(ShortTextSchema),
  sentBytes: z.optional(z.number().check(z.nonnegative())),
  totalBytes: z.optional(z.number().check(z.nonnegative())),
});

export const RouteKindSchema = z.enum(["export", "credits", "state", "upload", "agent"]);

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
