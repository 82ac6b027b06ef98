/** Everything the simulator knows, shared by the route handlers. */
import { Auth } from "./auth";
import { Faults } from "./faults";
import { MediaStore } from "./media";
import { Renders } from "./renders";
import { Rng } from "./rng";
import { Schedule } from "./schedule";
import { Sessions } from "./sessions";
import { streamShapeOf, userPathModeOf, type StreamShape, type UserPathMode } from "./shape";
import type { RecordedRequest, RecordedUpload, RenderShapeOptions, SimOptions } from "./types";

export interface Settings {
  seed: number;
  timeScale: number;
  silentCloseRate: number;
  initialCredits: number;
  tokenTtlMs: number;
  maxUploadBytes: number;
  trailingIssueRate: number;
  /** Real ms a render takes; undefined: RENDER_MS scaled. */
  renderMs: number | undefined;
  /** The dialect and user-path form after a reset (./shape.ts). */
  shape: StreamShape;
  userPaths: UserPathMode;
}

export const DEFAULTS: Settings = {
  seed: 1,
  timeScale: 1,
  silentCloseRate: 0.3,
  initialCredits: 100,
  tokenTtlMs: 7 * 24 * 3600 * 1000,
  maxUploadBytes: 200 * 1024 * 1024,
  trailingIssueRate: 0.15,
  renderMs: undefined,
  shape: "adk",
  userPaths: "both",
};

/** Heartbeat interval in sim ms (scaled like every other duration). */
export const HEARTBEAT_MS = 5000;

const DEFAULT_RENDER_SHAPE: RenderShapeOptions = { shape: "mixed", progress: "percent" };

export class World {
  readonly settings: Settings;
  readonly ids: Rng;
  readonly auth: Auth;
  readonly sessions: Sessions;
  readonly media = new MediaStore();
  readonly renders = new Renders();
  /** Every duration the agent and the renderer drew (schedule.ts). */
  readonly schedule: Schedule;
  /** Open agent streams: a simulated restart (`forgetSessions`) cuts them like a dying process. */
  readonly streams = new Set<{ destroy(): void }>();
  /** Render durations are drawn from their own generator, so ids stay as before for a seed. */
  private readonly renderRng: Rng;
  /** The render-status shape the poll answers with (control API `POST /__sim/render-shape`). */
  renderShape: RenderShapeOptions = { ...DEFAULT_RENDER_SHAPE };
  /** Added: bytes every image turn serves instead of its PNG, at a URL with no extension, declared as `mime`. */
  imageBytes: { data: Buffer; mime: string } | undefined;
  /** The dialect spoken now and the user-path form accepted now (`POST /__sim/shape`). */
  shape: StreamShape;
  userPaths: UserPathMode;
  readonly faults = new Faults();
  readonly requests: RecordedRequest[] = [];
  readonly uploads: RecordedUpload[] = [];
  baseUrl = "";
  /** Real ms, for render progress (SimOptions.now). */
  readonly now: () => number;
  private life = new AbortController();

  constructor(opts: SimOptions) {
    const pick = <K extends keyof Settings>(k: K): Settings[K] => (opts[k] ?? DEFAULTS[k]) as Settings[K];
    this.settings = {
      seed: pick("seed"),
      timeScale: Math.max(0, pick("timeScale")),
      silentCloseRate: pick("silentCloseRate"),
      initialCredits: pick("initialCredits"),
      tokenTtlMs: pick("tokenTtlMs"),
      maxUploadBytes: pick("maxUploadBytes"),
      trailingIssueRate: pick("trailingIssueRate"),
      renderMs: opts.renderMs,
      shape: opts.shape ?? streamShapeOf(process.env.SIM_SHAPE) ?? DEFAULTS.shape,
      userPaths: opts.userPaths ?? userPathModeOf(process.env.SIM_USER_PATHS) ?? DEFAULTS.userPaths,
    };
    this.shape = this.settings.shape;
    this.userPaths = this.settings.userPaths;
    this.now = opts.now ?? Date.now;
    this.ids = new Rng(this.settings.seed ^ 0x5eed);
    this.auth = new Auth(this.ids, this.settings.tokenTtlMs, this.settings.initialCredits);
    this.sessions = new Sessions(this.ids, this.settings.seed);
    this.schedule = new Schedule(() => this.settings.timeScale);
    this.renderRng = new Rng(this.settings.seed ^ 0x7e4d);
  }

  /** Aborted on reset() and close(): running agent turns stop. */
  get signal(): AbortSignal {
    return this.life.signal;
  }

  /** Real ms render job `id` takes: `renderMs` when set, else 30-90 s of sim time (published), scaled. */
  renderDurationMs(id: string): number {
    if (this.settings.renderMs !== undefined) return this.settings.renderMs;
    return this.scaled(this.schedule.draw("render", this.renderRng, "render", id));
  }

  /** Real ms for a duration in sim ms. */
  scaled(simMs: number): number {
    return Math.max(0, simMs * this.settings.timeScale);
  }

  /** Sleep for sim ms; resolves early (returning false) when the world is reset or closed. */
  sleep(simMs: number, signal: AbortSignal = this.life.signal): Promise<boolean> {
    return this.sleepReal(this.scaled(simMs), signal);
  }

  /** Sleep for real ms (at least 1); resolves early (returning false) when `signal` aborts. */
  sleepReal(ms: number, signal: AbortSignal = this.life.signal): Promise<boolean> {
    return new Promise((resolve) => {
      if (signal.aborted) return resolve(false);
      const timer = setTimeout(() => {
        signal.removeEventListener("abort", onAbort);
        resolve(true);
      }, Math.max(1, Math.round(ms)));
      const onAbort = (): void => {
        clearTimeout(timer);
        resolve(false);
      };
      signal.addEventListener("abort", onAbort, { once: true });
    });
  }

  mediaUrl(name: string): string {
    return `${this.baseUrl}/media/${encodeURIComponent(name)}`;
  }

  /**
   * A restart that lost the sessions (control API `POST /__sim/forget-sessions`): open agent streams
   * are cut mid-answer, running turns stop, every session answers 1002; tokens and credits stay.
   */
  forgetSessions(): number {
    for (const stream of [...this.streams]) stream.destroy();
    this.streams.clear();
    this.life.abort();
    this.life = new AbortController();
    return this.sessions.forgetAll();
  }

  reset(): void {
    this.life.abort();
    this.life = new AbortController();
    this.auth.reset();
    this.sessions.reset();
    this.media.reset();
    this.renders.reset();
    this.schedule.reset();
    this.renderShape = { ...DEFAULT_RENDER_SHAPE };
    this.imageBytes = undefined;
    this.shape = this.settings.shape;
    this.userPaths = this.settings.userPaths;
    this.faults.clear();
    this.requests.length = 0;
    this.uploads.length = 0;
  }

  shutdown(): void {
    this.life.abort();
  }
}
