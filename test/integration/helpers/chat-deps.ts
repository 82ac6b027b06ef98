/**
 * A minimal TurnDeps over real HTTP (undici) for the chat integration tests, independent of the
 * project's own HTTP code: anonymous token → session → POST /run_sse; GET state.
 */
import { request } from "undici";
import { z } from "zod";
import { defaultTiming, type Timing } from "../../../src/core/api";
import type { TurnDeps } from "../../../src/core/chat";
import { systemClock } from "../../../src/core/support";
import { warningsLogger } from "../client-helpers";
import { parseState } from "../../../src/core/state";

const HEADERS = { "x-skill-source": "image-generation-generator", "x-skill-version": "0.1.0", "x-skill-platform": "test" };
const Envelope = z.object({ code: z.number(), data: z.record(z.string(), z.unknown()).optional(), message: z.string().optional() });

async function api(base: string, method: "GET" | "POST", path: string, headers: Record<string, string>, body?: unknown): Promise<Record<string, unknown>> {
  const res = await request(base + path, {
    method,
    headers: { ...HEADERS, ...headers, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const env = Envelope.parse(await res.body.json());
  if (res.statusCode !== 200 || env.code !== 0) throw new Error(`${method} ${path}: HTTP ${res.statusCode}, code ${env.code}`);
  return env.data ?? {};
}

export interface ChatDepsHandle {
  deps: TurnDeps;
  warnings: string[];
  sessionId: string;
}

export async function chatDeps(base: string, timing: Partial<Timing> = {}): Promise<ChatDepsHandle> {
  const clientId = `chat-it-${Math.random().toString(36).slice(2)}`;
  const tok = await api(base, "POST", "/api/auth/anonymous-token", { "x-client-id": clientId });
  const auth = { authorization: `Bearer ${String(tok.token)}` };
  const ses = await api(base, "POST", "/api/tasks/me/with-session/nemo_agent", auth, { task_name: "project", language: "en" });
  const sessionId = String(ses.session_id);
  const { logger, warnings } = warningsLogger();
  const deps: TurnDeps = {
    clock: systemClock,
    logger,
    timing: { ...defaultTiming, ...timing },
    async openStream(message, signal) {
      const res = await request(`${base}/run_sse`, {
        method: "POST",
        signal,
        headers: { ...HEADERS, ...auth, "content-type": "application/json", accept: "text/event-stream" },
        body: JSON.stringify({ app_name: "nemo_agent", user_id: "me", session_id: sessionId, new_message: { parts: [{ text: message }] } }),
      });
      if (res.statusCode !== 200) {
        await res.body.dump();
        throw new Error(`run_sse: HTTP ${res.statusCode}`);
      }
      return res.body;
    },
    async readState(signal) {
      const res = await request(`${base}/api/state/nemo_agent/me/${sessionId}/latest`, { method: "GET", signal, headers: { ...HEADERS, ...auth } });
      const env = Envelope.parse(await res.body.json());
      if (env.code !== 0) throw new Error(`state: code ${env.code}`);
      return parseState(env.data?.state);
    },
  };
  return { deps, warnings, sessionId };
}
