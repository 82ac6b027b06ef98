/**
 * Every UI string of the chat panel, in one place: id → English text with `{0}` placeholders.
 * The host translates each one with vscode.l10n.t(english) (so l10n/bundle.l10n.<lang>.json
 * applies: the English text is the key) and hands the table to the webview in the HTML
 * (`data-strings` on <body>); both sides then format through `makeTranslator`. Pure: no vscode, no DOM.
 */
import * as z from "zod/mini"; // a namespace import: esbuild keeps only what is used
import { fillTemplate } from "../core/errors";
import type { MediaKind } from "../core/types";

export const CHAT_STRINGS = {
  // panel
  emptyHint:
    "Describe what to generate, e.g. “generate a photorealistic image of a futuristic city at night”. Type “credits”, “status” or “export” any time. Attach files with the paperclip, paste a link, or hold Shift while dragging files here from the Explorer or your desktop.",
  panelError: "Something went wrong in the chat panel.",
  badAnswer: "The extension sent an unexpected answer.",
  savedTo: "Saved to {0}",
  handledHere: "Handled here, no credits: {0}.",
  costHint: "This will likely use about {0} credits.",
  costHintBalance: "This will likely use about {0} credits (balance {1}).",
  costHintLow: "This will likely use about {0} credits (balance {1}) — not enough credits.",
  balance: "Balance: {0} credits.",
  credits: "Credits",
  creditsAvailable: "{0} credits available",
  conversation: "Conversation",
  earlier: "{0} earlier messages — scroll up to load",
  jumpToLatest: "Jump to latest",
  jumpToLatestLabel: "Jump to the latest message",
  showMore: "Show more",
  showLess: "Show less",
  // composer
  placeholder: "Describe an image or clip… (Enter to send, Shift+Enter for a new line)",
  inputLabel: "Message to the Image Generation agent",
  newMessage: "New message",
  attachments: "Attachments",
  send: "Send",
  sendLabel: "Send message (Enter)",
  stop: "Stop",
  stopLabel: "Stop the running request (Escape)",
  attach: "Attach",
  // shape picker (webview/view/shape-picker.ts)
  shapeGroup: "Shape and style of what you generate",
  ratioLabel: "Aspect ratio",
  anyRatio: "Any ratio",
  styleLabel: "Style",
  noStyle: "No style",
  variationsLabel: "How many variations",
  oneImage: "1 image",
  nVariations: "{0} variations",
  attachLabel: "Attach files to upload",
  holdShift: "Hold Shift while dropping to attach files, or use the Attach button.",
  uploading: "Uploading {0}",
  remove: "Remove",
  removeLabel: "Remove {0}",
  // messages
  you: "You",
  agent: "Agent",
  system: "Image Generation",
  generatedClip: "Generated clip",
  generatedImage: "Generated image",
  generatedAudio: "Generated audio",
  generatedMediaItem: "Generated media",
  noPreview: "No preview available — save it to the workspace to open it.",
  preparingPreviewLabel: "Preparing preview",
  preparingPreview: "Preparing preview…",
  savedFile: "Saved: {0}",
  savedGone: "{0} was deleted or moved.",
  saveAgain: "Save again",
  previewGone: "Preview no longer available",
  downloadAgain: "Download again",
  downloadAgainLabel: "Download the preview again",
  openDefaultPlayer: "Open in default player",
  openInEditor: "Open in editor",
  cannotPlayVideo: "This panel cannot play this video.",
  cannotPlayAudio: "This panel plays the picture but not the sound (AAC).",
  fileGone: "{0} no longer exists.",
  openFile: "Open {0}",
  reveal: "Reveal",
  revealInExplorer: "Reveal {0} in the Explorer",
  revealFile: "Reveal {0}",
  // The output folder when a folder is open, else a save dialog asks where: one word for both.
  saveMedia: "Save",
  saveLabel: "Save {0}",
  insertIntoEditor: "Insert into editor",
  insertLabel: "Insert {0} into the editor at the cursor",
  insertNeedsEditor: "Open a document to insert the image into.",
  insertedText: "Inserted into the editor: {0}",
  waitingLabel: "Waiting for the agent",
  thinking: "Thinking…",
  stopped: "Stopped.",
  openLink: "Open link",
  exportMp4: "Export MP4",
  retry: "Retry",
  retryLabel: "Retry: send the message again",
  // cards
  stagePrecheck: "Checking the timeline…",
  stageSubmitting: "Starting the render…",
  stageRendering: "Rendering the MP4…",
  renderEstimate: "Rendering · about {0} % (estimate) · {1}",
  renderPercent: "Rendering {0} % · {1}",
  stageDownloading: "Downloading the MP4…",
  stageDone: "MP4 saved",
  stageFailed: "Export failed",
  stageCancelled: "Export stopped",
  exportInProgress: "Export in progress",
  exportProgress: "Export progress",
  available: "Available",
  reserved: "Reserved",
  total: "Total",
  timeline: "Timeline",
  uploadedOne: "Uploaded 1 item",
  uploadedMany: "Uploaded {0} items",
  // status lines (shared reducer, host and webview)
  working: "Working: {0}…",
  stillWorking: "Still working… ({0} min)",
  recovering: "Connection dropped — checking the timeline in {0} s ({1}/{2})",
  // host (controller, flows, attachments)
  goneMessage: "That message is no longer in the chat.",
  goneItem: "That item is no longer in the chat.",
  waitForReply: "Wait for the current reply, or press Stop.",
  typeFirst: "Type a message or attach a file first.",
  nothingToRetry: "There is nothing to retry.",
  noReply: "The agent finished without a reply, and the timeline did not change.",
  finishedAfterReload: "The window reloaded while the agent worked; here is what it made.",
  interruptedNothingFound: "Interrupted when the window reloaded, and nothing new showed up in the session. Type “status” to see the timeline.",
  interruptedUntracked: "Interrupted when the window reloaded; this reply has no job record, so what it made cannot be told apart from other work in the session. Type “status” to see the timeline.",
  interruptedNotSent: "Stopped before the message reached the agent: nothing was charged.",
  stoppedWaiting: "You stopped waiting after the message reached the agent; the session is watched for what it makes, for up to 10 minutes.",
  stillWatched: "The agent sent no news for a while after it got the message; the session is watched for what it makes, for up to 10 minutes.",
  finishedAfterStop: "Finished after you stopped waiting; here is what it made.",
  watchEndedNothing: "Nothing arrived within 10 minutes of watching. Type “status” to see the timeline.",
  watchingActivity: "Watching the session for the result…",
  sessionLostDivider: "Earlier messages belong to a previous session that the service no longer has.",
  notSent: "Not sent: no credits were spent.",
  mediaStaysInChat: "No folder open: media stays in the chat until saved.",
  emptyTimeline: "The timeline is empty: nothing has been generated yet.",
  onlyHttp: "Only http(s) links can be uploaded.",
  chatTitle: "Image Generation chat",
  replacedByKeep: "{0} now holds an edited version (Keep in the compare view); this picture is no longer in that file.",
} as const;

