/** A failed tool call as the model reads it: the CLI's sentence, with next steps an agent can act on. */
import { toNemoError } from "../../core/errors";
import { toFailure } from "../failure";

/** Next steps an agent can act on, for the errors where the CLI's own wording names a shell command. */
function agentNextStep(code: string): string | undefined {
  switch (code) {
    case "NO_DRAFT":
      return "Call generate_image first, then export_video again.";
    case "SESSION_NOT_FOUND":
      return "Call the tool again: a new session is started automatically.";
    case "SESSION_LOST":
      return "Call get_session to see the new session; call the tool again to redo the work (it is charged again).";
    case "STREAM_DROPPED":
    case "TIMEOUT":
      return "Call get_session to see whether the work arrived before trying again (a retry is charged again).";
    default:
      return undefined;
  }
}

/** One readable sentence plus the next step (and a link when there is one), for the model. */
export function describeFailure(err: unknown, env: Record<string, string | undefined>): string {
  const f = toFailure(err, env);
  const next = agentNextStep(toNemoError(err).code) ?? f.nextStep;
  const parts = [f.message, next].filter((p): p is string => Boolean(p));
  if (f.link && !parts.some((p) => p.includes(f.link as string))) parts.push(f.link);
  return parts.join(" ");
}
