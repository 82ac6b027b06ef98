/**
 * Web-app links the client shows to people. The exact paths are not published by the vendor:
 * these are guesses, kept here and only here so they can be corrected in one place.
 */

function join(webUrl: string, pathAndQuery: string): string {
  return `${webUrl.replace(/\/+$/, "")}${pathAndQuery}`;
}

/** Registration for an anonymous user, binding their anonymous account (2001, anonymous). */
export function registrationLink(webUrl: string, userId?: string): string {
  return userId ? join(webUrl, `/register?bind=${encodeURIComponent(userId)}`) : join(webUrl, "/register");
}

/** Buying credits or a plan (2001 for a registered user, 402). */
export function topUpLink(webUrl: string): string {
  return join(webUrl, "/pricing");
}

/** Opening the session in the browser through a claim token (never the real token). */
export function claimLink(webUrl: string, claimToken: string): string {
  return join(webUrl, `/workspace/claim?ct=${encodeURIComponent(claimToken)}`);
}

/**
 * The claim link of later vendor versions (1.9.4 dropped claim tokens): the task page, which works in a
 * browser where the person is logged in. Used when the claim-token call is missing or refused.
 */
export function taskLink(webUrl: string, taskId: string, sessionId: string): string {
  return join(webUrl, `/workspace/task/${encodeURIComponent(taskId)}?session=${encodeURIComponent(sessionId)}`);
}
