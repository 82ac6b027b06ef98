/**
 * A hand-written JSON-RPC client for `imagegen mcp` over stdio: newline-delimited JSON, requests
 * matched by id, notifications kept, every raw line kept (sizes, transcripts). It answers the
 * server's own requests (elicitation) through `onRequest`. No SDK: it sees exactly the bytes a
 * host would.
 */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";

export interface RpcMessage {
  jsonrpc: "2.0";
  id?: number | string;
  method?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { code: number; message: string; data?: unknown };
}

export class RawMcpClient {
  readonly lines: string[] = [];
  readonly notifications: RpcMessage[] = [];
  /** Every line both ways, "→ " sent, "← " received. */
  readonly transcript: string[] = [];
  /** The raw line of each response, by request id. */
  readonly responseLines = new Map<number | string, string>();
  stderr = "";
  private child: ChildProcessWithoutNullStreams;
  private nextId = 1;
  private readonly pending = new Map<number | string, (m: RpcMessage) => void>();
  private readonly waiters: Array<{ test: () => boolean; resolve: () => void }> = [];
  private buffer = "";
  onRequest: (m: RpcMessage) => Record<string, unknown> = () => ({});

  constructor(command: string, args: string[], opts: { cwd: string; env: Record<string, string> }) {
    this.child = spawn(command, args, { cwd: opts.cwd, env: opts.env, stdio: ["pipe", "pipe", "pipe"] });
    this.child.stdout.setEncoding("utf8");
    this.child.stderr.setEncoding("utf8");
    this.child.stderr.on("data", (d: string) => (this.stderr += d));
    this.child.stdout.on("data", (d: string) => {
      this.buffer += d;
      let nl: number;
      while ((nl = this.buffer.indexOf("\n")) >= 0) {
        const line = this.buffer.slice(0, nl);
        this.buffer = this.buffer.slice(nl + 1);
        if (line.trim()) this.receive(line);
      }
    });
  }

  private receive(line: string): void {
    this.lines.push(line);
    this.transcript.push(`← ${line}`);
    const m = JSON.parse(line) as RpcMessage;
    if (m.method && m.id !== undefined) {
      this.write({ jsonrpc: "2.0", id: m.id, result: this.onRequest(m) });
    } else if (m.method) {
      this.notifications.push(m);
    } else if (m.id !== undefined) {
      this.responseLines.set(m.id, line);
      this.pending.get(m.id)?.(m);
      this.pending.delete(m.id);
    }
    for (const w of [...this.waiters]) {
      if (w.test()) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  }

  private write(m: RpcMessage): void {
    const line = JSON.stringify(m);
    this.transcript.push(`→ ${line}`);
    this.child.stdin.write(`${line}\n`);
  }

  /** Send a request; resolves with the whole response (result or error) and the bytes of its line. */
  request(method: string, params: Record<string, unknown> = {}): Promise<RpcMessage & { bytes: number }> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, (m) => resolve({ ...m, bytes: Buffer.byteLength(this.responseLines.get(id) ?? "", "utf8") }));
      this.write({ jsonrpc: "2.0", id, method, params });
    });
  }

  notify(method: string, params: Record<string, unknown> = {}): void {
    this.write({ jsonrpc: "2.0", method, params });
  }

  /** The initialize handshake at `protocolVersion`; resolves with the server's answer. */
  async initialize(protocolVersion: string, capabilities: Record<string, unknown> = {}): Promise<RpcMessage> {
    const r = await this.request("initialize", { protocolVersion, capabilities, clientInfo: { name: "raw-json-rpc", version: "1.0.0" } });
    this.notify("notifications/initialized");
    return r;
  }

  /** Resolves once `test` holds after some message arrived (or at once when it holds now). */
  until(test: () => boolean): Promise<void> {
    if (test()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ test, resolve }));
  }

  async close(): Promise<void> {
    const exited = new Promise<void>((resolve) => (this.child.exitCode !== null ? resolve() : this.child.once("exit", () => resolve())));
    this.child.stdin.end();
    await exited;
  }

  /** The id of the last request sent. */
  get lastId(): number {
    return this.nextId - 1;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }
}
