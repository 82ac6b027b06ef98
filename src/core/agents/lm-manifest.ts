/**
 * package.json's `contributes.languageModelTools`, generated from the one declaration of each tool
 * (tools.ts for the agent tools, job-tools.ts for get_job / list_jobs / save_media): the long tools
 * carry `wait` (with `wait: false` they return a job id at once), as on the MCP server. Written into
 * package.json by `npx tsx scripts/lm-tool-schemas.ts`; test/unit/agent-tools.test.ts fails when
 * package.json says something else.
 */
import { JOB_TOOLS, WAITABLE_TOOLS, withWaitDescription, withWaitJsonSchema, jobToolInputJsonSchema } from "./job-tools";
import { type AgentToolName, JOB_TOOL_NAMES, type JobToolName, LM_TOOL_NAMES, type LmToolName, lmToolName } from "./names";
import { AGENT_TOOLS, toolInputJsonSchema } from "./tools";

export interface LmToolContribution {
  name: string;
  displayName: string;
  toolReferenceName: string;
  canBeReferencedInPrompt: true;
  icon: string;
  userDescription: string;
  modelDescription: string;
  tags: string[];
  inputSchema: Record<string, unknown>;
}

/** A codicon per tool (the tool picker shows it). */
const ICONS: Readonly<Record<LmToolName, string>> = {
  generate_image: "$(sparkle)",
  edit_timeline: "$(edit)",
  export_video: "$(export)",
  get_credits: "$(credit-card)",
  get_session: "$(list-tree)",
  get_job: "$(pulse)",
  list_jobs: "$(history)",
  save_media: "$(save)",
};

/** The localised strings' key stem (package.nls*.json: `tool.<stem>.displayName`, `.userDescription`). */
const NLS: Readonly<Record<LmToolName, string>> = {
  generate_image: "generateImage",
  edit_timeline: "editTimeline",
  export_video: "exportVideo",
  get_credits: "getCredits",
  get_session: "getSession",
  get_job: "getJob",
  list_jobs: "listJobs",
  save_media: "saveMedia",
};

const isJobTool = (name: LmToolName): name is JobToolName => (JOB_TOOL_NAMES as readonly string[]).includes(name);

/** One tool's contribution (keys in package.json's order). */
export function lmToolContribution(name: LmToolName): LmToolContribution {
  const job = isJobTool(name);
  const spec = job ? undefined : AGENT_TOOLS[name as AgentToolName];
  const waitable = spec !== undefined && WAITABLE_TOOLS.has(spec.name);
  const description = job ? JOB_TOOLS[name].description : (spec as { description: string }).description;
  return {
    name: lmToolName(name),
    displayName: `%tool.${NLS[name]}.displayName%`,
    toolReferenceName: job ? JOB_TOOLS[name].referenceName : (spec as { referenceName: string }).referenceName,
    canBeReferencedInPrompt: true,
    icon: ICONS[name],
    userDescription: `%tool.${NLS[name]}.userDescription%`,
    modelDescription: waitable ? withWaitDescription(description) : description,
    tags: ["imageGeneration", "nemovideo"],
    inputSchema: job ? jobToolInputJsonSchema(name) : waitable ? withWaitJsonSchema(toolInputJsonSchema(name as AgentToolName)) : toolInputJsonSchema(name as AgentToolName),
  };
}

/** Every language model tool, in package.json's order. */
export function lmToolContributions(): LmToolContribution[] {
  return LM_TOOL_NAMES.map(lmToolContribution);
}
