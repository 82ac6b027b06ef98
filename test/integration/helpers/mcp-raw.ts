/**
 * A hand-written JSON-RPC client for `imagegen mcp` (newline-delimited JSON over stdio), standing
 * for clients that do not use the official SDK: requests matched to answers by id, every
 * notification kept, `notifications/cancelled` sent by hand. No timing of its own.
 */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";

export interface RawMessage {
  jsonrpc: "2.0";
  id?: number;
  method?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { code: number; message: string };
}

export class RawMcpClient {
  readonly child: ChildProcessWithoutNullStreams;
  readonly notifications: RawMessage[] = [];
  /** Everything read from stdout and stderr, in order (transcripts). */
  readonly transcript: string[] = [];
  private nextId = 1;
  private buffer = "";
  private readonly pending = new Map<number, (m: RawMessage) => void>();

  constructor(command: string, args: string[], opts: { cwd: string; env: Record<string, string> }) {
    this.child = spawn(command, args, { cwd: opts.cwd, env: opts.env, stdio: ["pipe", "pipe", "pipe"] });
    this.child.stdout.setEncoding("utf8");
    this.child.stdout.on("data", (chunk: string) => {
      this.buffer += chunk;
      for (let i = this.buffer.indexOf("\n"); i >= 0; i = this.buffer.indexOf("\n")) {
        const line = this.buffer.slice(0, i).trim();
        this.buffer = this.buffer.slice(i + 1);
        if (!line) continue;
        this.transcript.push(`<- ${line}`);
        const m = JSON.parse(line) as RawMessage;
        if (m.id !== undefined && !m.method) {
          this.pending.get(m.id)?.(m);
          this.pending.delete(m.id);
        } else {
          this.notifications.push(m);
        }
      }
    });
    this.child.stderr.on("data", (d: Buffer) => this.transcript.push(`stderr ${d.toString("utf8").trim()}`));
  }

  /** Sends a request; resolves with its answer. `id` lets a caller cancel it. */
  request(method: string, params: Record<string, unknown> = {}): { id: number; answer: Promise<RawMessage> } {
    const id = this.nextId++;
    const answer = new Promise<RawMessage>((resolve) => this.pending.set(id, resolve));
    this.send({ jsonrpc: "2.0", id, method, params });
    return { id, answer };
  }

  notify(method: string, params: Record<string, unknown> = {}): void {
    this.send({ jsonrpc: "2.0", method, params });
  }

  async initialize(): Promise<void> {
    const r = await this.request("initialize", { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw-jsonrpc", version: "0.0.1" } }).answer;
    if (r.error) throw new Error(r.error.message);
    this.notify("notifications/initialized");
  }

  private send(m: RawMessage): void {
    const line = JSON.stringify(m);
    this.transcript.push(`-> ${line}`);
    this.child.stdin.write(`${line}\n`);
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((r) => this.child.once("exit", r));
    this.child.stdin.end();
    await exited;
  }
}

/** The PNG's `Description` text chunk (the simulator writes the prompt there), or undefined. */
export function pngDescription(png: Buffer): string | undefined {
  for (let off = 8; off + 8 <= png.length; ) {
    const len = png.readUInt32BE(off);
    const type = png.toString("latin1", off + 4, off + 8);
    const data = png.subarray(off + 8, off + 8 + len);
    if (type === "tEXt") {
      const [k, v] = data.toString("latin1").split("\0");
      if (k === "Description") return v;
    }
    if (type === "iTXt") {
      const parts = data.toString("utf8").split("\0");
      if (parts[0] === "Description") return parts[parts.length - 1];
    }
    off += 12 + len;
  }
  return undefined;
}
