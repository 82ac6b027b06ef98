/**
 * The agent tools, declared once for every way an AI agent reaches the product: the VS Code
 * language model tools (package.json `contributes.languageModelTools` mirrors these schemas under
 * prefixed names, see names.ts; a unit test keeps them equal), the `@imagegen` chat participant and
 * the `imagegen mcp` server. Names, descriptions written for a model, input schemas (zod, turned
 * into JSON Schema), output schemas (the MCP `outputSchema` its `structuredContent` matches) and
 * which tools spend credits.
 *
 * Schema rules, so that every host's model provider accepts them (test/unit/tool-schemas.test.ts):
 * every object says `additionalProperties: false` (OpenAI strict mode) and an unknown argument is
 * refused by name; no object has empty `properties` and no string carries `minLength`/`maxLength`
 * (Gemini function declarations refuse both: langchain-ai/langchain-google#416): the limits are
 * stated in the descriptions and enforced by the zod schemas here; no `$ref`, `oneOf`, `allOf`,
 * type arrays or `$schema`. A new tool adds its zod input and its output schema below.
 */
import * as z from "zod"; // a namespace import: esbuild keeps only what is used (no locales)
import type { PaidAction } from "../prompt/cost";
import { ASPECT_RATIOS, MAX_VARIATIONS, MIN_VARIATIONS, STYLE_IDS } from "../shape";
import { AGENT_TOOL_NAMES, type AgentToolName, LM_TOOL_PREFIX, lmToolName } from "./names";

export { AGENT_TOOL_NAMES, type AgentToolName, LM_TOOL_PREFIX, lmToolName };

const generateImageInput = z.strictObject({
  prompt: z
    .string()
    .trim()
    .min(1)
    .max(2000)
    .describe("What to make, in plain words (1-2000 characters), e.g. 'a watercolor fox in snow, soft morning light'. Any language."),
  kind: z
    .enum(["image", "clip"])
    .optional()
    .describe("'image' (default) for a still picture (PNG), 'clip' for a short video clip (MP4)."),
  aspect_ratio: z
    .enum(ASPECT_RATIOS)
    .optional()
    .describe("The shape of the result as width:height, e.g. '9:16' for a phone wallpaper or story, '16:9' for a slide or banner, '1:1' for an avatar. Default: the agent's choice (usually 16:9)."),
  style: z
    .enum(STYLE_IDS as [string, ...string[]])
    .optional()
    .describe("A style preset: photorealistic, watercolor, line-art, 3d-render, pixel-art, cinematic or flat-illustration. Leave it out to describe the style in the prompt instead."),
  variations: z
    .number()
    .int()
    .min(MIN_VARIATIONS)
    .max(MAX_VARIATIONS)
    .optional()
    .describe(`How many different versions to make in one request, ${MIN_VARIATIONS} to ${MAX_VARIATIONS} (each costs as much as one image). Leave it out for one.`),
});

const editTimelineInput = z.strictObject({
  message: z
    .string()
    .trim()
    .min(1)
    .max(4000)
    .describe("The change to make to the current session's timeline (1-4000 characters), e.g. \"add the title 'Urban Dreams' for the first 3 seconds\" or 'add calm background music at 30% volume'."),
});

const noInput = z.strictObject({});

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
  /** What the call spends (kind and how many); undefined = free. */
  paid?: (input: Record<string, unknown>) => PaidAction;
  /** Takes long enough to deserve progress reports. */
  long: boolean;
  /** Changes or removes what exists (MCP `destructiveHint`): an edit replaces and trims the timeline. */
  destructive: boolean;
  /** Only reads (MCP `readOnlyHint`, `idempotentHint`). */
  readOnly: boolean;
  /** The JSON Schema of the tool's structured result (MCP `outputSchema`); `ToolOutcome.data` matches it. */
  output: JsonSchemaObject;
}

/** A JSON Schema object node as these declarations use it (the subset every host accepts). */
export interface JsonSchemaObject {
  type: "object";
  description?: string;
  properties?: Record<string, Record<string, unknown>>;
  required?: string[];
  additionalProperties: false;
}

