// Session state, read tolerantly: the parser of `data.state`, the canvas, the draft summary, the export pre-check,
// generated-media extraction and the before/after diff. Guesses about unpublished shapes live in shape.ts only.
export { parseState, parseDraft, isExportReady, normaliseVolume, trackKind, emptyState } from "./parse";
export { extractMedia, kindFromUrl, kindFromWord } from "./media";
export { canvasLabel, canvasOf, normaliseRatio, ratioOf } from "./canvas";
export { summarizeDraft, seconds, trackLines } from "./summary";
export { diffStates, newMedia } from "./diff";
