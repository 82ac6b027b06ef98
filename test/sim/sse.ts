/** POST /run_sse: the SSE stream of one agent turn, with heartbeats and the SSE faults. */
import { createGzip, type Gzip } from "node:zlib";
import { classify, costOf, runTurn } from "./agent";
import type { Ctx } from "./http";
import { cutConnection, fail, failStatus, readJsonObject, str } from "./http";
import { checkUserSegment, toReferenceEvents } from "./shape";
import { TurnCancelled, type AdkEvent, type TurnIO } from "./turn";
import type { Fault } from "./types";
import type { World } from "./world";
import { HEARTBEAT_MS } from "./world";

/** Text of `new_message.parts[].text` (snake_case body; camelCase accepted too). */
function messageText(body: Record<string, unknown>): string | undefined {
  const msg = (body.new_message ?? body.newMessage) as { parts?: unknown } | undefined;
  if (!msg || !Array.isArray(msg.parts)) return undefined;
  const texts = msg.parts.map((p: unknown) => (p && typeof p === "object" ? str((p as { text?: unknown }).text) : undefined));
  const joined = texts.filter((t): t is string => t !== undefined).join("\n");
  return joined.trim() ? joined : undefined;
}

class Stream {
  private heartbeats = 0;
  events = 0;
  open = true;
  /** Fault "gzip": everything goes through this encoder (flushed after each write). */
  private readonly gzip?: Gzip;
  /** Fault "trickle": the bytes still to write, one per turn of the event loop, in order. */
  private trickle?: Promise<void>;

  constructor(
    private readonly ctx: Ctx,
    private readonly fault: Fault | undefined,
    /** The reference's flat events instead of ADK events (test/sim/shape.ts). */
    private readonly flat = false,
  ) {
    ctx.res.on("close", () => (this.open = false));
    if (fault?.type === "gzip") {
      this.gzip = createGzip();
      this.gzip.pipe(ctx.res);
    }
    if (fault?.type === "trickle") this.trickle = Promise.resolve();
  }

  private get writable(): boolean {
    return !this.ctx.res.destroyed && !this.ctx.res.writableEnded;
  }

  private write(text: string): void {
    if (!this.open || !this.writable) return;
    if (this.gzip) {
      this.gzip.write(text);
      this.gzip.flush();
    } else if (this.trickle) {
      const bytes = Buffer.from(text, "utf8");
      this.trickle = this.trickle.then(async () => {
        for (const b of bytes) {
          if (!this.writable) return;
          this.ctx.res.write(Buffer.of(b));
          await new Promise<void>((resolve) => setImmediate(resolve));
        }
      });
    } else {
      this.ctx.res.write(text);
    }
  }

  heartbeat(): void {
    if (this.flat) return this.write('data: {"type":"heartbeat"}\n\n');
    this.write(this.heartbeats++ % 2 === 0 ? ": ping\n\n" : "data:\n\n");
  }

  event(ev: AdkEvent | Record<string, unknown>): void {
    if (!this.open) return;
    if (this.fault?.type === "mute" && this.events >= this.fault.afterEvents) return this.heartbeat();
    if (this.flat) for (const flat of toReferenceEvents(ev)) this.write(`data: ${JSON.stringify(flat)}\n\n`);
    else this.write(`data: ${JSON.stringify(ev)}\n\n`);
    this.events += 1;
    const f = this.fault;
    if (f?.type === "malformed" && this.events === 1) {
      this.write(this.flat ? 'data: {"type":"text","content":"unterminated\n\n' : 'data: {"id":"broken","content":{"role":"model","parts":[{"text":"unterminated\n\n');
    }
    if (f?.type === "drop" && this.events >= f.afterEvents) this.destroy();
  }

  destroy(): void {
    if (!this.open) return;
    this.open = false;
    this.ctx.markServerDestroyed();
    cutConnection(this.ctx.res);
  }

  end(): void {
    if (!this.open) return;
    this.open = false;
    if (this.gzip) this.gzip.end();
    else if (this.trickle) void this.trickle.then(() => this.ctx.res.end());
    else this.ctx.res.end();
  }
}

