/** /__sim/* control endpoints (no auth): faults, request log, uploads, reset, health and a few extras. */
import type { Ctx } from "./http";
import { failStatus, ok, readJsonObject, readBody } from "./http";
import { faultSpecSchema } from "./faults";
import type { FaultSpec } from "./types";
import * as z from "zod"; // a namespace import: esbuild keeps only what is used (no locales)

const renderShapeSchema = z.object({
  shape: z.enum(["mixed", "top", "envelope", "success", "url-only"]),
  progress: z.enum(["percent", "fraction"]).optional(),
});
const shapeSchema = z.object({
  shape: z.enum(["adk", "reference"]).optional(),
  userPaths: z.enum(["both", "me", "user-id"]).optional(),
});
import type { World } from "./world";

export interface ControlHooks {
  reset(): void;
  expireTokens(): void;
  setCredits(available: number): void;
}

async function addFaults(ctx: Ctx, world: World): Promise<void> {
  let value: unknown;
  try {
    value = JSON.parse((await readBody(ctx)).toString("utf8"));
  } catch {
    return failStatus(ctx.res, 400, "Body must be JSON: a FaultSpec or an array of them");
  }
  const specs = Array.isArray(value) ? value : [value];
  const parsed: FaultSpec[] = [];
  for (const spec of specs) {
    const result = faultSpecSchema.safeParse(spec);
    if (!result.success) return failStatus(ctx.res, 400, `Bad FaultSpec: ${result.error.message}`);
    parsed.push(result.data);
  }
  parsed.forEach((s) => world.faults.add(s));
  ok(ctx.res, { queued: world.faults.list() });
}

/** Handles the request when it is a control call; returns false for anything else. */
export async function handleControl(ctx: Ctx, world: World, hooks: ControlHooks): Promise<boolean> {
  const method = ctx.req.method ?? "GET";
  const path = ctx.url.pathname;
  const key = `${method} ${path}`;
  switch (key) {
    case "GET /__sim/health":
      ok(ctx.res, { ok: true, url: world.baseUrl, ...world.settings });
      return true;
    case "POST /__sim/faults":
      await addFaults(ctx, world);
      return true;
    case "DELETE /__sim/faults":
      world.faults.clear();
      ok(ctx.res, { queued: [] });
      return true;
    case "GET /__sim/faults":
      ok(ctx.res, world.faults.list());
      return true;
    case "GET /__sim/requests":
      ok(ctx.res, world.requests);
      return true;
    case "GET /__sim/uploads":
      ok(ctx.res, world.uploads);
      return true;
    case "POST /__sim/reset":
      hooks.reset();
      ok(ctx.res, { reset: true });
      return true;
    case "POST /__sim/forget-sessions":
      ok(ctx.res, { forgotten: world.forgetSessions() });
      return true;
    case "GET /__sim/schedule":
      ok(ctx.res, world.schedule.entries);
      return true;
    case "POST /__sim/expire-tokens":
      hooks.expireTokens();
      ok(ctx.res, { expired: true });
      return true;
    case "POST /__sim/render-shape": {
      const parsed = renderShapeSchema.safeParse(await readJsonObject(ctx));
      if (!parsed.success) return (failStatus(ctx.res, 400, `Bad render shape: ${parsed.error.message}`), true);
      world.renderShape = { shape: parsed.data.shape, progress: parsed.data.progress ?? "percent" };
      ok(ctx.res, world.renderShape);
      return true;
    }
    case "POST /__sim/shape": {
      const parsed = shapeSchema.safeParse(await readJsonObject(ctx));
      if (!parsed.success) return (failStatus(ctx.res, 400, `Bad shape: ${parsed.error.message}`), true);
      if (parsed.data.shape) world.shape = parsed.data.shape;
      if (parsed.data.userPaths) world.userPaths = parsed.data.userPaths;
      ok(ctx.res, { shape: world.shape, userPaths: world.userPaths });
      return true;
    }
    case "POST /__sim/credits": {
      const body = await readJsonObject(ctx);
      const available = body?.available;
      if (typeof available !== "number" || !Number.isFinite(available)) return (failStatus(ctx.res, 400, '{"available": n} expected'), true);
      hooks.setCredits(available);
      ok(ctx.res, { available });
      return true;
    }
  }
  const state = /^\/__sim\/state\/([^/]+)$/.exec(path);
  if (method === "GET" && state) {
    const session = world.sessions.get(decodeURIComponent(state[1]));
    if (!session) failStatus(ctx.res, 404, "no such session");
    else ok(ctx.res, session.state);
    return true;
  }
  return false;
}
