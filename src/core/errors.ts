/**
 * The one error hierarchy of the project. Every failure that reaches a person is a NemoError:
 * a stable `code`, a one-sentence `userMessage`, an optional `nextStep`, an optional `link`
 * (registration, top-up) and the original `cause`. `message` is for logs; it never holds a token.
 */
export type ErrorCode =
  | "TOKEN_INVALID" // 1001 that survived one renewal
  | "SESSION_NOT_FOUND" // 1002
  | "OUT_OF_CREDITS" // 2001
  | "UNSUPPORTED_FILE" // 4001 or refused locally
  | "FILE_TOO_LARGE" // 4002 or refused locally
  | "MISSING_CLIENT_ID" // 400 that survived one retry
  | "EXPORT_BLOCKED" // 402
  | "PLAN_REQUIRED" // HTTP 403 "plan required"
  | "RATE_LIMITED" // 429 (or 503 with Retry-After) past the wait budget: try again later
  | "SERVER" // 5xx or an unknown non-zero code
  | "NETWORK" // connection refused, reset, DNS
  | "CERTIFICATE" // the server's (or proxy's) TLS certificate is not trusted
  | "TIMEOUT" // stream cap, heartbeat-only timeout
  | "CANCELLED" // the user aborted
  | "BAD_RESPONSE" // a body that failed validation
  | "STREAM_ERROR" // {"error": ...} inside the SSE stream
  | "STREAM_DROPPED" // recovery gave up after a dropped stream
  | "SESSION_LOST" // the service forgot the session while a request on it was running (it restarted)
  | "NO_DRAFT" // export pre-check failed
  | "RENDER_FAILED"
  | "DOWNLOAD_FAILED"
  | "RENDER_UNKNOWN" // a render id the service does not know (404 on a poll)
  | "SAVE_FAILED" // the file system refused the file (read-only, full, a file in the way, a bad name)
  | "BAD_INPUT" // anything the user typed or picked that we refuse before sending
  | "NO_FOLDER"; // media needs a folder to be saved in and none is open

export type ErrorCategory = "auth" | "credits" | "input" | "network" | "server" | "cancelled";

/**
 * A sentence the core writes for a person, kept as an English template with `{0}` placeholders plus
 * its arguments, so a host can translate it (the VS Code extension passes it to vscode.l10n.t, whose
 * bundles use the English template as the key). Arguments (file names, backend text) are never translated.
 */
export interface Phrase {
  readonly template: string;
  readonly args: readonly string[];
}

/** Translates a phrase's template and fills in its arguments. */
export type PhraseTranslator = (text: Phrase) => string;

export function phrase(template: string, ...args: Array<string | number>): Phrase {
  return { template, args: args.map(String) };
}

/** Fill `{n}` placeholders; an index without an argument stays as written. */
export function fillTemplate(template: string, args: ReadonlyArray<string | number>): string {
  return template.replace(/\{(\d+)\}/g, (whole, n: string) => {
    const v = args[Number(n)];
    return v === undefined ? whole : String(v);
  });
}

/** The English sentence of a phrase. */
export const englishPhrase: PhraseTranslator = (text) => fillTemplate(text.template, text.args);

function render(text: string | Phrase, translate: PhraseTranslator): string {
  return typeof text === "string" ? text : translate(text);
}

export interface NemoErrorInit {
  /** A plain string is shown as written (the host already translated it); a Phrase can be translated. */
  userMessage: string | Phrase;
  nextStep?: string | Phrase;
  link?: string;
  cause?: unknown;
  /** Backend code or HTTP status, when there was one. */
  backendCode?: number;
  /** The next step points at the log: each adapter adds its own way to open it (button, NEMO_DEBUG=1). */
  seeLog?: boolean;
}

/**
 * The extension ships two bundles (activation and the lazily loaded client) and each holds a copy
 * of these classes, so `instanceof` compares the kinds an error carries (its class and parents,
 * each named by a static `kind`), not class objects. A subclass without its own `kind` falls back
 * to the ordinary check.
 */
const KINDS = Symbol.for("image-generation-generator.error-kinds");

const hasOwn = (o: object, key: PropertyKey): boolean => Object.prototype.hasOwnProperty.call(o, key);

function kindsOf(ctor: unknown): string[] {
  const kinds: string[] = [];
  for (let c = ctor as { kind?: unknown } | null; c && c !== Function.prototype; c = Object.getPrototypeOf(c)) {
    if (hasOwn(c, "kind") && typeof c.kind === "string") kinds.push(c.kind);
  }
  return kinds;
}

export class NemoError extends Error {
  static readonly kind: string = "NemoError";

  static override [Symbol.hasInstance](value: unknown): boolean {
    const kinds = typeof value === "object" && value !== null ? (value as { [KINDS]?: unknown })[KINDS] : undefined;
    if (Array.isArray(kinds) && hasOwn(this, "kind")) return kinds.includes((this as unknown as { kind: string }).kind);
    return Function.prototype[Symbol.hasInstance].call(this, value);
  }

