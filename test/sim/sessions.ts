/** Sessions and their state (`data.state`): draft in short keys, video_infos, canvas_config, generated_media. */
import { hashString, Rng } from "./rng";

export interface DraftSegment {
  id: string;
  /** Start on the timeline, ms. */
  s: number;
  /** Duration, ms. */
  d: number;
  m: Record<string, unknown>;
}

export interface DraftTrack {
  id: string;
  tt: number;
  sg: DraftSegment[];
}

export interface Draft {
  t: DraftTrack[];
  d: number;
}

export interface SessionStateRaw {
  draft: Draft;
  video_infos: Record<string, unknown>[];
  canvas_config: Record<string, unknown>;
  generated_media: Record<string, unknown>[];
}

export interface Session {
  id: string;
  taskId: string;
  userId: string;
  language: string;
  createdAt: number;
  state: SessionStateRaw;
  /** Behaviour of this session's turns: seeded from the simulator seed and the session's ordinal. */
  rng: Rng;
  turns: number;
}

export const TRACK = { video: 0, audio: 1, text: 7 } as const;

export class Sessions {
  private readonly byId = new Map<string, Session>();
  /** Sessions created since the last reset: seeds each session's behaviour, so runs repeat per seed. */
  private ordinal = 0;

  constructor(
    private readonly ids: Rng,
    private readonly seed: number,
  ) {}

  create(userId: string, language: string): Session {
    const id = `ses_${this.ids.id(16)}`;
    const session: Session = {
      id,
      taskId: `task_${this.ids.id(12)}`,
      userId,
      language,
      createdAt: Date.now(),
      state: {
        draft: { t: [], d: 0 },
        video_infos: [],
        canvas_config: { width: 1920, height: 1080, ratio: "16:9", fps: 30, background: "#000000" },
        generated_media: [],
      },
      rng: new Rng(hashString(`${this.seed}:${this.ordinal++}`)),
      turns: 0,
    };
    this.byId.set(id, session);
    return session;
  }

  /** The session when it exists and belongs to this user. */
  get(id: string, userId?: string): Session | undefined {
    const s = this.byId.get(id);
    return s && (userId === undefined || s.userId === userId) ? s : undefined;
  }

  /** Forget every session (a restart without its state); returns how many there were. The ordinal goes on. */
  forgetAll(): number {
    const n = this.byId.size;
    this.byId.clear();
    return n;
  }

  /** Every session, for the state file (persist.ts). */
  all(): Session[] {
    return [...this.byId.values()];
  }

  /** Put back a saved session and the creation counter (persist.ts). */
  restore(sessions: Session[], ordinal: number): void {
    for (const s of sessions) this.byId.set(s.id, s);
    this.ordinal = Math.max(this.ordinal, ordinal);
  }

  get created(): number {
    return this.ordinal;
  }

  reset(): void {
    this.byId.clear();
    this.ordinal = 0;
  }
}

function trackOf(draft: Draft, tt: number, rng: Rng): DraftTrack {
  let track = draft.t.find((t) => t.tt === tt);
  if (!track) {
    track = { id: `trk_${rng.id(8)}`, tt, sg: [] };
    draft.t.push(track);
  }
  return track;
}

function recomputeDuration(draft: Draft): void {
  draft.d = Math.max(0, ...draft.t.flatMap((t) => t.sg.map((s) => s.s + s.d)));
}

/** Append an image or clip at the end of the video track. */
export function addVisual(draft: Draft, rng: Rng, durMs: number, meta: Record<string, unknown>): DraftSegment {
  const track = trackOf(draft, TRACK.video, rng);
  const start = track.sg.reduce((end, s) => Math.max(end, s.s + s.d), 0);
  const seg: DraftSegment = { id: `seg_${rng.id(8)}`, s: start, d: durMs, m: { ...meta, start } };
  track.sg.push(seg);
  recomputeDuration(draft);
  return seg;
}

/** A title on the text track (replaces an existing title at the same start). */
export function addTitle(draft: Draft, rng: Rng, text: string, startMs = 0, durMs = 3000): DraftSegment {
  const track = trackOf(draft, TRACK.text, rng);
  track.sg = track.sg.filter((s) => s.s !== startMs);
  const seg: DraftSegment = {
    id: `seg_${rng.id(8)}`,
    s: startMs,
    d: durMs,
    m: { name: "Title", text, font: "Montserrat", font_size: 72, color: "#FFFFFF", position: "center", start: startMs },
  };
  track.sg.push(seg);
  track.sg.sort((a, b) => a.s - b.s);
  recomputeDuration(draft);
  return seg;
}

/** Background music over the whole draft (replaces the previous one). */
export function setMusic(draft: Draft, rng: Rng, name: string, url: string, volume: number): DraftSegment {
  const track = trackOf(draft, TRACK.audio, rng);
  const dur = Math.max(draft.d, 5000);
  const seg: DraftSegment = {
    id: `seg_${rng.id(8)}`,
    s: 0,
    d: dur,
    m: { name, source_url: url, volume, fade_in: 500, fade_out: 1000, start: 0 },
  };
  track.sg = [seg];
  recomputeDuration(draft);
  return seg;
}

/** A transition on every visual segment but the first; returns how many were set. */
export function setTransitions(draft: Draft, kind: string): number {
  const video = draft.t.find((t) => t.tt === TRACK.video);
  if (!video) return 0;
  video.sg.forEach((s, i) => {
    if (i > 0) s.m = { ...s.m, transition: { type: kind, duration: 500 } };
  });
  return Math.max(0, video.sg.length - 1);
}

/** A draft can be rendered when a track has at least one segment. */
export function draftHasContent(draft: unknown): boolean {
  if (draft === null || typeof draft !== "object") return false;
  const t = (draft as { t?: unknown }).t;
  return Array.isArray(t) && t.some((tr) => tr && typeof tr === "object" && Array.isArray((tr as { sg?: unknown }).sg) && (tr as { sg: unknown[] }).sg.length > 0);
}

export function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
