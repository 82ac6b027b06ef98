/**
 * Calls to the NemoVideo API with the protocol's recoveries: every request carries the
 * attribution headers, the envelope is decoded and the error table applied. Each recoverable
 * problem is recovered at most once per call:
 *   1001 → renew the token (same client id) and retry; 400 → reload the client id and retry;
 *   1002 → new session (notice) and retry when the call is session-scoped. Anything else becomes
 *   a NemoError (./problems.ts).
 * Backpressure ("wait"): a 429, or a 503 with Retry-After, is retried after the wait the service
 * asks for (Retry-After in seconds or as an HTTP date, RFC 9110 §10.2.3; `rateLimitWaitMs` when a
 * 429 gives none), abortable, as long as each wait is at most MAX_RATE_LIMIT_WAIT_MS (2 min), all
 * waits of the request together stay within `rateLimitBudgetMs` and at most MAX_RATE_LIMIT_RETRIES
 * retries are made. Otherwise it fails at once with RATE_LIMITED, saying when to try again (the
 * CLI's exit code 7); nothing waits inside a window it cannot use.
 */
import type { Readable } from "node:stream";
import type { Dispatcher } from "undici";
import type { Timing } from "../api";
import type { Clock } from "../support/clock";
import { phrase, throwIfAborted } from "../errors";
import { type Logger, redact } from "../support/logger";
import { notice } from "../support/notice";
import type { Notice, SessionIds } from "../types";
import { decodeEnvelope, isJsonContentType } from "./envelope";
import { anonymousTokenLimitError, badResponseError, classify, isWaitAnswer, parseRetryAfter, type Problem, type ProblemContext, problemToError, type ProblemKind, rateLimitedError } from "./problems";
import { decodedBody, headerValue, type HttpMethod, type HttpResponse, readText, send } from "./transport";

export interface AuthPort {
  token(signal?: AbortSignal): Promise<string>;
  clientId(): Promise<string>;
  /** After a 1001 for `rejected`: get a new token with the same client id, or throw TOKEN_INVALID. */
  renew(rejected: string, signal?: AbortSignal): Promise<void>;
  /** After a 400: create or load the client id again. */
  reloadClientId(): Promise<void>;
  /** The user id kept with the current token (anonymous-token or session answer), if known. */
  userId(): Promise<string | undefined>;
  problemContext(): Promise<ProblemContext>;
}

export interface SessionPort {
  current(signal?: AbortSignal): Promise<SessionIds>;
  /** After a 1002 for `expired`: create a new session and tell the user. */
  replaceExpired(expired: SessionIds, signal?: AbortSignal): Promise<SessionIds>;
}

export interface RawBody {
  body: Readable;
  contentType: string;
  contentLength: number;
}

export interface RequestParts {
  method: HttpMethod;
  path: string;
  json?: unknown;
  /** A fresh body for each attempt (uploads). */
  raw?: () => RawBody;
  accept?: string;
}

export type UserForm = "me" | "id";

/** How a request names its user; the one implementation is `userPathRule` in ./endpoints.ts. */
export interface UserPathRule {
  first(apiBase: string, userId: string | undefined): UserForm;
  other(form: UserForm, userId: string | undefined): UserForm | undefined;
  refusesForm(apiBase: string, form: UserForm, status: number, backendCode: number): boolean;
  value(form: UserForm, userId: string | undefined): string;
  remember(apiBase: string, form: UserForm): void;
}

export interface CallSpec {
  /** A short name for logs, e.g. "credits". */
  route: string;
  signal?: AbortSignal;
  /** The anonymous-token call: no Authorization header. */
  anonymous?: boolean;
  /** Session-scoped: `build` receives the current session; 1002 replaces it and retries. */
  session?: boolean;
  /**
   * The request names the user (a path segment, `run_sse`'s `user_id`): `build` receives "me" or
   * the user's id as this rule (`userPathRule`, ./endpoints.ts) decides, and a 404 or 1002 is first
   * retried once with the other form.
   */
  userPath?: UserPathRule;
  build(session: SessionIds | undefined, user?: string): RequestParts;
  /** SSE: no idle timeout between body chunks. */
  stream?: boolean;
}

export interface CallerDeps {
  apiUrl: string;
  /** A configuration problem (e.g. a malformed API URL): every call fails with it. */
  configError?: Error;
  platform: string;
  version: string;
  skillSource: string;
  dispatcher?: Dispatcher;
  clock: Clock;
  logger: Logger;
  timing: Timing;
  auth: AuthPort;
  sessions: () => SessionPort;
  notify(notice: Notice): void;
}