/**
 * Sleep in sim time, emitting a heartbeat every HEARTBEAT_MS (one per step, the last one short);
 * false when cancelled. Each step's time is fixed from the start, so a loaded machine's late timers
 * do not add up over a long (100-300 s) generation: a late step is made up at once.
 */
async function heartbeatFor(world: World, stream: Stream, simMs: number, signal: AbortSignal): Promise<boolean> {
  const start = performance.now();
  const steps = Math.ceil(Math.max(0, simMs) / HEARTBEAT_MS);
  for (let k = 1; k <= steps; k++) {
    const wait = start + world.scaled(Math.min(k * HEARTBEAT_MS, simMs)) - performance.now();
    if (wait >= 1 ? !(await world.sleepReal(wait, signal)) : signal.aborted) return false;
    stream.heartbeat();
  }
  return true;
}

export async function handleRunSse(ctx: Ctx, world: World, fault: Fault | undefined): Promise<void> {
  const body = await readJsonObject(ctx);
  const user = world.auth.authenticate(ctx.req);
  if (!user) return fail(ctx.res, 1001, "Token expired or invalid");
  if (!body) return failStatus(ctx.res, 400, "Body must be a JSON object");
  const sessionId = str(body.session_id) ?? str(body.sessionId);
  const session = sessionId ? world.sessions.get(sessionId, user.id) : undefined;
  if (!session) return fail(ctx.res, 1002, "Session not found");
  // The body's user_id: "me" or the user's id, as the user-path form allows (test/sim/shape.ts).
  const userId = str(body.user_id) ?? str(body.userId) ?? "me";
  if (checkUserSegment(world.userPaths, userId, user.id) !== "ok") return fail(ctx.res, 1002, "Session not found");
  const message = messageText(body);
  if (message === undefined) return failStatus(ctx.res, 400, "new_message.parts[].text is required");
  const kind = classify(message);
  if (user.available < costOf(kind)) return fail(ctx.res, 2001, "Insufficient credits");

  ctx.res.writeHead(200, {
    "Content-Type": "text/event-stream; charset=utf-8",
    "Cache-Control": "no-cache",
    Connection: "keep-alive",
    "X-Accel-Buffering": "no",
    ...(fault?.type === "gzip" ? { "Content-Encoding": "gzip" } : {}),
  });
  ctx.res.flushHeaders();
  const stream = new Stream(ctx, fault, world.shape === "reference");
  world.streams.add(stream);
  ctx.res.once("close", () => world.streams.delete(stream));
  if (fault?.type === "drop" && fault.afterEvents === 0) stream.destroy();

  if (fault?.type === "stall") {
    await heartbeatFor(world, stream, fault.ms, world.signal);
    return stream.end();
  }

  const turnAbort = new AbortController();
  const onWorldAbort = (): void => turnAbort.abort();
  world.signal.addEventListener("abort", onWorldAbort, { once: true });
  const io: TurnIO = {
    emit: (ev) => {
      stream.event(ev);
      if (fault?.type === "stream-error" && stream.events === 1) {
        stream.event({ error: fault.message });
        stream.end();
        turnAbort.abort(); // the agent failed: the turn stops here, nothing more changes
      }
    },
    work: (ms) => heartbeatFor(world, stream, ms, turnAbort.signal),
    pause: (ms) => world.sleep(ms, turnAbort.signal),
  };
  try {
    await runTurn(world, session, user, message, kind, io, { forceSilent: fault?.type === "silent-close", xss: fault?.type === "xss" });
  } catch (err) {
    if (!(err instanceof TurnCancelled)) {
      stream.event({ error: `internal simulator error: ${err instanceof Error ? err.message : String(err)}` });
    }
  } finally {
    world.signal.removeEventListener("abort", onWorldAbort);
    if (fault?.type === "mute") await heartbeatFor(world, stream, fault.holdMs, world.signal);
    stream.end();
  }
}
