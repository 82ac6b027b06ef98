/** A small seeded PRNG (mulberry32): every behavioural choice of the simulator comes from here. */
export class Rng {
  private s: number;

  constructor(seed: number) {
    this.s = seed >>> 0;
  }

  /** The generator's position: `new Rng(rng.state)` goes on with the same sequence (the state file). */
  get state(): number {
    return this.s;
  }

  /** Go on from a saved position (the state file). */
  restore(state: number): void {
    this.s = state >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Base-36 id of `len` characters. */
  id(len: number): string {
    let out = "";
    while (out.length < len) out += Math.floor(this.next() * 36).toString(36);
    return out;
  }

  hex(len: number): string {
    let out = "";
    while (out.length < len) out += Math.floor(this.next() * 16).toString(16);
    return out;
  }
}

/** A stable 32-bit hash of a string (FNV-1a), to derive seeds from prompts. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
