/**
 * Editing an image with a prompt: the file checked (the one media-type rule, on its bytes) before
 * anything is sent, uploaded to the session, the instruction sent to the agent (framing.ts), and
 * the image it returns saved beside the original as a new version (version-name.ts), never over
 * it, carrying its provenance record like every saved image. Every step takes the caller's
 * AbortSignal, so a cancel really aborts the request in flight. Editor-free: the extension, and
 * any other surface, call `editImage`.
 */
import * as path from "node:path";
import type { NemoClientApi } from "../api";
import { InputError, phrase, ServerError } from "../errors";
import { UPLOAD_EXTENSIONS } from "../media/formats";
import { mediaTypeOf, mediaTypeOfName, readHead, type MediaType } from "../media/media-type";
import type { ChatEvent, DownloadProgress, GeneratedMedia, UploadProgress } from "../types";
import { readProvenance } from "../provenance";
import { cleanInstruction, editedPrompt, editMessage } from "./framing";
import { editVersionName } from "./version-name";

/** The image types an edit takes (mime types of the media-type rule). */
export const EDITABLE_MIME_TYPES: readonly string[] = ["image/png", "image/jpeg", "image/webp"];
/** The same as file name extensions, from the one upload list (formats.ts): png, jpg, jpeg, webp (the Explorer menu's `when` clause). */
export const EDITABLE_EXTENSIONS: readonly string[] = UPLOAD_EXTENSIONS.filter((e) => EDITABLE_MIME_TYPES.includes(mediaTypeOfName(`x.${e}`)?.mime ?? ""));

/** File-picker filter extensions for an image to edit: each in lower and upper case (as `uploadFilterExtensions`). */
export function editFilterExtensions(): string[] {
  return [...EDITABLE_EXTENSIONS, ...EDITABLE_EXTENSIONS.map((e) => e.toUpperCase())];
}

export interface EditableImage {
  path: string;
  name: string;
  /** Bytes. */
  size: number;
  type: MediaType;
}

function notAnImage(name: string): InputError {
  return new InputError("UNSUPPORTED_FILE", {
    userMessage: phrase('"{0}" is not a PNG, JPEG or WebP image.', name),
    nextStep: phrase("Pick a .png, .jpg or .webp image to edit."),
  });
}

/**
 * Whether `file` can be edited, before a byte is sent. The bytes decide (media-type.ts
 * `mediaTypeOf` with the file's head only: a name can lie, "notes.png" holding text is refused);
 * then the upload's own check (accepted extension, ≤ 200 MB). Throws InputError
 * (UNSUPPORTED_FILE, FILE_TOO_LARGE, BAD_INPUT when it cannot be read).
 */
export async function checkEditableImage(client: Pick<NemoClientApi, "checkUploadFile">, file: string): Promise<EditableImage> {
  const name = path.basename(file);
  let head: Buffer;
  try {
    head = await readHead(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "EISDIR") throw notAnImage(name);
    throw new InputError("BAD_INPUT", {
      cause: err,
      userMessage: phrase('"{0}" cannot be read ({1}).', name, code ?? "error"),
      nextStep: phrase("Check the path and try again."),
    });
  }
  const type = mediaTypeOf({ head });
  if (!type || !EDITABLE_MIME_TYPES.includes(type.mime)) throw notAnImage(name);
  const checked = await client.checkUploadFile(file);
  return { path: file, name: checked.name, size: checked.size, type };
}

export type EditStage = "uploading" | "editing" | "saving";

export interface EditOptions {
  /** The image to edit (absolute path). */
  source: string;
  /** What to change, in the person's words. */
  instruction: string;
  signal?: AbortSignal;
  /** Each step as it starts. */
  onStage?: (stage: EditStage) => void;
  onUploadProgress?: (p: UploadProgress) => void;
  /** The agent's turn, as the chat sees it (text, tools, notices). */
  onEvent?: (event: ChatEvent) => void;
  onDownloadProgress?: (p: DownloadProgress) => void;
}