/** The longest single wait for a service that says "wait" (ms). */
export const MAX_RATE_LIMIT_WAIT_MS = 120_000;
/** Retries of one request after "wait" answers, whatever the budget. */
export const MAX_RATE_LIMIT_RETRIES = 3;

type Outcome = { ok: true; data: unknown; res: HttpResponse } | { ok: false; problem: Problem };

export class ApiCaller {
  constructor(private readonly deps: CallerDeps) {}

  get apiOrigin(): string {
    try {
      return new URL(this.deps.apiUrl).origin;
    } catch {
      return "";
    }
  }

  /** A JSON call; returns the envelope's `data`. */
  async json(spec: CallSpec): Promise<unknown> {
    const out = await this.execute(spec, "json");
    return out.data;
  }

  /** A call whose 2xx answer is not JSON (SSE, file download); the body is left unread. */
  async raw(spec: CallSpec): Promise<HttpResponse> {
    const out = await this.execute(spec, "raw");
    return out.res;
  }

  /** The attribution headers (no credentials): safe for any origin. */
  skillHeaders(): Record<string, string> {
    return {
      "x-skill-source": this.deps.skillSource,
      "x-skill-version": this.deps.version,
      "x-skill-platform": this.deps.platform || "unknown",
    };
  }

  /** All headers of an API call, credentials included: only for the API origin. */
  async apiHeaders(signal?: AbortSignal, anonymous = false): Promise<Record<string, string>> {
    const headers: Record<string, string> = { ...this.skillHeaders(), "x-client-id": await this.deps.auth.clientId() };
    if (!anonymous) headers.authorization = `Bearer ${await this.deps.auth.token(signal)}`;
    return headers;
  }

  url(path: string): string {
    return `${this.deps.apiUrl.replace(/\/+$/, "")}${path.startsWith("/") ? path : `/${path}`}`;
  }

  private async execute(spec: CallSpec, mode: "json" | "raw"): Promise<{ data: unknown; res: HttpResponse }> {
    if (this.deps.configError) throw this.deps.configError;
    const recovered = new Set<ProblemKind>();
    const backoff = { waitedMs: 0, retries: 0 };
    let form: UserForm | undefined;
    let formSwitched = false;
    for (;;) {
      throwIfAborted(spec.signal);
      const session = spec.session ? await this.deps.sessions().current(spec.signal) : undefined;
      const token = spec.anonymous ? undefined : await this.deps.auth.token(spec.signal);
      const userId = spec.userPath ? await this.deps.auth.userId() : undefined;
      if (spec.userPath) form ??= spec.userPath.first(this.deps.apiUrl, userId);
      const parts = spec.build(session, form && spec.userPath ? spec.userPath.value(form, userId) : undefined);
      const headers = await this.apiHeaders(spec.signal, true);
      if (token !== undefined) headers.authorization = `Bearer ${token}`;
      if (parts.accept) headers.accept = parts.accept;
      let body: RawBody["body"] | string | undefined;
      if (parts.raw) {
        const raw = parts.raw();
        headers["content-type"] = raw.contentType;
        headers["content-length"] = String(raw.contentLength);
        body = raw.body;
      } else if (parts.json !== undefined) {
        headers["content-type"] = "application/json";
        body = JSON.stringify(parts.json);
      }
      const started = this.deps.clock.now();
      this.deps.logger.debug(`HTTP ${parts.method} ${parts.path} (${spec.route})`);
      const res = decodedBody(await send({
        method: parts.method,
        url: this.url(parts.path),
        headers,
        body,
        signal: spec.signal,
        dispatcher: this.deps.dispatcher,
        bodyTimeoutMs: spec.stream ? 0 : undefined,
        headersTimeoutMs: spec.stream ? this.deps.timing.streamCapMs : undefined,
      }));
      const outcome = await this.inspect(res, mode, spec.signal);
      const ms = this.deps.clock.now() - started;
      if (outcome.ok) {
        this.deps.logger.debug(`HTTP ${parts.method} ${parts.path} → ${res.status} (${ms} ms)`);
        if (form) spec.userPath?.remember(this.deps.apiUrl, form);
        return outcome;
      }
      const p = outcome.problem;
      this.deps.logger.warn(
        `HTTP ${parts.method} ${parts.path} → ${res.status} code ${p.backendCode} (${p.kind}, ${ms} ms)` +
          (p.serverMessage ? `: ${p.serverMessage.slice(0, 200)}` : ""),
      );
      const other = form && !formSwitched && spec.userPath?.refusesForm(this.deps.apiUrl, form, p.status, p.backendCode) ? spec.userPath.other(form, userId) : undefined;
      if (form && other) {
        // The other user form first (NEMO_API.md "Variants": `me` or the id); only then a new session.
        this.deps.logger.info(`${spec.route}: the "${form}" user form was refused; trying the "${other}" form once.`);
        form = other;
        formSwitched = true;
        continue;
      }
      if (isWaitAnswer(p)) {
        if (spec.anonymous && p.kind === "rate-limited") throw anonymousTokenLimitError(p.backendCode); // an hourly limit: no retry
        await this.waitAndRetry(p, spec, backoff);
        continue;
      }
      if (recovered.has(p.kind)) throw await this.finalError(p);
      recovered.add(p.kind);
      await this.recover(p, spec, session, token);
      if (p.kind === "session") form = undefined; // a new session: the rule's first choice again
    }
  }

