/**
 * The error table of the backend (NEMO_API.md, "Response envelope"): turn an HTTP status and an
 * envelope code into a `Problem`, and a problem the caller could not recover from into a
 * NemoError with a sentence for a person and a next step.
 */
import { AuthError, CreditsError, InputError, NemoError, ServerError, phrase } from "../errors";
import type { Envelope } from "./envelope";

export type ProblemKind =
  | "token" // 1001 (or HTTP 401)
  | "session" // 1002
  | "credits" // 2001
  | "unsupported" // 4001 (or HTTP 415)
  | "too-large" // 4002 (or HTTP 413)
  | "client-id" // 400
  | "export-blocked" // 402
  | "plan-required" // HTTP 403 "plan required" (a later gateway): a plan matter like 402, never retried
  | "rate-limited" // 429
  | "server"; // 5xx, unknown code or unexpected status

export interface Problem {
  kind: ProblemKind;
  /** The envelope code or the HTTP status. */
  backendCode: number;
  status: number;
  /** The server's own words, for the log. */
  serverMessage?: string;
  /** False when the error had no NemoVideo envelope (e.g. an HTML page from a proxy on the way). */
  enveloped?: boolean;
  /** Retry-After in seconds, when the answer carried one (503, 429). */
  retryAfterSec?: number;
}

/** Retry-After as seconds: a number of seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  const v = value?.trim();
  if (!v) return undefined;
  if (/^\d+$/.test(v)) return Number(v);
  const at = Date.parse(v);
  return Number.isFinite(at) ? Math.max(0, Math.ceil((at - nowMs) / 1000)) : undefined;
}

/** A "wait" answer: a 429, or a 503 that says when to come back (neither was processed: retrying is safe). */
export function isWaitAnswer(p: Problem): boolean {
  return p.kind === "rate-limited" || (p.kind === "server" && p.status === 503 && p.retryAfterSec !== undefined);
}

