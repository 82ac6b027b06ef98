/**
 * Saving every item a turn made: each is downloaded in turn; one that fails is logged and told as a
 * notice while the others are still saved. Throws CancelledError at once, and the first failure
 * when nothing could be saved.
 */
import type { ChatOptions } from "../api";
import { CancelledError, phrase, toNemoError } from "../errors";
import { describeError, type Logger } from "../support/logger";
import { noticeEvent } from "../support/notice";
import type { GeneratedMedia } from "../types";

/** The saved files' paths, in the order of `media`. */
export async function downloadEach(
  media: readonly GeneratedMedia[],
  download: (media: GeneratedMedia) => Promise<string>,
  opts: { onEvent?: ChatOptions["onEvent"]; logger: Logger },
): Promise<string[]> {
  const files: string[] = [];
  let firstError: unknown;
  for (const item of media) {
    try {
      files.push(await download(item));
    } catch (err) {
      if (err instanceof CancelledError) throw err;
      firstError ??= err;
      opts.logger.warn(`Could not download ${item.url}: ${describeError(err)}`);
      opts.onEvent?.(noticeEvent(phrase("Could not download one generated item: {0}", toNemoError(err).userMessage)));
    }
  }
  if (files.length === 0 && firstError !== undefined) throw toNemoError(firstError);
  return files;
}
