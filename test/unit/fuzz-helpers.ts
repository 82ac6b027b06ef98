/** Seeded randomness for the fuzz tests: the same seed always gives the same cases. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)];
export const int = (r: () => number, n: number): number => Math.floor(r() * n);

/** Keys the parsers look for, plus noise, so random JSON actually reaches the interesting paths. */
const KEYS = [
  "t", "tt", "sg", "d", "m", "st", "start", "s", "name", "text", "volume", "url", "file_url", "output", "id",
  "kind", "type", "mime", "draft", "generated_media", "state", "partial", "content", "parts", "functionCall",
  "function_call", "functionResponse", "error", "turnComplete", "__proto__", "constructor", "x", "",
];
const STRINGS = [
  "", "a", "https://x/a.png", "https://x/b.mp4?q=1", "/m/c.mp3", "javascript:alert(1)", "image/png", "video",
  "35%", "12", "NaN", "霓虹 🌃", "\u0000\u001f", "<script>alert(1)</script>", "{\"t\":[]}", "x".repeat(300),
];
const NUMBERS = [0, 1, -1, 7, 35, 0.5, 1e21, -0, 3000, 10000, Number.MAX_SAFE_INTEGER, 2.5];

export function randomJson(r: () => number, depth = 0): unknown {
  const roll = r();
  if (depth > 4 || roll < 0.3) {
    const k = int(r, 5);
    if (k === 0) return pick(r, STRINGS);
    if (k === 1) return pick(r, NUMBERS);
    if (k === 2) return r() < 0.5;
    if (k === 3) return null;
    return pick(r, STRINGS) + String(int(r, 100));
  }
  if (roll < 0.55) return Array.from({ length: int(r, 5) }, () => randomJson(r, depth + 1));
  const obj: Record<string, unknown> = {};
  const n = int(r, 6);
  for (let i = 0; i < n; i++) Object.defineProperty(obj, pick(r, KEYS), { value: randomJson(r, depth + 1), enumerable: true, configurable: true, writable: true });
  return obj;
}
