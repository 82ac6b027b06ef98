/**
 * `tools/list` of `imagegen mcp`: the agent tools of src/core/agents/tools.ts and the job tools, with
 * only what the negotiated protocol version defines (versions.ts: `title`, `outputSchema` and
 * annotations from their versions on).
 */
import { LATEST_PROTOCOL_VERSION, type Tool } from "@modelcontextprotocol/sdk/types.js";
import { JOB_TOOL_NAMES, JOB_TOOLS, jobToolInputJsonSchema, jobToolOutputJsonSchema, WAITABLE_TOOLS, withWaitDescription, withWaitJsonSchema } from "../../core/agents/job-tools";
import { AGENT_TOOL_NAMES, AGENT_TOOLS, toolInputJsonSchema, toolOutputJsonSchema } from "../../core/agents/tools";
import { featuresOf, type ProtocolFeatures } from "./versions";

/** The tool list as the negotiated version defines it (2024-11-05: name, description, inputSchema). */
export function toolList(features: ProtocolFeatures = featuresOf(LATEST_PROTOCOL_VERSION)): Tool[] {
  const agentTools = AGENT_TOOL_NAMES.map((name) => {
    const spec = AGENT_TOOLS[name];
    // The long tools run as jobs here: they take `wait` and answer with the job's record.
    const waitable = WAITABLE_TOOLS.has(name);
    const tool: Tool = {
      name,
      description: waitable ? withWaitDescription(spec.description) : spec.description,
      inputSchema: (waitable ? withWaitJsonSchema(toolInputJsonSchema(name)) : toolInputJsonSchema(name)) as Tool["inputSchema"],
    };
    if (features.title) tool.title = spec.title;
    if (features.outputSchema) tool.outputSchema = (waitable ? jobToolOutputJsonSchema("get_job") : toolOutputJsonSchema(name)) as unknown as Tool["outputSchema"];
    if (features.toolAnnotations) {
      tool.annotations = {
        title: spec.title,
        readOnlyHint: spec.readOnly,
        destructiveHint: spec.destructive,
        idempotentHint: spec.readOnly,
        openWorldHint: true,
      };
    }
    return tool;
  });
  const jobTools = JOB_TOOL_NAMES.map((name) => {
    const spec = JOB_TOOLS[name];
    const tool: Tool = { name, description: spec.description, inputSchema: jobToolInputJsonSchema(name) as Tool["inputSchema"] };
    if (features.title) tool.title = spec.title;
    if (features.outputSchema) tool.outputSchema = jobToolOutputJsonSchema(name) as unknown as Tool["outputSchema"];
    if (features.toolAnnotations) {
      const readOnly = name !== "save_media";
      tool.annotations = { title: spec.title, readOnlyHint: readOnly, destructiveHint: false, idempotentHint: true, openWorldHint: true };
    }
    return tool;
  });
  return [...agentTools, ...jobTools];
}
