/**
 * Everything the CLI writes. stdout: agent text, results, saved paths (or one JSON document).
 * stderr: quiet status lines, a \r-updated progress line on a terminal only, errors.
 * Every write passes through `scrub`, which removes any secret the process has seen.
 */
import { redact } from "../core/support/logger";

export interface Stream {
  write(chunk: string): boolean;
  isTTY?: boolean;
  columns?: number;
}

const PROGRESS_EVERY_MS = 100;
/** The most a retraction takes back (a held sentence is judged by about a line). */
const MAX_RETRACT = 4096;

/** Terminal columns of a text: East Asian wide characters and emoji take two. */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    if (c < 0x20 || (c >= 0x7f && c < 0xa0)) continue;
    const wide =
      (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x1f300 && c <= 0x1faff) || (c >= 0x20000 && c <= 0x3fffd);
    w += wide ? 2 : 1;
  }
  return w;
}

export class Output {
  private readonly secrets = new Set<string>();
  private progressShown = false;
  private lastProgressAt = 0;
  /** stdout ends mid-line (streamed agent text without a newline yet). */
  private midLine = false;
  /** Display columns and the last characters of the current stdout line (to take text back on a terminal). */
  private col = 0;
  private lineTail = "";

  constructor(
    private readonly out: Stream,
    private readonly err: Stream,
    readonly json: boolean,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether stderr is a terminal (progress lines are shown). */
  get interactive(): boolean {
    return this.err.isTTY === true;
  }

  /** Remember a value that must never be printed (the token). */
  addSecret(value: string | undefined): void {
    if (value && value.length >= 6) this.secrets.add(value);
  }

  scrub(text: string): string {
    let out = text;
    for (const s of this.secrets) out = out.split(s).join("***");
    return out;
  }

  /** Streamed agent text (not in JSON mode). */
  text(delta: string): void {
    if (this.json || delta === "") return;
    this.clearProgress();
    const clean = this.scrub(delta);
    this.out.write(clean);
    this.midLine = !clean.endsWith("\n");
    const nl = clean.lastIndexOf("\n");
    const line = nl >= 0 ? clean.slice(nl + 1) : clean;
    this.col = (nl >= 0 ? 0 : this.col) + displayWidth(line);
    this.lineTail = nl >= 0 ? line : this.lineTail + line;
    if (this.lineTail.length > 2 * MAX_RETRACT) this.lineTail = this.lineTail.slice(-MAX_RETRACT); // amortised: linear
  }

  /**
   * How the agent's text should stream: word by word on a terminal (a GUI sentence that was partly
   * shown can be erased), whole sentences when stdout is a pipe or a file (nothing is ever erased).
   */
  get textMode(): "word" | "sentence" {
    return !this.json && this.out.isTTY === true ? "word" : "sentence";
  }

  /** Take back the last `chars` characters of streamed text (terminal only; they are on the current line). */
  retract(chars: number): void {
    if (this.json || !this.out.isTTY || chars <= 0) return;
    const removed = this.lineTail.slice(-chars);
    const w = displayWidth(removed);
    if (w === 0) return;
    const width = Math.max(1, this.out.columns || 80);
    const to = Math.max(0, this.col - w);
    const up = (this.col === 0 ? 0 : Math.floor((this.col - 1) / width)) - Math.floor(to / width);
    this.out.write(`\r${up > 0 ? `\x1b[${up}A` : ""}${to % width > 0 ? `\x1b[${to % width}C` : ""}\x1b[J`);
    this.col = to;
    this.lineTail = this.lineTail.slice(0, this.lineTail.length - removed.length);
    this.midLine = to > 0;
  }

  /** End the streamed text with a newline when it did not have one. */
  endText(): void {
    if (this.midLine) this.out.write("\n");
    this.midLine = false;
    this.col = 0;
    this.lineTail = "";
  }

  /** A full line of result on stdout (not in JSON mode). */
  line(text: string): void {
    if (this.json) return;
    this.clearProgress();
    this.endText();
    this.out.write(`${this.scrub(text)}\n`);
  }

  /** The one JSON document of a --json run. */
  document(value: unknown): void {
    this.out.write(`${this.scrub(JSON.stringify(value))}\n`);
  }

  /** A quiet status line on stderr ("working: generate_image", "Still working…"). */
  status(text: string): void {
    this.clearProgress();
    // On a terminal both streams share the screen: do not cut a streamed sentence in half.
    if (this.midLine && this.out.isTTY && this.err.isTTY) this.endText();
    this.err.write(`${this.scrub(redact(text))}\n`);
  }

  /** A \r-updated progress line; terminal only, at most every 100 ms unless `force`. */
  progress(text: string, force = false): void {
    if (!this.err.isTTY) return;
    const t = this.now();
    if (!force && this.progressShown && t - this.lastProgressAt < PROGRESS_EVERY_MS) return;
    this.lastProgressAt = t;
    if (this.midLine && this.out.isTTY) this.endText();
    const width = Math.max(20, (this.err.columns || 80) - 1);
    const clipped = text.length > width ? `${text.slice(0, width - 1)}…` : text;
    this.err.write(`\r${this.scrub(clipped)}\x1b[K`);
    this.progressShown = true;
  }

  clearProgress(): void {
    if (!this.progressShown) return;
    this.err.write("\r\x1b[K");
    this.progressShown = false;
  }

  /** An error for a person: message, next step, link; on stderr (or as JSON on stdout). */
  error(lines: string[]): void {
    this.clearProgress();
    this.endText();
    this.err.write(lines.map((l) => `${this.scrub(redact(l))}\n`).join(""));
  }

  /** A diagnostic line (NEMO_DEBUG=1 log) on stderr; never touches stdout. */
  diag(text: string): void {
    this.clearProgress();
    this.err.write(`${this.scrub(redact(text))}\n`);
  }

  /** Plain help/version text on stdout. */
  raw(text: string): void {
    this.out.write(this.scrub(text));
  }
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 * 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MB`;
  return `${(n / (1024 * 1024 * 1024)).toFixed(2)} GB`;
}

/** "Uploading clip.mp4  45%  (90.0 MB / 200.0 MB)". */
export function progressText(label: string, done: number, total?: number): string {
  if (total && total > 0) {
    const pct = Math.min(100, Math.floor((done / total) * 100));
    return `${label}  ${String(pct).padStart(3)}%  (${formatBytes(done)} / ${formatBytes(total)})`;
  }
  return `${label}  ${formatBytes(done)}`;
}
