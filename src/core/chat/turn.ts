/**
 * One chat turn: read the state, send the message once, show the stream, then report what changed.
 * A dropped stream is never re-sent (it would run and charge twice): the state is polled instead.
 * Depends only on TurnDeps, never on the HTTP code.
 */
import type { ChatOptions } from "../api";
import { CancelledError, NemoError, ServerError, isAbortError, toNemoError, phrase } from "../errors";
import { describeError, type Logger } from "../support/logger";
import { noticeEvent } from "../support/notice";
import { diffStates, emptyState, newMedia } from "../state";
import type { ChatEvent, ChatResult, GeneratedMedia, SessionState } from "../types";
import { createSseDecoder, type SseItem } from "./decoder";
import { MediaWatch } from "./media-watch";
import { recoverAfterDrop } from "./recovery";
import { TurnText } from "./text";
import type { TurnDeps } from "./turn-deps";
import { Watchdog } from "./watchdog";

export type { TurnDeps } from "./turn-deps";

export const NOTHING_CHANGED = phrase("The agent finished without a reply and nothing changed in the timeline.");
export const STATE_UNREADABLE = phrase("The agent finished without a reply, and the timeline could not be read to see what changed.");

/** Socket-level failures that mean "the request may have reached the agent; the answer was lost". */
const DROP_CODES = new Set(["UND_ERR_SOCKET", "ECONNRESET", "EPIPE", "ERR_STREAM_PREMATURE_CLOSE", "UND_ERR_CLOSED"]);

export function isDropError(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && typeof e === "object" && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && DROP_CODES.has(code)) return true;
    if ((e as { message?: unknown }).message === "terminated") return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

export function streamError(message: string): NemoError {
  return new ServerError("STREAM_ERROR", {
    userMessage: phrase("The agent reported an error: {0}", message),
    nextStep: phrase("Try again; if it keeps failing, rephrase the request."),
  });
}

function safeEmitter(opts: ChatOptions, logger: Logger): (event: ChatEvent) => void {
  return (event) => {
    try {
      opts.onEvent?.(event);
    } catch (err) {
      logger.warn(`chat: an event listener threw: ${describeError(err)}`);
    }
  };
}

async function readStateOr(deps: TurnDeps, signal: AbortSignal | undefined, what: string): Promise<SessionState | undefined> {
  try {
    return await deps.readState(signal);
  } catch (err) {
    if (signal?.aborted || err instanceof CancelledError) throw new CancelledError(signal?.reason ?? err);
    deps.logger.warn(`chat: could not read the state ${what}: ${describeError(err)}`);
    return undefined;
  }
}

/** A huge text event is read in slices this long (a few ms each), with a turn of the event loop between them (Ctrl-C). */
const SLICE = 8 * 1024;

/** Let timers, signals and I/O run (a person can stop a reply while a huge event is read). */
function yieldToLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** The same promise, marked handled: when a race is lost to an abort its late rejection is moot. */
function quiet<T>(p: Promise<T>): Promise<T> {
  p.catch(() => undefined);
  return p;
}

type StreamOutcome = "closed" | "dropped";