/** JSON Schema builders by the rules above (also used by job-tools.ts). */
export const str = (description: string): Record<string, unknown> => ({ type: "string", description });
const int = (description: string): Record<string, unknown> => ({ type: "integer", description });
export const obj = (properties: Record<string, Record<string, unknown>>, required: string[], description?: string): JsonSchemaObject => ({
  type: "object",
  ...(description ? { description } : {}),
  properties,
  required,
  additionalProperties: false,
});
const strings = (description: string): Record<string, unknown> => ({ type: "array", description, items: { type: "string" } });

export const savedFile = obj(
  {
    path: str("The saved file, relative to the workspace (or the server's working directory)."),
    mimeType: str("Its media type, from the file's bytes, e.g. image/webp."),
    markdown: str("A ready Markdown link to paste into a document."),
  },
  ["path", "mimeType", "markdown"],
);

const OUTPUTS = {
  generate_image: obj(
    {
      files: { type: "array", description: "The files saved, in order.", items: savedFile },
      agentText: str("What the agent said."),
      changes: strings("One sentence per change to the timeline."),
    },
    ["files", "agentText", "changes"],
  ),
  edit_timeline: obj(
    {
      agentText: str("What the agent said."),
      changes: strings("One sentence per change to the timeline."),
      outcome: { type: "string", enum: ["completed", "silent-close", "recovered"], description: "How the turn ended." },
    },
    ["agentText", "changes", "outcome"],
  ),
  export_video: obj(
    {
      file: str("The MP4, relative to the workspace (or the server's working directory)."),
      bytes: int("Its size in bytes."),
      renderId: str("The service's render id."),
    },
    ["file", "bytes", "renderId"],
  ),
  get_credits: obj(
    { available: int("Credits available now."), frozen: int("Credits reserved by work in progress."), total: int("All credits.") },
    ["available", "frozen", "total"],
  ),
  get_session: obj(
    {
      summary: str("One line describing the timeline's tracks."),
      exportReady: { type: "boolean", description: "Whether export_video has something to render." },
      generatedMedia: {
        type: "array",
        description: "The media the agent generated so far.",
        items: obj(
          { kind: { type: "string", enum: ["image", "video", "audio", "unknown"] }, name: str("The service's file name, when it gives one."), label: str("A readable name."), url: str("Where the service serves it.") },
          ["kind", "label", "url"],
        ),
      },
    },
    ["summary", "exportReady", "generatedMedia"],
  ),
} satisfies Record<AgentToolName, JsonSchemaObject>;

export const AGENT_TOOLS: Readonly<Record<AgentToolName, AgentToolSpec>> = {
  generate_image: {
    name: "generate_image",
    title: "Generate image",
    referenceName: "generateImage",
    description:
      "Generate an AI image (or, with kind 'clip', a short video clip) from a text prompt with the NemoVideo agent and save it into the workspace's output folder. " +
      "Use it when the user asks for a picture, illustration, icon, banner, poster, photo or short clip to put in the project. " +
      "Returns the saved file's workspace-relative path and a ready Markdown image link to paste into a document; for images also the image itself. " +
      "Optional aspect_ratio, style and variations (2-4 versions at once) shape the result before any credits are spent. " +
      "Costs about 100 credits per image (times variations) and usually takes 1-5 minutes. The result joins the current session's timeline.",
    paid: (input) => ({ kind: input.kind === "clip" ? "clip" : "image", count: typeof input.variations === "number" && input.variations >= MIN_VARIATIONS && input.variations <= MAX_VARIATIONS ? input.variations : 1 }),
    long: true,
    destructive: false,
    readOnly: false,
    output: OUTPUTS.generate_image,
  },
  edit_timeline: {
    name: "edit_timeline",
    title: "Edit timeline",
    referenceName: "editTimeline",
    description:
      "Ask the NemoVideo agent to change the current session's timeline: add or change titles and text, background music and its volume, transitions, trims. " +
      "Use it after generating media, when the user wants to adjust the video before exporting. " +
      "Returns the agent's answer and one sentence per change made (e.g. \"Title added: 'Urban Dreams' (0-3s)\"). Costs about 50 credits; takes 10-30 seconds.",
    paid: () => ({ kind: "edit" }),
    long: true,
    destructive: true,
    readOnly: false,
    output: OUTPUTS.edit_timeline,
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
    destructive: false,
    readOnly: false,
    output: OUTPUTS.export_video,
  },
  get_credits: {
    name: "get_credits",
    title: "Get credits",
    referenceName: "imagegenCredits",
    description:
      "Read the NemoVideo credit balance: available, frozen (reserved by work in progress) and total. " +
      "Use it before expensive work or when a generation failed for lack of credits. An image or clip costs about 100 credits, an edit about 50, an export nothing. Free.",
    long: false,
    destructive: false,
    readOnly: true,
    output: OUTPUTS.get_credits,
  },
  get_session: {
    name: "get_session",
    title: "Get session",
    referenceName: "imagegenSession",
    description:
      "Describe the current NemoVideo session: a one-line summary of the timeline's tracks (video, music, titles with time ranges), " +
      "whether it is ready to export, and the media the agent generated so far (kind, name, URL). Free; use it to see what exists before editing or exporting.",
    long: false,
    destructive: false,
    readOnly: true,
    output: OUTPUTS.get_session,
  },
};

