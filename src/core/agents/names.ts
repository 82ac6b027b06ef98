/** The agent tools' names alone (no schemas, no zod): what activation-time registration needs. */
export const AGENT_TOOL_NAMES = ["generate_image", "edit_timeline", "export_video", "get_credits", "get_session"] as const;
export type AgentToolName = (typeof AGENT_TOOL_NAMES)[number];

/** The job tools (get_job, list_jobs, save_media): MCP tools, and language model tools under the prefix. */
export const JOB_TOOL_NAMES = ["get_job", "list_jobs", "save_media"] as const;
export type JobToolName = (typeof JOB_TOOL_NAMES)[number];

/** Every language model tool, in package.json's order. */
export const LM_TOOL_NAMES = [...AGENT_TOOL_NAMES, ...JOB_TOOL_NAMES] as const;
export type LmToolName = (typeof LM_TOOL_NAMES)[number];

/**
 * The product's prefix on language model tool names: VS Code keeps one tool per name across every
 * extension (the second to register a name loses), so ours are `imagegen_generate_image` … MCP
 * names stay unprefixed: hosts namespace MCP tools by server.
 */
export const LM_TOOL_PREFIX = "imagegen_";

/** "generate_image" → "imagegen_generate_image" (the name in package.json and `vscode.lm.tools`). */
export function lmToolName(name: LmToolName): string {
  return `${LM_TOOL_PREFIX}${name}`;
}
