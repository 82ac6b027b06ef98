/**
 * The REST endpoints of NEMO_API.md in one place: paths, bodies and the tolerant decoding of
 * their answers. Each function returns a CallSpec for ApiCaller.
 */
import * as z from "zod"; // a namespace import: esbuild keeps only what is used (no locales)
import type { Credits, SessionIds } from "../types";
import type { CallSpec, RawBody } from "./caller";
import { badResponseError } from "./problems";

const sid = (s: SessionIds | undefined): string => encodeURIComponent(s?.sessionId ?? "");
const uploadPath = (s: SessionIds | undefined): string => `/api/upload-video/nemo_agent/me/${sid(s)}`;

export const endpoints = {
  anonymousToken: (signal?: AbortSignal): CallSpec => ({
    route: "anonymous-token",
    anonymous: true,
    signal,
    build: () => ({ method: "POST", path: "/api/auth/anonymous-token" }),
  }),
  createSession: (language: string, signal?: AbortSignal): CallSpec => ({
    route: "create-session",
    signal,
    build: () => ({ method: "POST", path: "/api/tasks/me/with-session/nemo_agent", json: { task_name: "project", language } }),
  }),
  credits: (signal?: AbortSignal): CallSpec => ({
    route: "credits",
    signal,
    build: () => ({ method: "GET", path: "/api/credits/balance/simple" }),
  }),
  state: (signal?: AbortSignal): CallSpec => ({
    route: "state",
    session: true,
    signal,
    build: (s) => ({ method: "GET", path: `/api/state/nemo_agent/me/${sid(s)}/latest` }),
  }),
  claimToken: (signal?: AbortSignal): CallSpec => ({
    route: "claim-token",
    session: true,
    signal,
    build: (s) => ({ method: "POST", path: "/api/auth/claim-token", json: { task_id: s?.taskId, session_id: s?.sessionId } }),
  }),
  runSse: (message: string, signal: AbortSignal): CallSpec => ({
    route: "run_sse",
    session: true,
    stream: true,
    signal,
    build: (s) => ({
      method: "POST",
      path: "/run_sse",
      accept: "text/event-stream",
      json: { app_name: "nemo_agent", user_id: "me", session_id: s?.sessionId, new_message: { parts: [{ text: message }] } },
    }),
  }),
  uploadFiles: (body: () => RawBody, signal?: AbortSignal): CallSpec => ({
    route: "upload",
    session: true,
    signal,
    build: (s) => ({ method: "POST", path: uploadPath(s), raw: body }),
  }),
  uploadUrls: (urls: string[], signal?: AbortSignal): CallSpec => ({
    route: "upload",
    session: true,
    signal,
    build: (s) => ({ method: "POST", path: uploadPath(s), json: { urls, source_type: "url" } }),
  }),
};

const amount = z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/).transform(Number)]);
const creditsSchema = z.looseObject({ available: amount, frozen: amount.optional(), total: amount.optional() });
const stateDataSchema = z.looseObject({ state: z.unknown().optional() });
const claimSchema = z.looseObject({ claim_token: z.string().min(1) });

export function decodeCredits(data: unknown): Credits {
  const parsed = creditsSchema.safeParse(data);
  if (!parsed.success) throw badResponseError("the credit balance was missing", parsed.error);
  const { available, frozen = 0 } = parsed.data;
  return { available, frozen, total: parsed.data.total ?? available + frozen };
}

/** `data.state`, or undefined (an empty state) when the answer has none. */
export function decodeStateData(data: unknown): unknown {
  const parsed = stateDataSchema.safeParse(data);
  return parsed.success ? parsed.data.state : undefined;
}

export function decodeClaimToken(data: unknown): string {
  const parsed = claimSchema.safeParse(data);
  if (!parsed.success) throw badResponseError("the claim answer had no claim token", parsed.error);
  return parsed.data.claim_token;
}
