/** From anything thrown to an exit code and a message for a person (or a JSON error document). */
import { type ErrorCategory, NemoError, toNemoError } from "../core/errors";
import { describeError } from "../core/support/logger";
import { EXIT } from "./args";
import type { Output } from "./output";

const EXIT_BY_CATEGORY: Record<ErrorCategory, number> = {
  auth: EXIT.auth,
  credits: EXIT.credits,
  input: EXIT.usage,
  network: EXIT.network,
  server: EXIT.server,
  cancelled: EXIT.cancelled,
};

/** A failure that is not a NemoError from the core but a CLI outcome (e.g. no media produced). */
export class CliFailure extends NemoError {
  static override readonly kind: string = "CliFailure";
  constructor(
    userMessage: string,
    nextStep: string | undefined,
    readonly exitCode: number,
  ) {
    super("BAD_INPUT", { userMessage, nextStep });
  }
}

export interface Failure {
  exitCode: number;
  code: string;
  message: string;
  nextStep?: string;
  link?: string;
}

/** Next steps of the core that name editor commands, said the terminal way. */
export function cliNextStep(code: string, nextStep: string | undefined, env: Record<string, string | undefined>): string | undefined {
  const renderId = /\bresume\b.*\(render ([\w.-]+)\)/i.exec(nextStep ?? "")?.[1];
  if (renderId) return `It may still finish: imagegen export --resume ${renderId} --out <dir>`;
  switch (code) {
    case "TOKEN_INVALID":
      return env.NEMO_TOKEN?.trim()
        ? "Update NEMO_TOKEN, or unset it to use a free anonymous token."
        : "A fresh free token was refused too: set NEMO_TOKEN to your own token.";
    case "SESSION_NOT_FOUND":
      return "Start a new session with: imagegen new-session";
    case "NO_DRAFT":
      return 'Generate something first (imagegen generate "<prompt>"), then export again.';
    case "STREAM_DROPPED":
      return "Run the same command again to retry (this sends the message again).";
    case "SESSION_LOST":
      return "Run the same command again: it goes to a new session (and is charged again).";
    case "CERTIFICATE":
      return "If your network uses its own certificate authority, set NODE_EXTRA_CA_CERTS=<its certificate .pem> (or NODE_TLS_REJECT_UNAUTHORIZED=0 to skip the check, not recommended).";
    case "TIMEOUT":
      return "Run `imagegen state` to see whether the work arrived, then try again if it did not.";
  }
  return nextStep?.replace(/\s*\(Image Generation: [^)]*\)/g, "").replace(/\bwith Status\b/, "with `imagegen state`");
}

export function toFailure(err: unknown, env: Record<string, string | undefined> = {}): Failure {
  if (err instanceof CliFailure) {
    return { exitCode: err.exitCode, code: err.exitCode === EXIT.other ? "FAILED" : err.code, message: err.userMessage, nextStep: err.nextStep };
  }
  const known = err instanceof NemoError;
  const e = toNemoError(err);
  const step = e.nextStep ? cliNextStep(e.code, sentence(e.nextStep), env) : cliNextStep(e.code, undefined, env);
  return {
    // Something that is not a NemoError is a bug or an unexpected fault: "other", not "server".
    exitCode: e.code === "RATE_LIMITED" ? EXIT.rateLimited : known || e.category === "network" || e.category === "cancelled" ? EXIT_BY_CATEGORY[e.category] : EXIT.other,
    code: e.code,
    message: sentence(e.userMessage),
    // The core says "see the log"; the terminal's way to see it is NEMO_DEBUG=1.
    nextStep: e.seeLog && env.NEMO_DEBUG !== "1" ? `${(step ?? "").replace(/\.$/, "")} (rerun with NEMO_DEBUG=1 to see it).`.trim() : step,
    link: e.link,
  };
}

function sentence(text: string): string {
  const t = text.trim();
  return t === "" ? "Something went wrong." : t;
}

/** Print the failure: JSON on stdout with --json, else a short block on stderr. */
export function reportFailure(out: Output, err: unknown, env: Record<string, string | undefined>): number {
  const f = toFailure(err, env);
  const debug = env.NEMO_DEBUG === "1";
  if (out.json) {
    out.document({ error: { code: f.code, message: f.message, nextStep: f.nextStep ?? null, link: f.link ?? null, exitCode: f.exitCode } });
  } else if (f.exitCode === EXIT.cancelled) {
    out.error(["Cancelled."]);
  } else {
    const lines = [`Error: ${f.message}${f.nextStep ? ` ${f.nextStep}` : ""}`];
    if (f.link && !f.nextStep?.includes(f.link)) lines.push(`  ${f.link}`);
    out.error(lines);
  }
  if (debug) out.error([stackOf(err)]);
  return f.exitCode;
}

function stackOf(err: unknown): string {
  const parts: string[] = [];
  let cur: unknown = err;
  for (let depth = 0; cur !== undefined && depth < 5; depth++) {
    parts.push(cur instanceof Error && cur.stack ? cur.stack : describeError(cur));
    cur = cur instanceof Error ? cur.cause : undefined;
    if (cur !== undefined) parts.push("Caused by:");
  }
  return parts.join("\n");
}
