/**
 * Which of the vendor's two documented dialects the simulator speaks (SimOptions.shape, env
 * SIM_SHAPE, `--shape`, `POST /__sim/shape`):
 * - "adk" (default): NEMO_API.md's ADK events (`content.parts[]`, partial pieces, a non-partial
 *   repeat), heartbeats as `: ping` comments and empty `data:` lines.
 * - "reference": the flat events of the vendor's API reference (nemovideo/nemovideo_skills
 *   `references/api-reference.md`): `{"type":"text","content":…}`, `{"type":"tool_call",name,args}`,
 *   `{"type":"tool_result",name,result}`, `{"type":"heartbeat"}`, `{"type":"error",message}`. The
 *   whole-turn repeat is a plain text event (the flat shape has no partial flag); the state answer
 *   carries `canvas_config` and segments carry `m.title/width/height` in both dialects.
 * And which user-path form it accepts (SimOptions.userPaths, env SIM_USER_PATHS, `--user-paths`):
 * "both" (default), "me" (the seed's server: a path with the id has no route, 404; `run_sse`'s
 * `user_id` must be "me", else 1002) or "user-id" (the reference's: `me` is looked up as a user
 * named "me", 1002). Session creation (`/api/tasks/me/with-session/…`) takes either in every mode.
 */
import type { AdkEvent } from "./turn";

export type StreamShape = "adk" | "reference";
export type UserPathMode = "both" | "me" | "user-id";

export const STREAM_SHAPES: readonly StreamShape[] = ["adk", "reference"];
export const USER_PATH_MODES: readonly UserPathMode[] = ["both", "me", "user-id"];

export function streamShapeOf(value: string | undefined): StreamShape | undefined {
  return STREAM_SHAPES.find((s) => s === value?.trim().toLowerCase());
}

export function userPathModeOf(value: string | undefined): UserPathMode | undefined {
  return USER_PATH_MODES.find((s) => s === value?.trim().toLowerCase());
}

/** The flat events of one ADK event (or `{error}` payload), in order. */
export function toReferenceEvents(ev: AdkEvent | Record<string, unknown>): Record<string, unknown>[] {
  if ("error" in ev && ev.error !== undefined) return [{ type: "error", message: String(ev.error) }];
  const content = (ev as AdkEvent).content;
  if (!content) return [];
  const out: Record<string, unknown>[] = [];
  for (const part of content.parts) {
    if (typeof part.text === "string") out.push({ type: "text", content: part.text });
    const call = part.functionCall as { name?: string; args?: unknown } | undefined;
    if (call) out.push({ type: "tool_call", name: call.name, args: call.args ?? {} });
    const res = part.functionResponse as { name?: string; response?: unknown } | undefined;
    if (res) out.push({ type: "tool_result", name: res.name, result: res.response ?? {} });
  }
  return out;
}

/** What a request's user segment (`me` or an id) gets: accepted, no such route (404), or no such session (1002). */
export function checkUserSegment(mode: UserPathMode, segment: string, userId: string): "ok" | "no-route" | "no-session" {
  const isMe = segment === "me";
  if (mode === "me" && !isMe) return "no-route";
  if (!isMe && segment !== userId) return "no-session";
  if (mode === "user-id" && isMe) return "no-session";
  return "ok";
}

/**
 * The state answer as the reference writes it: `canvas_config.aspect_ratio` (not `ratio`) and a
 * visual segment's `m.title` (not `name`), with its width and height. `state` is a clone, changed in place.
 */
export function toReferenceState(state: Record<string, unknown>): Record<string, unknown> {
  const canvas = state.canvas_config as Record<string, unknown> | undefined;
  if (canvas && "ratio" in canvas) {
    canvas.aspect_ratio = canvas.ratio;
    delete canvas.ratio;
  }
  const draft = state.draft as { t?: { tt?: number; sg?: { m?: Record<string, unknown> }[] }[] } | undefined;
  for (const track of draft?.t ?? []) {
    if (track.tt !== 0) continue;
    for (const seg of track.sg ?? []) {
      const m = seg.m;
      if (!m || typeof m.name !== "string") continue;
      m.title = m.name;
      delete m.name;
      m.width ??= canvas?.width;
      m.height ??= canvas?.height;
    }
  }
  return state;
}
