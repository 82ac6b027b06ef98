/** The agent tools' names alone (no schemas, no zod): what activation-time registration needs. */
export const AGENT_TOOL_NAMES = ["generate_image", "edit_timeline", "export_video", "get_credits", "get_session"] as const;
export type AgentToolName = (typeof AGENT_TOOL_NAMES)[number];

/**
 * The product's prefix on language model tool names: VS Code keeps one tool per name across every
 * extension (the second to register a name loses), so ours are `imagegen_generate_image` … MCP
 * names stay unprefixed: hosts namespace MCP tools by server.
 */
export const LM_TOOL_PREFIX = "imagegen_";

/** "generate_image" → "imagegen_generate_image" (the name in package.json and `vscode.lm.tools`). */
export function lmToolName(name: AgentToolName): string {
  return `${LM_TOOL_PREFIX}${name}`;
}
