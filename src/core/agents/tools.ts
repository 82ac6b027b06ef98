/**
 * The agent tools, declared once for every way an AI agent reaches the product: the VS Code
 * language model tools (package.json `contributes.languageModelTools` mirrors these schemas; a
 * unit test keeps them equal), the `@imagegen` chat participant and the `imagegen mcp` server.
 * Names, descriptions written for a model, input schemas (zod, turned into JSON Schema) and which
 * tools spend credits.
 */
import * as z from "zod"; // a namespace import: esbuild keeps only what is used (no locales)
import type { PaidActionKind } from "../rules/cost";
import { AGENT_TOOL_NAMES, type AgentToolName } from "./names";

export { AGENT_TOOL_NAMES, type AgentToolName };

const generateImageInput = z.object({
  prompt: z
    .string()
    .trim()
    .min(1)
    .max(2000)
    .describe("What to make, in plain words, e.g. 'a watercolor fox in snow, soft morning light'. Any language."),
  kind: z
    .enum(["image", "clip"])
    .optional()
    .describe("'image' (default) for a still picture (PNG), 'clip' for a short video clip (MP4)."),
});

const editTimelineInput = z.object({
  message: z
    .string()
    .trim()
    .min(1)
    .max(4000)
    .describe("The change to make to the current session's timeline, e.g. \"add the title 'Urban Dreams' for the first 3 seconds\" or 'add calm background music at 30% volume'."),
});

const noInput = z.object({});

export const AGENT_TOOL_INPUTS = {
  generate_image: generateImageInput,
  edit_timeline: editTimelineInput,
  export_video: noInput,
  get_credits: noInput,
  get_session: noInput,
} as const;

export type AgentToolInput<N extends AgentToolName> = z.output<(typeof AGENT_TOOL_INPUTS)[N]>;

export interface AgentToolSpec {
  name: AgentToolName;
  /** Short English title (hosts with localisation use their own: package.nls*.json). */
  title: string;
  /** For the model: when to use it, what it returns, what it costs. */
  description: string;
  /** `#generateImage` in VS Code chat. */
  referenceName: string;
  /** What the call spends; undefined = free. */
  paid?: (input: Record<string, unknown>) => PaidActionKind;
  /** Takes long enough to deserve progress reports. */
  long: boolean;
}

export const AGENT_TOOLS: Readonly<Record<AgentToolName, AgentToolSpec>> = {
  generate_image: {
    name: "generate_image",
    title: "Generate image",
    referenceName: "generateImage",
    description:
      "Generate an AI image (or, with kind 'clip', a short video clip) from a text prompt with the NemoVideo agent and save it into the workspace's output folder. " +
      "Use it when the user asks for a picture, illustration, icon, banner, poster, photo or short clip to put in the project. " +
      "Returns the saved file's workspace-relative path and a ready Markdown image link to paste into a document; for images also the image itself. " +
      "Costs about 100 credits and usually takes 1-5 minutes. The result joins the current session's timeline.",
    paid: (input) => (input.kind === "clip" ? "clip" : "image"),
    long: true,
  },
  edit_timeline: {
    name: "edit_timeline",
    title: "Edit timeline",
    referenceName: "editTimeline",
    description:
      "Ask the NemoVideo agent to change the current session's timeline: add or change titles and text, background music and its volume, transitions, trims. " +
      "Use it after generating media, when the user wants to adjust the video before exporting. " +
      "Returns the agent's answer and one sentence per change made (e.g. \"Title added: 'Urban Dreams' (0-3s)\"). Costs about 50 credits; takes 10-30 seconds.",
    paid: () => "edit",
    long: true,
  },
  export_video: {
    name: "export_video",
    title: "Export video",
    referenceName: "exportVideo",
    description:
      "Render the current session's timeline to a 1080p MP4 and save it into the workspace's output folder. " +
      "Use it when the user wants the finished video as a file. Free (no credits); usually takes 30-90 seconds. " +
      "Returns the saved file's workspace-relative path; the file name follows the product's export naming. Fails with a clear message when the timeline is empty: generate something first.",
    long: true,
  },
  get_credits: {
    name: "get_credits",
    title: "Get credits",
    referenceName: "imagegenCredits",
    description:
      "Read the NemoVideo credit balance: available, frozen (reserved by work in progress) and total. " +
      "Use it before expensive work or when a generation failed for lack of credits. An image or clip costs about 100 credits, an edit about 50, an export nothing. Free.",
    long: false,
  },
  get_session: {
    name: "get_session",
    title: "Get session",
    referenceName: "imagegenSession",
    description:
      "Describe the current NemoVideo session: a one-line summary of the timeline's tracks (video, music, titles with time ranges), " +
      "whether it is ready to export, and the media the agent generated so far (kind, name, URL). Free; use it to see what exists before editing or exporting.",
    long: false,
  },
};

/** The JSON Schema of a tool's input (what package.json declares and the MCP server lists). */
export function toolInputJsonSchema(name: AgentToolName): Record<string, unknown> {
  const schema = z.toJSONSchema(AGENT_TOOL_INPUTS[name], { io: "input" }) as Record<string, unknown>;
  delete schema.$schema;
  return schema;
}

/** Validate a tool's input; throws a ZodError the adapter turns into a readable InputError. */
export function parseToolInput<N extends AgentToolName>(name: N, input: unknown): AgentToolInput<N> {
  return AGENT_TOOL_INPUTS[name].parse(input ?? {}) as AgentToolInput<N>;
}

export function isAgentToolName(name: string): name is AgentToolName {
  return (AGENT_TOOL_NAMES as readonly string[]).includes(name);
}