export type StringId = keyof typeof CHAT_STRINGS;
export type StringTable = Record<StringId, string>;
export type Translate = (id: StringId, ...args: Array<string | number>) => string;

export const STRING_IDS = Object.keys(CHAT_STRINGS) as StringId[];

/** The table as the webview receives it; validated like every message from the host. */
export const StringTableSchema = z.record(z.string().check(z.maxLength(64)), z.string().check(z.maxLength(2_000)));

/** The `{n}` placeholders of a template, sorted and de-duplicated. */
export function placeholders(template: string): string[] {
  return [...new Set(template.match(/\{\d+\}/g) ?? [])].sort();
}

/** Build the table by translating each English text (the host passes vscode.l10n.t). */
export function buildStringTable(translate: (english: string) => string): StringTable {
  const table = {} as StringTable;
  for (const id of STRING_IDS) table[id] = translate(CHAT_STRINGS[id]);
  return table;
}

/**
 * A `t(id, ...args)` over a (maybe partial, maybe untrusted) table: a missing entry, or one whose
 * placeholders differ from the English text, falls back to English.
 */
export function makeTranslator(table: Partial<Record<string, string>> = {}): Translate {
  const resolved = {} as StringTable;
  for (const id of STRING_IDS) {
    const english = CHAT_STRINGS[id];
    const given = Object.prototype.hasOwnProperty.call(table, id) ? table[id] : undefined;
    const same = given !== undefined && placeholders(given).join() === placeholders(english).join();
    resolved[id] = same && given ? given : english;
  }
  return (id, ...args) => fillTemplate(resolved[id], args);
}

const GENERATED_ID = {
  image: "generatedImage",
  video: "generatedClip",
  audio: "generatedAudio",
  unknown: "generatedMediaItem",
} as const satisfies Record<MediaKind, StringId>;

/** "Generated image" / "Generated clip"… in the table's language: the name of an item with no title. */
export function generatedWord(t: Translate): (kind: MediaKind) => string {
  return (kind) => t(GENERATED_ID[kind]);
}

/** English, for callers that were given no table (tests, the bench, the CLI). */
export const english: Translate = makeTranslator();
