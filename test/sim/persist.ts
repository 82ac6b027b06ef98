/**
 * The simulator's world kept in a file (`--state FILE`, SimOptions.statePath), so a restarted
 * simulator still has its tokens, users and balances, sessions with their timelines, render jobs
 * and served media: what the real service keeps across its own restarts.
 *
 * Layout: FILE is one JSON document (version 1) written atomically (a temp file, then rename);
 * media bytes go to `FILE.media/<name>` once each (also temp + rename), except the MP4/JPEG
 * fixtures, which are referenced by name. The world is saved when it changed, checked every
 * `SAVE_EVERY_MS` and on close, so a killed simulator loses at most that much. A damaged file is
 * set aside (`FILE.bad`) with a warning and the simulator starts empty.
 * Turns that were running are not kept (the process that ran them is gone); their frozen credits
 * are dropped, as the charge already happened.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { z } from "zod";
import type { AuthSnapshot } from "./auth";
import { fixtures, type Fixtures } from "./media";
import type { Render } from "./renders";
import { Rng } from "./rng";
import type { Session, SessionStateRaw } from "./sessions";
import type { World } from "./world";

/** Real ms between checks for changes. */
export const SAVE_EVERY_MS = 250;

const tokenSchema = z.object({ value: z.string(), userId: z.string(), clientId: z.string(), expiresAt: z.number() });
const userSchema = z.object({ id: z.string(), clientId: z.string(), available: z.number(), frozen: z.number() });
const sessionSchema = z.object({
  id: z.string(),
  taskId: z.string(),
  userId: z.string(),
  language: z.string(),
  createdAt: z.number(),
  state: z.looseObject({ draft: z.looseObject({ t: z.array(z.unknown()), d: z.number() }), video_infos: z.array(z.unknown()), canvas_config: z.record(z.string(), z.unknown()), generated_media: z.array(z.unknown()) }),
  rng: z.number(),
  turns: z.number(),
});
const renderSchema = z.looseObject({ id: z.string(), userId: z.string(), sessionId: z.string(), createdAt: z.number(), durationMs: z.number(), outputName: z.string() });
const mediaSchema = z.object({ name: z.string(), mime: z.string(), fixture: z.optional(z.enum(["mp4", "exportMp4", "exportPortraitMp4", "jpg"])) });

const fileSchema = z.object({
  version: z.literal(1),
  port: z.number(),
  baseUrl: z.string(),
  ids: z.number(),
  auth: z.object({ tokens: z.array(tokenSchema), live: z.record(z.string(), z.string()), users: z.array(userSchema), creditsForNewUsers: z.number() }),
  sessions: z.object({ ordinal: z.number(), list: z.array(sessionSchema) }),
  renders: z.object({ counter: z.number(), list: z.array(renderSchema) }),
  media: z.array(mediaSchema),
});
type StateFile = z.infer<typeof fileSchema>;

/** The port a state file was served from (a restart comes back on it, so its media URLs still resolve). */
export function savedPort(file: string): number | undefined {
  try {
    const raw = JSON.parse(readFileSync(file, "utf8")) as { port?: unknown };
    return typeof raw.port === "number" && raw.port > 0 ? raw.port : undefined;
  } catch {
    return undefined;
  }
}

function writeAtomic(path: string, data: string | Buffer): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

function fixtureName(data: Buffer): keyof Fixtures | undefined {
  const f = fixtures();
  return (Object.keys(f) as (keyof Fixtures)[]).find((k) => f[k] === data);
}

export class WorldFile {
  private last = "";
  /** Media already on disk (names). */
  private readonly written = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly file: string,
    private readonly world: World,
    private readonly warn: (line: string) => void = (line) => console.warn(line),
  ) {}

  get mediaDir(): string {
    return `${this.file}.media`;
  }

  /** Read the file into the world (nothing when it does not exist yet). */
  load(): void {
    if (!existsSync(this.file)) return;
    let snap: StateFile;
    try {
      snap = fileSchema.parse(JSON.parse(readFileSync(this.file, "utf8")));
    } catch (err) {
      this.warn(`Simulator state ${this.file} is unreadable (${err instanceof Error ? err.message.split("\n")[0] : String(err)}); set aside as .bad, starting empty.`);
      try {
        renameSync(this.file, `${this.file}.bad`);
      } catch {
        // nothing to set aside
      }
      return;
    }
    const w = this.world;
    // URLs in timelines name the old address when the port could not be had again.
    const rebase = (state: unknown): SessionStateRaw =>
      (snap.baseUrl && snap.baseUrl !== w.baseUrl ? JSON.parse(JSON.stringify(state).split(snap.baseUrl).join(w.baseUrl)) : state) as SessionStateRaw;
    w.ids.restore(snap.ids);
    w.auth.restore(snap.auth as AuthSnapshot);
    const sessions: Session[] = snap.sessions.list.map((s) => ({ ...s, state: rebase(s.state), rng: new Rng(s.rng) }));
    w.sessions.restore(sessions, snap.sessions.ordinal);
    w.renders.restore({ counter: snap.renders.counter, list: snap.renders.list as unknown as Render[] });
    let missing = 0;
    for (const m of snap.media) {
      const path = join(this.mediaDir, encodeURIComponent(m.name));
      if (m.fixture) w.media.put(m.name, fixtures()[m.fixture], m.mime);
      else if (existsSync(path)) {
        w.media.put(m.name, readFileSync(path), m.mime);
        this.written.add(m.name);
      } else missing++;
    }
    if (missing) this.warn(`Simulator state: ${missing} media file(s) missing from ${this.mediaDir}.`);
    this.last = this.serialise();
  }

  /** Save now when anything changed since the last save. */
  save(): void {
    const text = this.serialise();
    if (text === this.last) return;
    for (const [name, item] of this.world.media.entries()) {
      if (this.written.has(name) || fixtureName(item.data)) continue;
      writeAtomic(join(this.mediaDir, encodeURIComponent(name)), item.data);
      this.written.add(name);
    }
    writeAtomic(this.file, text);
    this.last = text;
  }

  /** Save every SAVE_EVERY_MS while the simulator runs (the timer does not keep the process alive). */
  start(): void {
    this.timer ??= setInterval(() => {
      try {
        this.save();
      } catch (err) {
        this.warn(`Simulator state: could not save ${this.file}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }, SAVE_EVERY_MS);
    this.timer.unref();
  }

  /** The last save, then no more. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.save();
  }

  private serialise(): string {
    const w = this.world;
    const snap: StateFile = {
      version: 1,
      port: Number(new URL(w.baseUrl).port) || 0,
      baseUrl: w.baseUrl,
      ids: w.ids.state,
      auth: w.auth.snapshot(),
      sessions: {
        ordinal: w.sessions.created,
        list: w.sessions.all().map((s) => ({ ...s, state: s.state as StateFile["sessions"]["list"][number]["state"], rng: s.rng.state })),
      },
      renders: w.renders.snapshot() as unknown as StateFile["renders"],
      media: w.media.entries().map(([name, item]) => ({ name, mime: item.mime, fixture: fixtureName(item.data) })),
    };
    return JSON.stringify(snap);
  }
}
