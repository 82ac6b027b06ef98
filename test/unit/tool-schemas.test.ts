/**
 * Every schema the MCP server lists (`tools/list` at each protocol version) and package.json
 * declares is one that each model provider accepts:
 * - a JSON Schema validator (ajv, draft 2020-12 as MCP 2025-11-25 specifies; draft-07 as earlier
 *   revisions assume) compiles it, and the outputs validate what the tools really return;
 * - Gemini function declarations, checked from Google's documented limits (ai.google.dev/api/caching#Schema
 *   and Vertex AI's FunctionDeclaration reference): function name [a-zA-Z_][a-zA-Z0-9_.:-]{0,63};
 *   parameter names [a-zA-Z_][a-zA-Z0-9_]{0,63}; `type` one of string/number/integer/boolean/
 *   array/object, never a list; only the Schema object's fields (type, format, description,
 *   nullable, enum, items, properties, required, minItems, maxItems, minimum, maximum, anyOf,
 *   propertyOrdering, title, default, example) plus `additionalProperties: false` (accepted by
 *   parametersJsonSchema; clients drop it for `parameters`); no `$ref`, `$schema`, `oneOf`,
 *   `allOf`; a function without parameters leaves `properties` out (an empty `properties` is
 *   refused); no `minLength`/`maxLength` (refused: langchain-ai/langchain-google#416); enums on
 *   strings only;
 * - OpenAI strict mode (platform.openai.com structured outputs, "Supported schemas"): every object
 *   has `additionalProperties: false`, no unsupported keywords (minLength, maxLength, pattern, format);
 * - Anthropic tool use: `input_schema` is a JSON Schema object with type "object" at the root.
 */
import { strict as assert } from "node:assert";
import Ajv2020 from "ajv/dist/2020";
import Ajv from "ajv";
import { AGENT_TOOL_NAMES, toolInputJsonSchema, toolOutputJsonSchema } from "../../src/core/agents";
import { JOB_TOOL_NAMES } from "../../src/core/agents";
import { toolList } from "../../src/cli/mcp/server";
import { featuresOf } from "../../src/cli/mcp/versions";

const VERSIONS = ["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"];
const GEMINI_TYPES = new Set(["string", "number", "integer", "boolean", "array", "object"]);
const GEMINI_FIELDS = new Set([
  "type", "format", "description", "nullable", "enum", "items", "properties", "required", "minItems", "maxItems",
  "minimum", "maximum", "anyOf", "propertyOrdering", "title", "default", "example", "additionalProperties",
]);

/** Problems Gemini would refuse, as "path: why" lines (empty: accepted). */
function geminiProblems(schema: unknown, at = "$"): string[] {
  const out: string[] = [];
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) return [`${at}: not a schema object`];
  const s = schema as Record<string, unknown>;
  for (const k of Object.keys(s)) if (!GEMINI_FIELDS.has(k)) out.push(`${at}: "${k}" is not a Gemini Schema field`);
  if (typeof s.type !== "string" || !GEMINI_TYPES.has(s.type)) out.push(`${at}: type must be one of ${[...GEMINI_TYPES].join(", ")} (got ${JSON.stringify(s.type)})`);
  if ("additionalProperties" in s && s.additionalProperties !== false) out.push(`${at}: additionalProperties other than false`);
  if (s.enum !== undefined && s.type !== "string") out.push(`${at}: enum on a non-string`);
  if (s.type === "object" && s.properties !== undefined) {
    const props = s.properties as Record<string, unknown>;
    if (Object.keys(props).length === 0) out.push(`${at}: empty properties`);
    for (const [name, sub] of Object.entries(props)) {
      if (!/^[a-zA-Z_][a-zA-Z0-9_]{0,63}$/.test(name)) out.push(`${at}.${name}: parameter name Gemini refuses`);
      out.push(...geminiProblems(sub, `${at}.${name}`));
    }
    for (const r of (s.required as string[] | undefined) ?? []) if (!(r in props)) out.push(`${at}: required "${r}" is not a property`);
  }
  if (s.type === "array") out.push(...geminiProblems(s.items, `${at}[]`));
  return out;
}

/** Problems OpenAI's strict mode would refuse. */
function openAiStrictProblems(schema: Record<string, unknown>, at = "$"): string[] {
  const out: string[] = [];
  for (const k of ["minLength", "maxLength", "pattern", "format", "$ref", "oneOf", "allOf"]) if (k in schema) out.push(`${at}: ${k}`);
  if (schema.type === "object") {
    if (schema.additionalProperties !== false) out.push(`${at}: additionalProperties must be false`);
    for (const [n, sub] of Object.entries((schema.properties as Record<string, Record<string, unknown>> | undefined) ?? {})) out.push(...openAiStrictProblems(sub, `${at}.${n}`));
  }
  if (schema.type === "array") out.push(...openAiStrictProblems(schema.items as Record<string, unknown>, `${at}[]`));
  return out;
}

