/** Plain REST routes: anonymous token, sessions, claim token, credits, state. */
import type { User } from "./auth";
import { creditsView } from "./auth";
import type { Ctx } from "./http";
import { fail, failStatus, header, ok, readJsonObject, str } from "./http";
import { clone } from "./sessions";
import { checkUserSegment, toReferenceState } from "./shape";
import type { World } from "./world";

function requireUser(ctx: Ctx, world: World): User | undefined {
  const user = world.auth.authenticate(ctx.req);
  if (!user) fail(ctx.res, 1001, "Token expired or invalid");
  return user;
}

/** `expiredAt` (fault "expired-at"): the answer claims the token expired a day ago; the token itself works. */
export function anonymousToken(ctx: Ctx, world: World, expiredAt = false): void {
  const clientId = header(ctx.req, "x-client-id")?.trim();
  if (!clientId) return failStatus(ctx.res, 400, "X-Client-Id header is required");
  const { token, user } = world.auth.issue(clientId);
  ok(ctx.res, { token: token.value, user_id: user.id, credits: user.available, expires_at: new Date(expiredAt ? Date.now() - 86_400_000 : token.expiresAt).toISOString(), scopes: ["read", "write", "upload"] });
}

export async function createSession(ctx: Ctx, world: World): Promise<void> {
  const body = await readJsonObject(ctx);
  const user = requireUser(ctx, world);
  if (!user) return;
  if (!body) return failStatus(ctx.res, 400, "Body must be a JSON object");
  const segment = /^\/api\/tasks\/([^/]+)\//.exec(ctx.url.pathname)?.[1] ?? "me";
  if (segment !== "me" && decodeURIComponent(segment) !== user.id) return fail(ctx.res, 1002, "Unknown user");
  const session = world.sessions.create(user.id, str(body.language) ?? "en");
  ok(ctx.res, { task_id: session.taskId, session_id: session.id, task_name: str(body.task_name) ?? "project", user_id: user.id });
}

export async function claimToken(ctx: Ctx, world: World): Promise<void> {
  const body = await readJsonObject(ctx);
  const user = requireUser(ctx, world);
  if (!user) return;
  const session = world.sessions.get(str(body?.session_id) ?? "", user.id);
  if (!session || (body?.task_id !== undefined && body.task_id !== session.taskId)) return fail(ctx.res, 1002, "Session not found");
  ok(ctx.res, { claim_token: `clm_${world.ids.id(24)}`, expires_in: 604800 });
}

export function credits(ctx: Ctx, world: World): void {
  const user = requireUser(ctx, world);
  if (user) ok(ctx.res, creditsView(user));
}

/**
 * The answer to a path with a user segment that the user-path form does not accept (test/sim/shape.ts):
 * true when it was answered (404 no route, or 1002).
 */
export function refuseUserSegment(ctx: Ctx, world: World, segment: string, user: User): boolean {
  const verdict = checkUserSegment(world.userPaths, segment, user.id);
  if (verdict === "no-route") failStatus(ctx.res, 404, `No route ${ctx.req.method ?? "GET"} ${ctx.url.pathname}`);
  else if (verdict === "no-session") fail(ctx.res, 1002, "Session not found");
  return verdict !== "ok";
}

export function sessionState(ctx: Ctx, world: World, userSegment: string, sessionId: string): void {
  const user = requireUser(ctx, world);
  if (!user) return;
  if (refuseUserSegment(ctx, world, userSegment, user)) return;
  const session = world.sessions.get(sessionId, user.id);
  if (!session) return fail(ctx.res, 1002, "Session not found");
  const state = clone(session.state) as unknown as Record<string, unknown>;
  ok(ctx.res, {
    session_id: session.id,
    task_id: session.taskId,
    version: session.turns,
    state: world.shape === "reference" ? toReferenceState(state) : state,
    updated_at: new Date().toISOString(),
  });
}