export interface EditResult {
  /** The original, untouched. */
  source: string;
  /** The new version beside it ("harbour-edit-1.png"). */
  file: string;
  instruction: string;
  /** The agent's words of the turn. */
  text: string;
  media: GeneratedMedia;
}

/** An edit ready to send: the checked image, the clean instruction, the agent's message and the source's record. */
export interface PreparedEdit {
  image: EditableImage;
  instruction: string;
  /** What is sent to the agent (framing.ts editMessage). */
  message: string;
  /** The source's provenance (prompt, style, ratio), carried over to the version's. */
  sourceRecord?: { prompt?: string; style?: string; ratio?: string };
}

/**
 * Checks the instruction and the file before any request (the first step of `editImage`). Throws
 * InputError (BAD_INPUT for an empty instruction; checkEditableImage's errors for the file).
 */
export async function prepareEdit(client: Pick<NemoClientApi, "checkUploadFile">, source: string, rawInstruction: string): Promise<PreparedEdit> {
  const instruction = cleanInstruction(rawInstruction);
  if (!instruction) {
    throw new InputError("BAD_INPUT", {
      userMessage: phrase("The instruction is empty."),
      nextStep: phrase("Say what to change in the picture, e.g. make the sky pink."),
    });
  }
  const image = await checkEditableImage(client, source);
  const sourceRecord = await readProvenance(image.path).catch(() => undefined);
  return { image, instruction, message: editMessage(image.name, instruction), sourceRecord };
}

/**
 * Saves the turn's first image beside the original as the next free version name
 * ("harbour-edit-1.png", version-name.ts), with the source's provenance plus the edit. Resolves to
 * the saved file and the media it came from. Throws ServerError (SERVER) when the turn has no
 * image, CancelledError on `signal`, and the download's errors otherwise.
 */
export async function saveEditVersion(
  client: Pick<NemoClientApi, "downloadMedia">,
  edit: PreparedEdit,
  newMedia: readonly GeneratedMedia[],
  opts: { signal?: AbortSignal; onProgress?: (p: DownloadProgress) => void } = {},
): Promise<{ file: string; media: GeneratedMedia }> {
  const media = newMedia.find((m) => m.kind === "image");
  if (!media) {
    throw new ServerError("SERVER", {
      userMessage: phrase("The agent answered without an edited image."),
      nextStep: phrase("Try again, saying what to change in the picture."),
    });
  }
  const { image, sourceRecord, instruction } = edit;
  const file = await client.downloadMedia(media, {
    outDir: path.dirname(image.path),
    fileName: editVersionName(image.name, 1),
    nameAt: (n) => editVersionName(image.name, n),
    prompt: editedPrompt(sourceRecord?.prompt, instruction),
    style: sourceRecord?.style,
    ratio: sourceRecord?.ratio,
    signal: opts.signal,
    onProgress: opts.onProgress,
  });
  return { file, media };
}

/**
 * Edit `source` with `instruction`; resolves to the saved new version. Throws InputError before
 * any request for a wrong file or an empty instruction, CancelledError when `signal` aborts,
 * ServerError (SERVER) when the agent answers without an image, and the client's errors otherwise.
 * (The editor's command runs the same steps as a job on the ledger: prepareEdit, the upload, the
 * turn, saveEditVersion.)
 */
export async function editImage(client: NemoClientApi, opts: EditOptions): Promise<EditResult> {
  const edit = await prepareEdit(client, opts.source, opts.instruction);
  opts.onStage?.("uploading");
  await client.uploadFiles([edit.image.path], { signal: opts.signal, onProgress: opts.onUploadProgress });
  opts.onStage?.("editing");
  const turn = await client.chat(edit.message, { signal: opts.signal, onEvent: opts.onEvent });
  opts.onStage?.("saving");
  const { file, media } = await saveEditVersion(client, edit, turn.newMedia, { signal: opts.signal, onProgress: opts.onDownloadProgress });
  return { source: edit.image.path, file, instruction: edit.instruction, text: turn.text, media };
}
