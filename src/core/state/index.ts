/**
 * Session state: the tolerant parser of `data.state`, the canvas (`canvasOf`), the draft summary, the export pre-check,
 * generated-media extraction and the before/after diff. Guesses about unpublished shapes live in
 * ./state/shape.ts only. Nothing here throws on bad input.
 */
export { parseState, parseDraft, isExportReady, normaliseVolume, trackKind, emptyState } from "./parse";
export { extractMedia, kindFromUrl, kindFromWord } from "./media";
export { canvasLabel, canvasOf, normaliseRatio, ratioOf } from "./canvas";
export { summarizeDraft, seconds, trackLines } from "./summary";
export { diffStates, newMedia } from "./diff";
