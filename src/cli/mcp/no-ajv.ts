/**
 * Keeps ajv out of the CLI bundle (esbuild aliases `ajv` and `ajv-formats` to this file). The MCP
 * SDK's Server only needs a JSON Schema validator for elicitation, which `imagegen mcp` never uses,
 * so it gets `noValidator`; ajv (~130 KB minified) would otherwise ship unused.
 */
import type { jsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/types.js";

/** Stands in for ajv's default export and ajv-formats' default export; never constructed or called. */
export default function unavailable(): never {
  throw new Error("JSON Schema validation is not bundled in imagegen.");
}

export const noValidator: jsonSchemaValidator = {
  getValidator: () => () => ({ valid: false, data: undefined, errorMessage: "JSON Schema validation is not bundled in imagegen." }),
};