/** "14:05:09": a local clock time a person can act on. */
function clockTime(ms: number): string {
  const d = new Date(ms);
  const two = (n: number): string => String(n).padStart(2, "0");
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

/**
 * RATE_LIMITED: the service asked to wait longer than the client waits (`waitMs`, from now
 * `nowMs`); the sentence says when to try again.
 */
export function rateLimitedError(p: Problem, waitMs: number, nowMs: number): ServerError {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return new ServerError("RATE_LIMITED", {
    backendCode: p.backendCode,
    userMessage:
      p.status === 503
        ? phrase("The NemoVideo service is unavailable for now (HTTP 503) and asked to wait {0} s.", seconds)
        : phrase("The NemoVideo service is rate-limiting requests and asked to wait {0} s.", seconds),
    nextStep: phrase("Try again after {0} (in about {1} s).", clockTime(nowMs + waitMs), seconds),
  });
}

export const ACCEPTED_FORMATS = ["mp4", "mov", "avi", "webm", "mkv", "jpg", "png", "gif", "webp", "mp3", "wav", "m4a", "aac"];
export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;

function kindOfNumber(n: number): ProblemKind | undefined {
  switch (n) {
    case 1001:
    case 1010: // the vendor's gateway says the same with these two
    case 1011:
    case 401:
      return "token";
    case 1002:
      return "session";
    case 2001:
      return "credits";
    case 4001:
    case 415:
      return "unsupported";
    case 4002:
    case 413:
      return "too-large";
    case 400:
      return "client-id";
    case 402:
      return "export-blocked";
    case 403:
      return "plan-required";
    case 429:
      return "rate-limited";
    default:
      return undefined;
  }
}

/** What went wrong, or undefined for success (2xx and code 0). */
export function classify(status: number, envelope: Envelope | undefined): Problem | undefined {
  const serverMessage = envelope?.message;
  if (envelope && envelope.code !== 0) {
    return { kind: kindOfNumber(envelope.code) ?? "server", backendCode: envelope.code, status, serverMessage };
  }
  if (status >= 200 && status < 300) return undefined;
  return { kind: kindOfNumber(status) ?? "server", backendCode: status, status, serverMessage, enveloped: envelope !== undefined };
}

export interface ProblemContext {
  /** Registration link (anonymous) or top-up link (registered), for 2001. */
  creditsLink: string;
  anonymous: boolean;
  pricingLink: string;
  /** Whether the token came from the environment or was given explicitly (or pasted). */
  userToken: boolean;
}

/** The final error for a problem the caller does not (or no longer) recover from. */
export function problemToError(p: Problem, ctx: ProblemContext): NemoError {
  const base = { backendCode: p.backendCode };
  switch (p.kind) {
    case "token":
      return tokenInvalidError(ctx.userToken, p.backendCode);
    case "session":
      return new ServerError("SESSION_NOT_FOUND", {
        ...base,
        userMessage: phrase("Your session no longer exists on the server; its timeline is gone."),
        nextStep: phrase("Start a new session (Image Generation: New Session)."),
      });
    case "credits":
      return new CreditsError("OUT_OF_CREDITS", {
        ...base,
        link: ctx.creditsLink,
        userMessage: phrase("You are out of NemoVideo credits."),
        nextStep: ctx.anonymous
          ? phrase("Register a free account to keep your work and get more credits: {0}", ctx.creditsLink)
          : phrase("Top up your credits: {0}", ctx.creditsLink),
      });
    case "unsupported":
      return unsupportedFileError(undefined, p.backendCode);
    case "too-large":
      if (p.status === 413 && p.enveloped === false) {
        // Not the service's 200 MB rule: a proxy on the way has a smaller limit of its own.
        return new InputError("FILE_TOO_LARGE", {
          ...base,
          userMessage: phrase("A proxy between you and NemoVideo refused the upload as too large (HTTP 413)."),
          nextStep: phrase("Ask whoever runs the proxy to raise its upload limit, or upload a smaller file."),
        });
      }
      return fileTooLargeError(undefined, p.backendCode);
    case "client-id":
      return new AuthError("MISSING_CLIENT_ID", {
        ...base,
        userMessage: phrase("The service refused the request because the client id was missing or unknown."),
        nextStep: phrase("Try again; if it keeps happening, set NEMO_CLIENT_ID to a UUID of your own."),
      });
    case "export-blocked":
      return new CreditsError("EXPORT_BLOCKED", {
        ...base,
        link: ctx.pricingLink,
        userMessage: phrase("Export is not available on the free plan — a subscription matter, not credits."),
        nextStep: phrase("See the plans: {0}", ctx.pricingLink),
      });
    case "plan-required":
      return new CreditsError("PLAN_REQUIRED", {
        ...base,
        link: ctx.pricingLink,
        userMessage: phrase("This needs a paid NemoVideo plan — a subscription matter, not credits."),
        nextStep: phrase("See the plans: {0}", ctx.pricingLink),
      });
    case "rate-limited":
      return new ServerError("RATE_LIMITED", {
        ...base,
        userMessage: phrase("The NemoVideo service is rate-limiting requests right now."),
        nextStep: phrase("Wait a minute and try again."),
      });
    case "server":
      if (p.status === 503 && p.retryAfterSec !== undefined) {
        return new ServerError("SERVER", {
          ...base,
          userMessage: phrase("The NemoVideo service is unavailable for now (HTTP 503)."),
          nextStep: phrase("It asked to try again in {0} s.", p.retryAfterSec),
        });
      }
      return new ServerError("SERVER", {
        ...base,
        userMessage:
          p.status >= 500
            ? phrase("The NemoVideo service had a problem (HTTP {0}).", p.status)
            : p.status >= 300
              ? phrase("The NemoVideo service answered with an unexpected HTTP {0}.", p.status)
              : phrase("The NemoVideo service answered with an unexpected code {0}.", String(p.backendCode)),
        nextStep: phrase("Try again in a few minutes."),
      });
  }
}

export function tokenInvalidError(userToken: boolean, backendCode?: number): AuthError {
  return new AuthError("TOKEN_INVALID", {
    backendCode,
    userMessage: phrase("Your NemoVideo token is invalid or has expired."),
    // Anonymous: a fresh free token was already tried (one renewal) and refused too; asking for another would loop.
    nextStep: userToken
      ? phrase("Set a new token (Image Generation: Set Token) or update NEMO_TOKEN.")
      : phrase("A fresh free token was refused too: set your own token (Image Generation: Set Token) or NEMO_TOKEN."),
  });
}

/**
 * A 429 (status or envelope code) on the anonymous-token call: the free-token limit per network
 * ("5 per IP per hour" in the vendor's API reference; NEMO_API.md "Variants"). Waiting 30 s does
 * not help an hourly limit, so it is not retried.
 */
export function anonymousTokenLimitError(backendCode?: number): ServerError {
  return new ServerError("RATE_LIMITED", {
    backendCode,
    userMessage: phrase("Too many free tokens were requested from this network in the last hour; set a token or try again later."),
    nextStep: phrase("Set your own token (Set Token, or NEMO_TOKEN), or try again in an hour."),
  });
}

export function unsupportedFileError(what?: string, backendCode?: number): InputError {
  return new InputError("UNSUPPORTED_FILE", {
    backendCode,
    userMessage: what ? phrase("{0} is not a supported file type.", what) : phrase("This file type is not supported."),
    nextStep: phrase("Accepted formats: {0}.", ACCEPTED_FORMATS.join(", ")),
  });
}

export function fileTooLargeError(what?: string, backendCode?: number): InputError {
  return new InputError("FILE_TOO_LARGE", {
    backendCode,
    userMessage: what ? phrase("{0} is larger than the 200 MB limit.", what) : phrase("The file is larger than the 200 MB limit."),
    nextStep: phrase("Compress or trim it below 200 MB and upload it again."),
  });
}

export function badResponseError(detail: string, cause?: unknown): ServerError {
  return new ServerError("BAD_RESPONSE", {
    cause,
    userMessage: phrase("The NemoVideo service sent an answer this extension could not read ({0}).", detail),
    nextStep: phrase("Try again; if it keeps happening, check your proxy settings and the log."),
    seeLog: true,
  });
}
