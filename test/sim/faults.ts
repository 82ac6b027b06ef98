/** Scripted faults: queued per route with a count, consumed in order; route "any" matches every route. */
import * as z from "zod"; // a namespace import: esbuild keeps only what is used (no locales)
import type { Fault, FaultSpec, RouteName } from "./types";

const ROUTES = [
  "anonymous-token", "create-session", "claim-token", "run_sse", "upload", "credits", "state",
  "render-submit", "render-poll", "render-download", "render-cancel", "media", "blob", "any",
] as const;

const faultSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("code"), code: z.number().int() }),
  z.object({
    type: z.literal("status"),
    status: z.number().int().min(400).max(599),
    retryAfter: z.number().int().min(0).optional(),
    html: z.boolean().optional(),
    message: z.string().optional(),
  }),
  z.object({ type: z.literal("drop"), afterEvents: z.number().int().min(0) }),
  z.object({ type: z.literal("mute"), afterEvents: z.number().int().min(0), holdMs: z.number().min(0) }),
  z.object({ type: z.literal("stall"), ms: z.number().min(0) }),
  z.object({ type: z.literal("malformed") }),
  z.object({ type: z.literal("stream-error"), message: z.string() }),
  z.object({ type: z.literal("silent-close") }),
  z.object({ type: z.literal("xss") }),
  z.object({ type: z.literal("slow"), ms: z.number().min(0) }),
  z.object({ type: z.literal("cut"), afterBytes: z.number().int().min(0) }),
  z.object({ type: z.literal("render-failed"), message: z.string().optional() }),
  z.object({ type: z.literal("html") }),
  z.object({ type: z.literal("gzip") }),
  z.object({ type: z.literal("trickle") }),
  z.object({ type: z.literal("expired-at") }),
  z.object({ type: z.literal("upload-files") }),
]);

export const faultSpecSchema = z.object({
  route: z.enum(ROUTES),
  times: z.number().int().min(1).optional(),
  fault: faultSchema,
});

const SSE_ONLY = new Set<Fault["type"]>(["drop", "mute", "stall", "malformed", "stream-error", "silent-close", "xss", "gzip", "trickle"]);
const DOWNLOADS = new Set<RouteName>(["media", "render-download", "blob"]);

/** Whether a fault can act on a route (generic faults act everywhere). */
export function appliesTo(fault: Fault, route: RouteName): boolean {
  if (SSE_ONLY.has(fault.type)) return route === "run_sse";
  if (fault.type === "cut") return DOWNLOADS.has(route);
  if (fault.type === "render-failed") return route === "render-submit" || route === "render-poll";
  if (fault.type === "expired-at") return route === "anonymous-token";
  if (fault.type === "upload-files") return route === "upload";
  return true;
}

interface Queued {
  route: RouteName;
  remaining: number;
  fault: Fault;
}

export class Faults {
  private queue: Queued[] = [];

  add(spec: FaultSpec): void {
    const parsed = faultSpecSchema.parse(spec);
    this.queue.push({ route: parsed.route, remaining: parsed.times ?? 1, fault: parsed.fault });
  }

  /** The first queued fault for this route that can act on it; one use is consumed. */
  take(route: RouteName): Fault | undefined {
    const entry = this.queue.find((q) => (q.route === route || q.route === "any") && appliesTo(q.fault, route));
    if (!entry) return undefined;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.queue = this.queue.filter((q) => q !== entry);
    return entry.fault;
  }

  list(): FaultSpec[] {
    return this.queue.map((q) => ({ route: q.route, times: q.remaining, fault: q.fault }));
  }

  clear(): void {
    this.queue = [];
  }
}
