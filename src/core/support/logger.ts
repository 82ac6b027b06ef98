/** The logging port. The extension backs it with a LogOutputChannel, the CLI with stderr. */
export interface Logger {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string, err?: unknown): void;
}

const SECRET_PATTERNS: RegExp[] = [
  /nmv_[A-Za-z0-9]+_[A-Za-z0-9._~+/=-]+/g, // nmv_usr_..., any nmv_<kind>_ token
  /(Bearer\s+)[A-Za-z0-9._~+/=-]+/gi,
  /(["']?(?:token|authorization|claim_token)["']?\s*[:=]\s*["']?)[^"'\s,}]+/gi,
];

/** Remove anything that looks like a credential from a line before it is written anywhere. */
export function redact(text: string): string {
  let out = text;
  out = out.replace(SECRET_PATTERNS[0], "nmv_***");
  out = out.replace(SECRET_PATTERNS[1], "$1***");
  out = out.replace(SECRET_PATTERNS[2], "$1***");
  return out;
}

/** Describe an error for a log line: name, code and message, never a token. */
export function describeError(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return redact(`${err.name}${typeof code === "string" ? ` [${code}]` : ""}: ${err.message}`);
  }
  try {
    return redact(JSON.stringify(err));
  } catch {
    return redact(String(err));
  }
}

/** A logger that redacts every line before passing it on. */
export function redactingLogger(inner: Logger): Logger {
  return {
    trace: (m) => inner.trace(redact(m)),
    debug: (m) => inner.debug(redact(m)),
    info: (m) => inner.info(redact(m)),
    warn: (m) => inner.warn(redact(m)),
    error: (m, err) => inner.error(redact(err === undefined ? m : `${m}: ${describeError(err)}`)),
  };
}

export const silentLogger: Logger = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
