/**
 * The REST endpoints of NEMO_API.md in one place: paths, bodies and the tolerant decoding of
 * their answers. Each function returns a CallSpec for ApiCaller.
 */
import * as z from "zod"; // a namespace import: esbuild keeps only what is used (no locales)
import type { Credits, SessionIds } from "../types";
import type { CallSpec, RawBody, UserForm, UserPathRule } from "./caller";
import { badResponseError } from "./problems";

const sid = (s: SessionIds | undefined): string => encodeURIComponent(s?.sessionId ?? "");
const uploadPath = (s: SessionIds | undefined, user: string | undefined): string =>
  `/api/upload-video/nemo_agent/${encodeURIComponent(user ?? "me")}/${sid(s)}`;

/**
 * Which user the state and upload paths and `run_sse`'s `user_id` name: the literal `me` (the seed,
 * NEMO_API.md "Endpoints") or the user's id (the vendor's API reference:
 * `/api/state/nemo_agent/{user_id}/{session_id}/latest`, `/api/upload-video/nemo_agent/{user_id}/{session_id}`;
 * NEMO_API.md "Variants", "user id in paths"). Unpublished which one production wants, so the one
 * rule, with no setting, works against both: the form that last worked against this API base; else
 * the id when it is known (from the anonymous-token or the session answer, kept with the token);
 * else `me`. A 404 or a 1002 on a form not yet known to work is retried once with the other
 * (ApiCaller), and the form that answered is remembered per API base for the life of the process;
 * once a form is known to work, a 1002 means what NEMO_API.md says (the session is gone). Session creation keeps `me`
 * (both documents write it so).
 */
const rememberedForms = new Map<string, UserForm>();
const baseKey = (apiBase: string): string => apiBase.replace(/\/+$/, "");

export const userPathRule: UserPathRule & { forget(): void } = {
  /** The form to try first. */
  first(apiBase: string, userId: string | undefined): UserForm {
    const known = rememberedForms.get(baseKey(apiBase));
    if (known === "me" || (known === "id" && userId)) return known;
    return userId ? "id" : "me";
  },
  /** The form to retry with after `form` was refused, or undefined when there is none (id unknown). */
  other(form: UserForm, userId: string | undefined): UserForm | undefined {
    return form === "id" ? "me" : userId ? "id" : undefined;
  },
  /**
   * Whether a refusal of `form` may mean "wrong user form": HTTP 404 (no such route) or 1002 (no
   * such session for that user), while `form` is not known to work against this API base.
   */
  refusesForm(apiBase: string, form: UserForm, status: number, backendCode: number): boolean {
    return (status === 404 || backendCode === 1002) && rememberedForms.get(baseKey(apiBase)) !== form;
  },
  /** The value a path segment or `user_id` carries (not yet URL-encoded). */
  value(form: UserForm, userId: string | undefined): string {
    return form === "id" && userId ? userId : "me";
  },
  remember(apiBase: string, form: UserForm): void {
    rememberedForms.set(baseKey(apiBase), form);
  },
  /** Tests: forget what was learnt. */
  forget(): void {
    rememberedForms.clear();
  },
};

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
    userPath: userPathRule,
    signal,
    build: (s, user) => ({ method: "GET", path: `/api/state/nemo_agent/${encodeURIComponent(user ?? "me")}/${sid(s)}/latest` }),
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
    userPath: userPathRule,
    stream: true,
    signal,
    build: (s, user) => ({
      method: "POST",
      path: "/run_sse",
      accept: "text/event-stream",
      json: { app_name: "nemo_agent", user_id: user ?? "me", session_id: s?.sessionId, new_message: { parts: [{ text: message }] } },
    }),
  }),
  uploadFiles: (body: () => RawBody, signal?: AbortSignal): CallSpec => ({
    route: "upload",
    session: true,
    userPath: userPathRule,
    signal,
    build: (s, user) => ({ method: "POST", path: uploadPath(s, user), raw: body }),
  }),
  uploadUrls: (urls: string[], signal?: AbortSignal): CallSpec => ({
    route: "upload",
    session: true,
    userPath: userPathRule,
    signal,
    build: (s, user) => ({ method: "POST", path: uploadPath(s, user), json: { urls, source_type: "url" } }),
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
