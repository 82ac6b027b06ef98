/**
 * The project's canvas from `canvas_config` (unpublished in NEMO_API.md; the vendor's API reference
 * gives it width, height and aspect ratio — NEMO_API.md "Variants"). Field names are guessed in
 * ./shape.ts (STATE_FIELDS.canvas*) and read by parseState (./parse.ts); `canvasOf(state)` is the one
 * reader for everyone who needs the canvas or its ratio (the Session view, the aspect-ratio rules of
 * generation). No schema library here: the activation bundle (the Session view) imports this file.
 * Never throws.
 */
import type { Canvas, SessionState } from "../types";

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** "W:H" in lowest terms from two positive integers. */
export function ratioOf(width: number, height: number): string {
  const g = gcd(width, height) || 1;
  return `${width / g}:${height / g}`;
}

/** A sent ratio ("16:9", "16/9", "16x9", or 1.7778) as "W:H"; undefined when unreadable. */
export function normaliseRatio(value: unknown): string | undefined {
  if (typeof value === "number") return Number.isFinite(value) && value > 0 ? ratioFromNumber(value) : undefined;
  if (typeof value !== "string") return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*[:/x×]\s*(\d+(?:\.\d+)?)\s*$/i.exec(value);
  if (!m) {
    const n = Number(value);
    return Number.isFinite(n) && n > 0 ? ratioFromNumber(n) : undefined;
  }
  const w = Number(m[1]);
  const h = Number(m[2]);
  if (!(w > 0 && h > 0)) return undefined;
  if (Number.isInteger(w) && Number.isInteger(h)) return `${w}:${h}`; // as sent ("21:9" stays, not 7:3)
  return ratioFromNumber(w / h);
}

const COMMON: [number, number][] = [[16, 9], [9, 16], [1, 1], [4, 3], [3, 4], [4, 5], [5, 4], [21, 9], [3, 2], [2, 3]];

/** A number (1.7778) as the nearest common ratio within 1 %, else as "1.78:1". */
function ratioFromNumber(n: number): string {
  for (const [w, h] of COMMON) if (Math.abs(w / h - n) / n < 0.01) return `${w}:${h}`;
  return `${Math.round(n * 100) / 100}:1`;
}

/** The session's canvas, or undefined when the state has none (yet). */
export function canvasOf(state: SessionState | undefined): Canvas | undefined {
  return state?.canvas;
}

/** "1920×1080 · 16:9", "1920×1080", "16:9"; undefined when there is nothing to say. */
export function canvasLabel(canvas: Canvas | undefined): string | undefined {
  if (!canvas) return undefined;
  const size = canvas.width && canvas.height ? `${canvas.width}×${canvas.height}` : undefined;
  const parts = [size, canvas.ratio].filter((p): p is string => Boolean(p));
  return parts.length ? parts.join(" · ") : undefined;
}