  readonly code: ErrorCode;
  readonly userMessage: string;
  readonly nextStep?: string;
  readonly link?: string;
  readonly backendCode?: number;
  readonly seeLog: boolean;
  override readonly cause?: unknown;
  private readonly text: { userMessage: string | Phrase; nextStep?: string | Phrase };

  constructor(code: ErrorCode, init: NemoErrorInit) {
    const userMessage = render(init.userMessage, englishPhrase);
    super(`${code}: ${userMessage}`);
    this.name = new.target.name;
    Object.defineProperty(this, KINDS, { value: kindsOf(new.target) });
    this.code = code;
    this.userMessage = userMessage;
    this.nextStep = init.nextStep === undefined ? undefined : render(init.nextStep, englishPhrase);
    this.text = { userMessage: init.userMessage, nextStep: init.nextStep };
    this.link = init.link;
    this.backendCode = init.backendCode;
    this.seeLog = init.seeLog ?? false;
    this.cause = init.cause;
  }

  get category(): ErrorCategory {
    return categoryOf(this.code);
  }

  /** The sentence and next step in the host's language (English without a translator). */
  describe(translate: PhraseTranslator = englishPhrase): { message: string; nextStep?: string } {
    const message = render(this.text.userMessage, translate);
    return this.text.nextStep === undefined ? { message } : { message, nextStep: render(this.text.nextStep, translate) };
  }

  /** One or two sentences for a person: what happened and what to do. */
  toDisplayString(translate: PhraseTranslator = englishPhrase): string {
    const d = this.describe(translate);
    return d.nextStep ? `${d.message} ${d.nextStep}` : d.message;
  }
}

export class AuthError extends NemoError {
  static override readonly kind: string = "AuthError";
}
export class CreditsError extends NemoError {
  static override readonly kind: string = "CreditsError";
}
export class InputError extends NemoError {
  static override readonly kind: string = "InputError";
}
export class NetworkError extends NemoError {
  static override readonly kind: string = "NetworkError";
}
export class ServerError extends NemoError {
  static override readonly kind: string = "ServerError";
}
export class CancelledError extends NemoError {
  static override readonly kind: string = "CancelledError";
  constructor(cause?: unknown) {
    super("CANCELLED", { userMessage: phrase("Cancelled."), cause });
  }
}

export function categoryOf(code: ErrorCode): ErrorCategory {
  switch (code) {
    case "TOKEN_INVALID":
    case "MISSING_CLIENT_ID":
      return "auth";
    case "OUT_OF_CREDITS":
    case "EXPORT_BLOCKED":
    case "PLAN_REQUIRED":
      return "credits";
    case "UNSUPPORTED_FILE":
    case "FILE_TOO_LARGE":
    case "NO_DRAFT":
    case "BAD_INPUT":
    case "SAVE_FAILED":
    case "NO_FOLDER":
      return "input";
    case "NETWORK":
    case "CERTIFICATE":
    case "TIMEOUT":
    case "STREAM_DROPPED":
    case "DOWNLOAD_FAILED":
      return "network";
    case "CANCELLED":
      return "cancelled";
    default:
      return "server";
  }
}

export function isAbortError(err: unknown): boolean {
  if (err instanceof CancelledError) return true;
  if (typeof err !== "object" || err === null) return false;
  const name = (err as { name?: unknown }).name;
  const code = (err as { code?: unknown }).code;
  return name === "AbortError" || code === "ABORT_ERR" || code === "UND_ERR_ABORTED";
}

/** OpenSSL's verification failures as Node reports them (self-signed, unknown issuer, expired, wrong name). */
const CERTIFICATE_CODES = /^(DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|CERT_HAS_EXPIRED|CERT_NOT_YET_VALID|ERR_TLS_CERT_ALTNAME_INVALID|CERT_UNTRUSTED|CERT_REJECTED)$/;

/** Turn anything thrown into a NemoError, keeping the original as `cause`. */
export function toNemoError(err: unknown): NemoError {
  if (err instanceof NemoError) return err;
  if (isAbortError(err)) return new CancelledError(err);
  const code = typeof err === "object" && err !== null ? (err as { code?: unknown }).code : undefined;
  if (typeof code === "string" && CERTIFICATE_CODES.test(code)) {
    return new NetworkError("CERTIFICATE", {
      userMessage: phrase("The secure connection failed: the server's certificate is not trusted ({0}).", code),
      nextStep: phrase(
        "If your network uses its own certificate authority, set NODE_EXTRA_CA_CERTS to its certificate file and restart; or turn off http.proxyStrictSSL (not recommended).",
      ),
      cause: err,
    });
  }
  if (typeof code === "string" && /^(E[A-Z]+|UND_ERR_[A-Z_]+)$/.test(code)) {
    return new NetworkError("NETWORK", {
      userMessage: phrase("Could not reach the NemoVideo service."),
      nextStep: phrase("Check your connection or proxy settings and try again."),
      cause: err,
    });
  }
  return new ServerError("SERVER", {
    userMessage: phrase("Something went wrong talking to the NemoVideo service."),
    nextStep: phrase("Try again; if it keeps happening, see the log."),
    seeLog: true,
    cause: err,
  });
}

/** Throws CancelledError when the signal is aborted. */
export function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw new CancelledError(signal.reason);
}
