/** The agent tools' names alone (no schemas, no zod): what activation-time registration needs. */
export const AGENT_TOOL_NAMES = ["generate_image", "edit_timeline", "export_video", "get_credits", "get_session"] as const;
export type AgentToolName = (typeof AGENT_TOOL_NAMES)[number];