/** Keywords some model providers refuse: limits live in descriptions and in the zod schemas instead. */
const DROPPED_KEYWORDS = ["$schema", "minLength", "maxLength"];

/** A zod-made JSON Schema by the rules above (no length keywords, no `$schema`, no empty `properties`). */
export function hostSafe(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(hostSafe);
  if (typeof node !== "object" || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (DROPPED_KEYWORDS.includes(k)) continue;
    out[k] = k === "properties" ? Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([p, s]) => [p, hostSafe(s)])) : hostSafe(v);
  }
  // Gemini refuses an object with empty properties: a tool without inputs says only that it takes none.
  if (out.type === "object" && out.properties && Object.keys(out.properties).length === 0) {
    delete out.properties;
    delete out.required;
  }
  return out;
}

/** The JSON Schema of a tool's input (what package.json declares and the MCP server lists), by the rules above. */
export function toolInputJsonSchema(name: AgentToolName): Record<string, unknown> {
  return hostSafe(z.toJSONSchema(AGENT_TOOL_INPUTS[name], { io: "input" })) as Record<string, unknown>;
}

/** The JSON Schema of a tool's structured result. */
export function toolOutputJsonSchema(name: AgentToolName): JsonSchemaObject {
  return AGENT_TOOLS[name].output;
}

/** The argument names a tool takes, in declaration order. */
export function toolArgumentNames(name: AgentToolName): string[] {
  return Object.keys(AGENT_TOOL_INPUTS[name].shape);
}

/** Arguments a tool does not take ({extra, known}: the names given that do not exist, the names that do), or undefined when there are none. */
export function unknownArguments(name: AgentToolName, input: unknown): { extra: string[]; known: string[] } | undefined {
  if (typeof input !== "object" || input === null || Array.isArray(input)) return undefined;
  const known = toolArgumentNames(name);
  const extra = Object.keys(input).filter((k) => !known.includes(k));
  return extra.length === 0 ? undefined : { extra, known };
}

/** "a", "a and b", "a, b and c" (English lists for the model). */
export function listWords(words: string[], last = "and"): string {
  return words.length <= 1 ? (words[0] ?? "") : `${words.slice(0, -1).join(", ")} ${last} ${words[words.length - 1]}`;
}

/** Validate a tool's input; throws a ZodError the adapter turns into a readable InputError. */
export function parseToolInput<N extends AgentToolName>(name: N, input: unknown): AgentToolInput<N> {
  return AGENT_TOOL_INPUTS[name].parse(input ?? {}) as AgentToolInput<N>;
}

export function isAgentToolName(name: string): name is AgentToolName {
  return (AGENT_TOOL_NAMES as readonly string[]).includes(name);
}