  private async recover(p: Problem, spec: CallSpec, session: SessionIds | undefined, token: string | undefined): Promise<void> {
    switch (p.kind) {
      case "token":
        if (token === undefined) throw await this.finalError(p);
        await this.deps.auth.renew(token, spec.signal);
        return;
      case "client-id":
        await this.deps.auth.reloadClientId();
        return;
      case "session":
        if (!session) throw await this.finalError(p);
        await this.deps.sessions().replaceExpired(session, spec.signal);
        return;
      default:
        throw await this.finalError(p);
    }
  }

  /** Wait as the service asked and return, or throw RATE_LIMITED at once when the wait does not fit (see the header). */
  private async waitAndRetry(p: Problem, spec: CallSpec, backoff: { waitedMs: number; retries: number }): Promise<void> {
    const scale = this.deps.timing.retryAfterScale;
    const waitMs = p.retryAfterSec !== undefined ? p.retryAfterSec * 1000 * scale : this.deps.timing.rateLimitWaitMs;
    const fits =
      waitMs <= MAX_RATE_LIMIT_WAIT_MS * scale && backoff.waitedMs + waitMs <= this.deps.timing.rateLimitBudgetMs && backoff.retries < MAX_RATE_LIMIT_RETRIES;
    if (!fits) throw rateLimitedError(p, waitMs / scale, this.deps.clock.now());
    backoff.waitedMs += waitMs;
    backoff.retries += 1;
    this.deps.notify(notice("rate-limited", phrase("The service is busy; trying again in {0} s.", Math.max(1, Math.round(waitMs / 1000)))));
    await this.deps.clock.sleep(waitMs, spec.signal);
  }

  private async finalError(p: Problem): Promise<Error> {
    return problemToError(p, await this.deps.auth.problemContext());
  }

  private async inspect(res: HttpResponse, mode: "json" | "raw", signal?: AbortSignal): Promise<Outcome> {
    const contentType = headerValue(res.headers, "content-type");
    const success = res.status >= 200 && res.status < 300;
    if (mode === "raw" && success && /^\s*text\/html/i.test(contentType ?? "")) {
      // A proxy's or network's sign-in page where a stream or a file should be: nothing was sent on.
      const page = await readText(res.body, signal, 2048);
      this.deps.logger.warn(`A web page instead of the answer (HTTP ${res.status}): ${redact(page.slice(0, 120))}`);
      throw badResponseError("a web page instead of the answer: a proxy or network sign-in page?");
    }
    if (mode === "raw" && success && !isJsonContentType(contentType)) return { ok: true, data: undefined, res };
    const text = await readText(res.body, signal);
    const envelope = decodeEnvelope(text);
    const problem = classify(res.status, envelope);
    if (problem) {
      problem.retryAfterSec = parseRetryAfter(headerValue(res.headers, "retry-after"), this.deps.clock.now());
      return { ok: false, problem };
    }
    if (!envelope) {
      this.deps.logger.warn(`Unreadable answer (HTTP ${res.status}, ${contentType ?? "no content type"}): ${redact(text.slice(0, 120))}`);
      throw badResponseError(`expected JSON, got ${contentType ? contentType.split(";")[0] : "an untyped body"}`);
    }
    if (mode === "raw") throw badResponseError("expected a stream, got a JSON answer");
    return { ok: true, data: envelope.data, res };
  }
}
