/**
 * The link that lets a person claim the anonymous account's work in the web app: the claim link
 * from a claim token; when the claim-token call is missing (404) or refused, the task page instead.
 */
import { toNemoError } from "../errors";
import type { ApiCaller } from "../http/caller";
import { decodeClaimToken, endpoints } from "../http/endpoints";
import { claimLink, taskLink } from "../http/links";
import type { Logger } from "../support/logger";
import type { SessionManager } from "./workspace";

/** The claim link (or the task link); throws what the call throws when it is neither a server nor a credits problem. */
export async function claimOrTaskLink(
  deps: { caller: ApiCaller; sessions: SessionManager; logger: Logger; webUrl: string },
  signal?: AbortSignal,
): Promise<string> {
  try {
    return claimLink(deps.webUrl, decodeClaimToken(await deps.caller.json(endpoints.claimToken(signal))));
  } catch (err) {
    const e = toNemoError(err);
    if (e.category !== "server" && e.category !== "credits") throw err;
    const s = await deps.sessions.current(signal);
    deps.logger.info(`No claim token (${e.code}${e.backendCode ? ` ${e.backendCode}` : ""}); linking the task page instead.`);
    return taskLink(deps.webUrl, s.taskId, s.sessionId);
  }
}
