/**
 * The stream items both event shapes map to (./adk-events.ts, ./flat-events.ts), and the one
 * sanitiser of in-stream error messages. The chat turn (./turn.ts) only ever sees these items.
 */

export type SseItem =
  /** Agent text: a streaming piece (partial) or the whole text of a model response (final). */
  | {
      kind: "text";
      text: string;
      partial: boolean;
      turnComplete: boolean;
      /**
       * Only on pieces of the flat shape (which has no partial flag): the piece may be the
       * response's (or the turn's) whole text again; TurnText.acceptPiece decides.
       */
      mayRepeat?: true;
    }
  | {
      kind: "tool";
      name: string;
      phase: "call" | "result";
      /** A result that names the media it made (named-media.ts): their keys and URLs. */
      media?: string[];
    }
  /** SSE comment (`: ping`), an empty `data:` line, or a flat `{"type":"heartbeat"}` event. */
  | { kind: "heartbeat" }
  /** `{"error": "..."}` (or a flat `{"type":"error"}`) inside the stream; message is short and sanitised. */
  | { kind: "error"; message: string }
  /** A payload that is not JSON or not an event; skipped. */
  | { kind: "malformed"; reason: string };


const MAX_ERROR_CHARS = 200;

/** A short single line, control characters removed, nothing that looks like a token. */
export function sanitiseErrorMessage(value: unknown): string {
  let text: string;
  if (typeof value === "string") text = value;
  else if (typeof value === "object" && value !== null) {
    const m = (value as { message?: unknown }).message;
    text = typeof m === "string" ? m : JSON.stringify(value);
  } else text = String(value);
  text = text
    // eslint-disable-next-line no-control-regex -- stripping control characters is the point
    .replace(/[\u0000-\u001f\u007f\s]+/g, " ")
    .replace(/nmv_[A-Za-z0-9]+_[A-Za-z0-9._~+/=-]+/g, "nmv_***")
    .replace(/(Bearer\s+)\S+/gi, "$1***")
    .trim();
  if (text.length > MAX_ERROR_CHARS) text = `${text.slice(0, MAX_ERROR_CHARS - 1)}…`;
  return text || "The agent reported an error.";
}