describe("tool schemas every host accepts", () => {
  it("the Gemini check itself refuses what Google documents as refused", () => {
    assert.notDeepEqual(geminiProblems({ type: "object", properties: {} }), []);
    assert.notDeepEqual(geminiProblems({ type: "object", properties: { p: { type: "string", minLength: 1 } } }), []);
    assert.notDeepEqual(geminiProblems({ type: ["string", "null"] }), []);
    assert.notDeepEqual(geminiProblems({ type: "object", properties: { p: { $ref: "#/x" } } }), []);
    assert.deepEqual(geminiProblems({ type: "object", properties: { p: { type: "string", enum: ["a"] } }, required: ["p"], additionalProperties: false }), []);
  });

  for (const version of VERSIONS) {
    it(`tools/list at ${version}: valid JSON Schemas, accepted by Gemini, OpenAI strict mode and Anthropic`, () => {
      const tools = toolList(featuresOf(version));
      assert.deepEqual(tools.map((t) => t.name), [...AGENT_TOOL_NAMES, ...JOB_TOOL_NAMES]);
      const ajv = version >= "2025-11-25" ? new Ajv2020({ strict: true }) : new Ajv({ strict: true });
      for (const t of tools) {
        assert.match(t.name, /^[a-zA-Z_][a-zA-Z0-9_.:-]{0,63}$/, "a Gemini function name");
        assert.doesNotThrow(() => ajv.compile(t.inputSchema), `${t.name} input compiles`);
        assert.equal(t.inputSchema.type, "object", "Anthropic: an object at the root");
        assert.deepEqual(geminiProblems(t.inputSchema), [], `${t.name} input for Gemini`);
        assert.deepEqual(openAiStrictProblems(t.inputSchema), [], `${t.name} input for OpenAI strict`);
        if (t.outputSchema) {
          assert.doesNotThrow(() => ajv.compile(t.outputSchema as object), `${t.name} output compiles`);
          assert.deepEqual(geminiProblems(t.outputSchema), [], `${t.name} output for Gemini`);
          assert.deepEqual(openAiStrictProblems(t.outputSchema as Record<string, unknown>), [], `${t.name} output for OpenAI strict`);
        }
        // What each revision defines, and nothing newer.
        assert.equal("title" in t, version >= "2025-06-18", `${t.name} title at ${version}`);
        assert.equal("outputSchema" in t, version >= "2025-06-18", `${t.name} outputSchema at ${version}`);
        assert.equal("annotations" in t, version >= "2025-03-26", `${t.name} annotations at ${version}`);
      }
      if (version >= "2025-03-26") {
        const ann = Object.fromEntries(tools.map((t) => [t.name, t.annotations]));
        assert.equal(ann.edit_timeline?.destructiveHint, true, "an edit replaces and trims");
        assert.equal(ann.get_credits?.readOnlyHint, true);
        assert.equal(ann.generate_image?.readOnlyHint, false);
      }
    });
  }

  it("a tool without inputs declares no properties at all, and refuses any", () => {
    assert.deepEqual(toolInputJsonSchema("get_credits"), { type: "object", additionalProperties: false });
  });

  it("every output schema validates the structured result the tool returns", () => {
    const ajv = new Ajv2020({ strict: true });
    const samples: Record<string, unknown> = {
      generate_image: { files: [{ path: "media/a.png", mimeType: "image/png", markdown: "![a](media/a.png)" }], agentText: "Done.", changes: ["Title added"] },
      edit_timeline: { agentText: "", changes: [], outcome: "silent-close" },
      export_video: { file: "media/x.mp4", bytes: 10, renderId: "r1" },
      get_credits: { available: 1, frozen: 0, total: 1 },
      get_session: { summary: "Timeline (0 tracks)", exportReady: false, generatedMedia: [{ kind: "image", label: "a", url: "https://x/a" }] },
    };
    for (const name of AGENT_TOOL_NAMES) {
      const validate = ajv.compile(toolOutputJsonSchema(name));
      assert.ok(validate(samples[name]), `${name}: ${ajv.errorsText(validate.errors)}`);
      assert.ok(!validate({ ...(samples[name] as object), extra: 1 }), `${name} refuses an unknown field`);
    }
  });
});
