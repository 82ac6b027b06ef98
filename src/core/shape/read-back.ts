/**
 * Which ratio a result really has, read back from the session rather than assumed from the ask:
 * the session's canvas when it names a size or a ratio (read by the one canvas reader,
 * state/canvas.ts `parseCanvas`), else the media's own pixel size (the saved file's header).
 * Reported as the nearest preset (1080×1920 → 9:16).
 */
import type { Canvas } from "../types";
import { type AspectRatio, nearestAspectRatio, parseAspectRatio } from "./ratio";

export interface PixelSize {
  width: number;
  height: number;
}

/** The preset nearest to a canvas (its ratio first, else its size); undefined when it says neither. */
function canvasRatio(canvas: Canvas | undefined): AspectRatio | undefined {
  if (!canvas) return undefined;
  const named = parseAspectRatio(canvas.ratio);
  if (named) return named;
  const m = canvas.ratio ? /^(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)$/.exec(canvas.ratio) : null;
  if (m) return nearestAspectRatio(Number(m[1]), Number(m[2]));
  return canvas.width && canvas.height ? nearestAspectRatio(canvas.width, canvas.height) : undefined;
}

/** The ratio read back: the canvas's when present, else the media's pixel size; undefined when neither is known. */
export function readBackRatio(canvas: Canvas | undefined, mediaSize?: PixelSize): AspectRatio | undefined {
  return canvasRatio(canvas) ?? (mediaSize ? nearestAspectRatio(mediaSize.width, mediaSize.height) : undefined);
}


