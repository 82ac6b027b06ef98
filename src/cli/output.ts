/**
 * Everything the CLI writes. stdout: agent text, results, saved paths (or one JSON document).
 * stderr: quiet status lines, a \r-updated progress line on a terminal only, errors.
 * Every write passes through `scrub`, which removes any secret the process has seen.
 */
import { redact } from "../core/logger";

export interface Stream {
  write(chunk: string): boolean;
  isTTY?: boolean;
  columns?: number;
}

const PROGRESS_EVERY_MS = 100;

export class Output {
  private readonly secrets = new Set<string>();
  private progressShown = false;
  private lastProgressAt = 0;
  /** stdout ends mid-line (streamed agent text without a newline yet). */
  private midLine = false;

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
  }

  /** End the streamed text with a newline when it did not have one. */
  endText(): void {
    if (this.midLine) this.out.write("\n");
    this.midLine = false;
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
    if (this.midLine && this.out.isTTY && this.err.isTTY) {
      this.out.write("\n");
      this.midLine = false;
    }
    this.err.write(`${this.scrub(redact(text))}\n`);
  }

  /** A \r-updated progress line; terminal only, at most every 100 ms unless `force`. */
  progress(text: string, force = false): void {
    if (!this.err.isTTY) return;
    const t = this.now();
    if (!force && this.progressShown && t - this.lastProgressAt < PROGRESS_EVERY_MS) return;
    this.lastProgressAt = t;
    if (this.midLine && this.out.isTTY) {
      this.out.write("\n");
      this.midLine = false;
    }
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
