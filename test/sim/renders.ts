/** Export: render jobs that move pending → processing → completed|failed over (scaled) time. Export is free. */
import type { Ctx } from "./http";
import { fail, failStatus, ok, readJsonObject, sendJson, str } from "./http";
import { fixtures, serveBuffer } from "./media";
import { draftHasContent } from "./sessions";
import type { Fault } from "./types";
import type { World } from "./world";

export interface Render {
  id: string;
  userId: string;
  sessionId: string;
  createdAt: number;
  /** Real ms until completed. */
  durationMs: number;
  error?: string;
  /** Real ms after creation from which `error` shows (0 or unset: at once). */
  failAfterMs?: number;
  outputName: string;
  /** The timeline's orientation when it was submitted (its canvas): the MP4 follows it. */
  portrait?: boolean;
  /** Added: set by POST …/lambda/<id>/cancel; the job then reports `cancelled`. */
  cancelled?: boolean;
}

export class Renders {
  readonly byId = new Map<string, Render>();
  private counter = 0;

  nextName(id: string): string {
    this.counter += 1;
    return `${id.replace(/[^A-Za-z0-9_-]/g, "_")}_${this.counter}.mp4`;
  }

  /** Jobs and the name counter, for the state file (persist.ts). */
  snapshot(): { counter: number; list: Render[] } {
    return { counter: this.counter, list: [...this.byId.values()].map((r) => ({ ...r })) };
  }

  restore(snap: { counter: number; list: Render[] }): void {
    for (const r of snap.list) this.byId.set(r.id, { ...r });
    this.counter = Math.max(this.counter, snap.counter);
  }

  reset(): void {
    this.byId.clear();
  }
}

export function renderView(world: World, r: Render, now = world.now()): Record<string, unknown> {
  const elapsed = now - r.createdAt;
  if (r.cancelled) return { id: r.id, status: "cancelled", progress: 0 };
  if (r.error && elapsed >= (r.failAfterMs ?? 0)) return { id: r.id, status: "failed", progress: 0, error: r.error };
  if (elapsed < r.durationMs * 0.1) return { id: r.id, status: "pending", progress: 0 };
  if (elapsed < r.durationMs) {
    return { id: r.id, status: "processing", progress: Math.min(99, Math.floor((elapsed / r.durationMs) * 100)) };
  }
  return {
    id: r.id,
    status: "completed",
    progress: 100,
    output: { url: world.mediaUrl(r.outputName), format: "mp4", size: exportBytes(r).length, duration_ms: 2000, width: r.portrait ? 1080 : 1920, height: r.portrait ? 1920 : 1080 },
  };
}

const SIMULATED_FAILURE = "Simulated render failure";

/** What a render delivers: 1080×1920 for a portrait timeline, else 1920×1080. */
function exportBytes(r: Render): Buffer {
  return r.portrait ? fixtures().exportPortraitMp4 : fixtures().exportMp4;
}

/** A canvas taller than wide (the session's `canvas_config`, which the agent sets when asked for a ratio). */
function isPortrait(canvas: Record<string, unknown>): boolean {
  const w = Number(canvas.width);
  const h = Number(canvas.height);
  return Number.isFinite(w) && Number.isFinite(h) && h > w;
}

export async function submitRender(ctx: Ctx, world: World, fault?: Fault): Promise<void> {
  const user = world.auth.authenticate(ctx.req);
  const body = await readJsonObject(ctx);
  if (!user) return fail(ctx.res, 1001, "Token expired or invalid");
  if (ctx.rec.missingSkillHeaders.length > 0) {
    return failStatus(ctx.res, 402, "Export is not available on the free plan for unattributed clients");
  }
  if (!body) return failStatus(ctx.res, 400, "Body must be a JSON object");
  const sessionId = str(body.sessionId) ?? str(body.session_id);
  const session = sessionId ? world.sessions.get(sessionId, user.id) : undefined;
  if (!session) return fail(ctx.res, 1002, "Session not found");
  const id = str(body.id) ?? `render_${world.now()}`;
  const existing = world.renders.byId.get(id);
  if (existing && existing.userId === user.id) return ok(ctx.res, { id, status: renderView(world, existing).status });
  const render: Render = {
    id,
    userId: user.id,
    sessionId: session.id,
    createdAt: world.now(),
    durationMs: world.renderDurationMs(id),
    error: draftHasContent(body.draft) ? undefined : "Draft is empty: nothing to render",
    outputName: world.renders.nextName(id),
    portrait: isPortrait(session.state.canvas_config),
  };
  if (!render.error && fault?.type === "render-failed") {
    render.error = fault.message ?? SIMULATED_FAILURE;
    render.failAfterMs = render.durationMs * 0.5;
  }
  world.renders.byId.set(id, render);
  world.media.put(render.outputName, exportBytes(render), "video/mp4");
  ok(ctx.res, { id, status: renderView(world, render).status, session_id: session.id });
}

function findRender(ctx: Ctx, world: World, id: string): Render | undefined {
  const user = world.auth.authenticate(ctx.req);
  if (!user) {
    fail(ctx.res, 1001, "Token expired or invalid");
    return undefined;
  }
  const render = world.renders.byId.get(id);
  if (!render || render.userId !== user.id) {
    failStatus(ctx.res, 404, "Render job not found");
    return undefined;
  }
  return render;
}

/**
 * Poll answer in the shape chosen by `world.renderShape` (README, "Render status shapes"); by
 * default `status`, `progress`, `output` at the top level and, for envelope readers, in `data`.
 */
export function pollRender(ctx: Ctx, world: World, id: string, fault?: Fault): void {
  const render = findRender(ctx, world, id);
  if (!render) return;
  if (fault?.type === "render-failed") {
    render.error = fault.message ?? SIMULATED_FAILURE;
    render.failAfterMs = 0;
  }
  const view = renderView(world, render);
  const { shape, progress } = world.renderShape;
  if (progress === "fraction" && typeof view.progress === "number") view.progress = view.progress / 100;
  const url = (view.output as { url?: string } | undefined)?.url;
  switch (shape) {
    case "mixed":
      return sendJson(ctx.res, 200, { code: 0, message: "success", ...view, data: view });
    case "top":
      return sendJson(ctx.res, 200, view);
    case "envelope":
      return sendJson(ctx.res, 200, { code: 0, message: "success", data: view });
    case "url-only": {
      const { status, ...rest } = view;
      return sendJson(ctx.res, 200, url ? rest : { ...rest, status });
    }
    case "success": {
      const { output: _output, ...rest } = view;
      const data = { ...rest, outputUrl: url, createdAt: new Date(render.createdAt).toISOString(), completedAt: url ? new Date(world.now()).toISOString() : null };
      return sendJson(ctx.res, 200, { success: true, data });
    }
  }
}

/** Added: `POST …/lambda/<id>/cancel` stops a job (it then reports `cancelled`); 404 for an unknown id. */
export function cancelRender(ctx: Ctx, world: World, id: string): void {
  const render = findRender(ctx, world, id);
  if (!render) return;
  render.cancelled = true;
  ok(ctx.res, { id, status: "cancelled" });
}

export function downloadRender(ctx: Ctx, world: World, id: string, fault?: Fault): void {
  const render = findRender(ctx, world, id);
  if (!render) return;
  const view = renderView(world, render);
  if (view.status !== "completed") return failStatus(ctx.res, 409, `Render is ${String(view.status)}, not completed`);
  serveBuffer(ctx, { data: exportBytes(render), mime: "video/mp4" }, fault?.type === "cut" ? fault.afterBytes : undefined, {
    "Content-Disposition": `attachment; filename="${render.outputName}"`,
  });
}
