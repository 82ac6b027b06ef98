// Who is calling and on which timeline: the token (explicit, env, stored, anonymous), the client id,
// the workspace session {taskId, sessionId} kept per workspace, and the claim link for the anonymous account.
export * from "./auth";
export * from "./workspace";
export * from "./claim-link";
