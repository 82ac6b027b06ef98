/**
 * Everything the agent surfaces run on first use, in one module so activation can reach it with
 * one lazy load (register.ts): the language model tools and the `@imagegen` handler. These pull in
 * the core client (zod, undici); activation reaches them through contracts/heavy.ts.
 */
export { invokeAgentTool, prepareAgentTool } from "./lm-tools";
export { handleParticipantRequest, participantFollowups } from "./participant";
export { jobsFor, resumeJobs } from "./jobs";
