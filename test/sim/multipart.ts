/**
 * A small streaming multipart/form-data parser: part bodies are handed out as they arrive and
 * never collected, so a 200 MB file costs a few kilobytes of memory.
 */

export interface PartInfo {
  name?: string;
  filename?: string;
  contentType?: string;
}

export interface PartCallbacks {
  onPart(info: PartInfo): void;
  onData(data: Buffer): void;
  onPartEnd(): void;
}

export class MultipartError extends Error {}

export function boundaryOf(contentType: string | undefined): string | undefined {
  if (!contentType || !/^multipart\/form-data/i.test(contentType)) return undefined;
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return m ? (m[1] ?? m[2]) : undefined;
}

function parseHeaders(block: string): PartInfo {
  const info: PartInfo = {};
  for (const line of block.split("\r\n")) {
    const idx = line.indexOf(":");
    if (idx < 0) continue;
    const key = line.slice(0, idx).trim().toLowerCase();
    const value = line.slice(idx + 1).trim();
    if (key === "content-type") info.contentType = value;
    if (key === "content-disposition") {
      const name = /\bname="([^"]*)"/i.exec(value);
      const star = /\bfilename\*=(?:UTF-8'')?([^;]+)/i.exec(value);
      const file = /\bfilename="([^"]*)"/i.exec(value);
      if (name) info.name = name[1];
      if (star) info.filename = decodeURIComponent(star[1].trim().replace(/^"|"$/g, ""));
      else if (file) info.filename = file[1];
    }
  }
  return info;
}

type Phase = "preamble" | "after-delimiter" | "headers" | "body" | "done";

export class MultipartParser {
  private readonly delimiter: Buffer;
  // The body starts with "--boundary" (no CRLF before it): pretend there was one.
  private buf: Buffer = Buffer.from("\r\n");
  private phase: Phase = "preamble";

  constructor(
    boundary: string,
    private readonly cb: PartCallbacks,
  ) {
    this.delimiter = Buffer.from(`\r\n--${boundary}`);
  }

  get finished(): boolean {
    return this.phase === "done";
  }

  write(chunk: Buffer): void {
    if (this.phase === "done") return;
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    for (;;) {
      if (this.phase === "preamble" || this.phase === "body") {
        const idx = this.buf.indexOf(this.delimiter);
        if (idx < 0) {
          const keep = Math.min(this.buf.length, this.delimiter.length - 1);
          const safe = this.buf.length - keep;
          if (this.phase === "body" && safe > 0) this.cb.onData(this.buf.subarray(0, safe));
          this.buf = Buffer.from(this.buf.subarray(safe));
          return;
        }
        if (this.phase === "body") {
          if (idx > 0) this.cb.onData(this.buf.subarray(0, idx));
          this.cb.onPartEnd();
        }
        this.buf = this.buf.subarray(idx + this.delimiter.length);
        this.phase = "after-delimiter";
      } else if (this.phase === "after-delimiter") {
        if (this.buf.length < 2) return;
        const two = this.buf.subarray(0, 2).toString("latin1");
        if (two === "--") {
          this.phase = "done";
          this.buf = Buffer.alloc(0);
          return;
        }
        const eol = this.buf.indexOf("\r\n");
        if (eol < 0) {
          if (this.buf.length > 1024) throw new MultipartError("bad multipart delimiter line");
          return;
        }
        this.buf = this.buf.subarray(eol + 2); // tolerate transport padding before CRLF
        this.phase = "headers";
      } else if (this.phase === "headers") {
        const end = this.buf.indexOf("\r\n\r\n");
        if (end < 0) {
          if (this.buf.length > 16 * 1024) throw new MultipartError("multipart part headers too long");
          return;
        }
        this.cb.onPart(parseHeaders(this.buf.subarray(0, end).toString("utf8")));
        this.buf = this.buf.subarray(end + 4);
        this.phase = "body";
      } else {
        return;
      }
    }
  }

  /** Call at the end of the request body; throws when the closing delimiter never came. */
  end(): void {
    if (this.phase !== "done") throw new MultipartError("multipart body ended before its closing boundary");
  }
}