/** Sends the message and reads the stream until it closes. Throws on timeout, stream error, abort. */
async function streamTurn(
  deps: TurnDeps,
  message: string,
  signal: AbortSignal | undefined,
  text: TurnText,
  media: MediaWatch,
  emit: (event: ChatEvent) => void,
  named: Set<string>,
): Promise<StreamOutcome> {
  const { logger } = deps;
  const ctrl = new AbortController();
  let failure: NemoError | undefined;
  const fail = (err: NemoError): void => {
    if (failure) return;
    failure = err;
    ctrl.abort(err);
  };
  const onUserAbort = (): void => ctrl.abort(new CancelledError(signal?.reason));
  if (signal?.aborted) throw new CancelledError(signal.reason);
  signal?.addEventListener("abort", onUserAbort, { once: true });
  const aborted = new Promise<never>((_, reject) =>
    ctrl.signal.addEventListener("abort", () => reject(ctrl.signal.reason), { once: true }),
  );
  aborted.catch(() => undefined);

  const watchdog = new Watchdog(deps.clock, deps.timing, {
    stillWorking: (elapsedMs) => emit({ type: "still-working", elapsedMs }),
    timeout: fail,
  });
  const queue: SseItem[] = [];
  const feedText = async (item: Extract<SseItem, { kind: "text" }>): Promise<void> => {
    let fresh: string;
    let final = !item.partial;
    if (item.mayRepeat) ({ fresh, final } = text.acceptPiece(item.text));
    else fresh = item.partial ? text.acceptPartial(item.text) : text.acceptFinal(item.text);
    for (let o = 0; o < fresh.length; ) {
      if (o > 0) {
        await yieldToLoop();
        if (ctrl.signal.aborted) throw ctrl.signal.reason;
      }
      let end = Math.min(fresh.length, o + SLICE);
      const code = fresh.charCodeAt(end - 1);
      if (end < fresh.length && code >= 0xd800 && code <= 0xdbff) end--; // keep a character whole
      text.feed(fresh.slice(o, end));
      o = end;
    }
    if (final) text.boundary();
  };
  /** Handle the items the decoder produced, in order. */
  const drain = async (): Promise<void> => {
    for (let i = 0; i < queue.length; i++) {
      const item = queue[i];
      switch (item.kind) {
        case "text":
          watchdog.progress();
          await feedText(item);
          break;
        case "tool":
          watchdog.progress();
          text.boundary();
          emit({ type: "tool", name: item.name, phase: item.phase });
          for (const ref of item.media ?? []) named.add(ref);
          if (item.phase === "result") media.probe(); // a first stage may have landed in the state
          break;
        case "heartbeat":
          emit({ type: "heartbeat" });
          break;
        case "error":
          fail(streamError(item.message));
          break;
        case "malformed":
          break; // logged by the decoder, skipped
      }
      if (failure) break;
    }
    queue.length = 0;
  };

  let readError: unknown; // an error of the byte stream itself (not of our own code)
  let iterator: AsyncIterator<Uint8Array> | undefined;
  try {
    const stream = await Promise.race([quiet(deps.openStream(message, ctrl.signal)), aborted]);
    const decoder = createSseDecoder((item) => queue.push(item), logger);
    iterator = stream[Symbol.asyncIterator]();
    for (;;) {
      const r = await Promise.race([quiet(iterator.next()), aborted]).catch((e: unknown) => {
        readError = e;
        throw e;
      });
      if (r.done) break;
      decoder.push(r.value);
      await drain();
      if (failure) throw failure;
    }
    iterator = undefined;
    decoder.end();
    await drain();
    text.boundary();
    if (failure) throw failure;
    return "closed";
  } catch (err) {
    text.boundary();
    if (signal?.aborted) throw new CancelledError(signal.reason);
    if (failure) throw failure;
    if ((err === readError && !isAbortError(err)) || isDropError(err)) {
      logger.warn(`chat: the stream dropped: ${describeError(err)}`);
      return "dropped";
    }
    throw toNemoError(err);
  } finally {
    signal?.removeEventListener("abort", onUserAbort);
    if (iterator?.return) {
      // Really close the stream; do not wait for a stalled source.
      ctrl.abort(new CancelledError());
      Promise.resolve(iterator.return()).catch(() => undefined);
    }
    await Promise.all([watchdog.stop(), media.stop()]);
  }
}

/**
 * The media this turn made. Where its own function responses named media (named-media.ts), those
 * that are new in the state, and only those: another turn interleaved on the same session (another
 * process that did not wait, the web app) cannot slip its media in. Otherwise the state diff,
 * which is right while the turn holds the session (jobs/session-queue.ts).
 */
export function turnMedia(before: SessionState, after: SessionState, named: ReadonlySet<string>): GeneratedMedia[] {
  const fresh = newMedia(before, after);
  if (named.size === 0) return fresh;
  const own = fresh.filter((m) => named.has(m.key) || named.has(m.url));
  return own.length > 0 ? own : fresh; // named but not (yet) in the state: the diff is all there is
}

/** Runs one chat turn. See docs/CONTRACTS.md "Chat turn" and NEMO_API.md "The SSE stream". */
export async function runChatTurn(deps: TurnDeps, message: string, opts: ChatOptions): Promise<ChatResult> {
  const { logger } = deps;
  const signal = opts.signal;
  const emit = safeEmitter(opts, logger);
  if (signal?.aborted) throw new CancelledError(signal.reason);

  const before = (await readStateOr(deps, signal, "before the message")) ?? emptyState();
  deps.onBefore?.(before);
  const text = new TurnText(emit, opts.textMode);
  const media = new MediaWatch(deps, before, emit);
  const named = new Set<string>(); // keys and URLs the turn's own function responses name
  const outcome = await streamTurn(deps, message, signal, text, media, emit, named);

  if (outcome === "dropped") {
    const rec = await recoverAfterDrop(deps, before, signal, media, emit);
    return {
      outcome: "recovered",
      text: text.text.trim() ? text.text : rec.changes.join("\n"),
      changes: rec.changes,
      newMedia: rec.newMedia,
      actions: [...text.actions],
      state: rec.state,
    };
  }

  const after = await readStateOr(deps, signal, "after the stream");
  const changes = after ? diffStates(before, after) : [];
  const added = after ? turnMedia(before, after, named) : [];
  if (after) media.report(after);
  if (changes.length) emit({ type: "changes", sentences: changes });

  const silent = text.text.trim().length === 0 && text.actions.length === 0;
  let answer = text.text;
  if (silent) {
    if (changes.length) answer = changes.join("\n");
    else {
      const told = noticeEvent(after ? NOTHING_CHANGED : STATE_UNREADABLE);
      answer = told.message;
      emit(told);
    }
  }
  return {
    outcome: silent ? "silent-close" : "completed",
    text: answer,
    changes,
    newMedia: added,
    actions: [...text.actions],
    state: after,
  };
}
