/**
 * The upload calls of NemoClient: every file checked before any byte is sent, then one multipart
 * POST (streamed from disk); links validated and sent as JSON. Throws InputError for no file, a
 * refused file or link, and what ApiCaller throws.
 */
import type { CallOptions, UploadOptions } from "../api";
import { InputError, phrase } from "../errors";
import type { ApiCaller } from "../http/caller";
import { endpoints } from "../http/endpoints";
import type { UploadResult } from "../types";
import { checkUploadFile, checkUploadUrls, multipartBody, parseUploadFiles } from "./upload";

/** Uploads local files (paths) to the workspace session. */
export async function uploadFiles(caller: ApiCaller, paths: string[], opts: UploadOptions = {}): Promise<UploadResult> {
  if (paths.length === 0) throw new InputError("BAD_INPUT", {
      userMessage: phrase("No file to upload."),
      nextStep: phrase("Pick at least one file."),
    });
  const checked = [];
  for (const p of paths) checked.push(await checkUploadFile(p)); // every file before any byte
  const body = multipartBody(checked, { signal: opts.signal, onProgress: opts.onProgress });
  const data = await caller.json(endpoints.uploadFiles(body, opts.signal));
  return { files: checked.map((f) => f.name), uploaded: parseUploadFiles(data), data };
}

/** Sends links (http(s) URLs) to the workspace session as uploads. */
export async function uploadUrls(caller: ApiCaller, urls: string[], opts: CallOptions = {}): Promise<UploadResult> {
  const valid = checkUploadUrls(urls);
  const data = await caller.json(endpoints.uploadUrls(valid, opts.signal));
  return { files: valid, uploaded: parseUploadFiles(data), data };
}
