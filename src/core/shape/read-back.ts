/**
 * Which ratio a result really has, read back from the session rather than assumed from the ask:
 * the state's `canvas_config` when it names a size or a ratio (NEMO_API.md, "canvas and draft
 * metadata": width, height, aspect ratio — unpublished, read tolerantly), else the media's own
 * pixel size (the generated_media entry's width/height, or the saved file's header).
 */
import { type AspectRatio, nearestAspectRatio, parseAspectRatio } from "./ratio";

export interface PixelSize {
  width: number;
  height: number;
}

const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) && v > 0 ? v : typeof v === "string" && /^\d+(\.\d+)?$/.test(v) ? Number(v) : undefined);

/** The canvas of a raw `data.state` (or its `state`), when it has one: size and/or ratio. */
export function canvasOf(rawState: unknown): { size?: PixelSize; ratio?: AspectRatio } | undefined {
  const obj = rawState && typeof rawState === "object" ? (rawState as Record<string, unknown>) : undefined;
  if (!obj) return undefined;
  const inner = obj.state && typeof obj.state === "object" ? (obj.state as Record<string, unknown>) : obj;
  const canvas = inner.canvas_config ?? inner.canvasConfig ?? inner.canvas;
  if (!canvas || typeof canvas !== "object") return undefined;
  const c = canvas as Record<string, unknown>;
  const width = num(c.width ?? c.w);
  const height = num(c.height ?? c.h);
  const rawRatio = [c.ratio, c.aspect_ratio, c.aspectRatio].find((v) => typeof v === "string") as string | undefined;
  const size = width && height ? { width, height } : undefined;
  const ratio = parseAspectRatio(rawRatio) ?? (size ? nearestAspectRatio(size.width, size.height) : undefined);
  return size || ratio ? { size, ratio } : undefined;
}

/** The ratio read back: the canvas's when present, else the media's pixel size; undefined when neither is known. */
export function readBackRatio(rawState: unknown, mediaSize?: PixelSize): AspectRatio | undefined {
  const canvas = canvasOf(rawState);
  if (canvas?.ratio) return canvas.ratio;
  return mediaSize ? nearestAspectRatio(mediaSize.width, mediaSize.height) : undefined;
}
