/**
 * The agent tools are declared once (src/core/agents/tools.ts): package.json's
 * languageModelTools must say the same (names, schemas, model descriptions), and the runner's
 * result shaping (relative paths, Markdown links, input errors) is what every adapter returns.
 */
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { checkedInput, pathFrom, savedMedia } from "../../src/core/agents/run";
import { AGENT_TOOL_NAMES, AGENT_TOOLS, lmToolName, toolInputJsonSchema } from "../../src/core/agents/tools";
import { imageMarkup, relativeLink } from "../../src/core/markup";
import { InputError } from "../../src/core/errors";

const ROOT = path.resolve(__dirname, "..", "..");

interface ToolContribution {
  name: string;
  toolReferenceName?: string;
  modelDescription: string;
  displayName: string;
  inputSchema: unknown;
  canBeReferencedInPrompt?: boolean;
}

describe("agent tools: one declaration", () => {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
    contributes: {
      languageModelTools: ToolContribution[];
      chatParticipants: { id: string; name: string; commands: { name: string }[] }[];
      mcpServerDefinitionProviders: { id: string }[];
    };
  };

  it("package.json declares every tool under the product's prefix with the core's schema, model description and short reference name", () => {
    const declared = pkg.contributes.languageModelTools;
    assert.deepEqual(declared.map((t) => t.name), AGENT_TOOL_NAMES.map(lmToolName));
    assert.deepEqual(declared.map((t) => t.name).slice(0, 1), ["imagegen_generate_image"]);
    for (const t of declared) {
      const spec = AGENT_TOOLS[t.name.replace(/^imagegen_/, "") as keyof typeof AGENT_TOOLS];
      assert.deepEqual(t.inputSchema, toolInputJsonSchema(spec.name), `${t.name} schema`);
      assert.equal(t.modelDescription, spec.description, `${t.name} modelDescription`);
      assert.equal(t.toolReferenceName, spec.referenceName);
      assert.equal(t.canBeReferencedInPrompt, true);
      assert.match(t.displayName, /^%tool\.\w+\.displayName%$/, "a localised title");
    }
    assert.equal(AGENT_TOOLS.generate_image.referenceName, "generateImage");
  });

  it("declares @imagegen with its five commands and the MCP server definition provider", () => {
    const [p] = pkg.contributes.chatParticipants;
    assert.equal(p.name, "imagegen");
    assert.deepEqual(p.commands.map((c) => c.name), ["generate", "edit", "export", "credits", "status"]);
    assert.deepEqual(pkg.contributes.mcpServerDefinitionProviders.map((d) => d.id), ["imageGeneration.mcp"]);
  });

  it("knows which tools are paid and what they cost", () => {
    assert.deepEqual(AGENT_TOOLS.generate_image.paid?.({}), { kind: "image", count: 1 });
    assert.deepEqual(AGENT_TOOLS.generate_image.paid?.({ kind: "clip" }), { kind: "clip", count: 1 });
    assert.deepEqual(AGENT_TOOLS.generate_image.paid?.({ variations: 3 }), { kind: "image", count: 3 }, "one question for N variations");
    assert.deepEqual(AGENT_TOOLS.generate_image.paid?.({ variations: 9 }), { kind: "image", count: 1 }, "out of range: the input check refuses it anyway");
    assert.deepEqual(AGENT_TOOLS.edit_timeline.paid?.({}), { kind: "edit" });
    for (const free of ["export_video", "get_credits", "get_session"] as const) assert.equal(AGENT_TOOLS[free].paid, undefined);
  });
});

describe("agent tools: result shaping", () => {
  const base = path.join(path.sep, "work", "app");

  it("gives workspace-relative paths and Markdown links that survive spaces and brackets", () => {
    const img = savedMedia(path.join(base, "generated-media", "red fox (2).png"), base, "a red fox [in] snow");
    assert.equal(img.relativePath, "generated-media/red fox (2).png");
    assert.equal(img.markdown, "![a red fox \\[in\\] snow](generated-media/red%20fox%20%282%29.png)");
    assert.equal(img.kind, "image");
    assert.equal(img.mimeType, "image/png");
    const clip = savedMedia(path.join(base, "out", "夜景.mp4"), base, "night city");
    assert.equal(clip.markdown, "[night city](out/夜景.mp4)", "Chinese kept readable, as Insert into Editor does");
    assert.equal(clip.mimeType, "video/mp4");
  });

  it("links by markup.ts's one rule: '#', '?' and spaces encoded per segment, files outside the base folder relative with ../", () => {
    const file = path.join(base, "C# assets", "what? now.png");
    const img = savedMedia(file, base, "a fox");
    assert.equal(img.markdown, "![a fox](C%23%20assets/what%3F%20now.png)");
    assert.equal(img.markdown, imageMarkup("markdown", relativeLink(path.join(base, "README.md"), file), "a fox"), "the same link as Insert into Editor from a document in the base folder");
    const outside = savedMedia(path.join(path.sep, "work", "shared", "x.png"), base, "x");
    assert.equal(outside.markdown, "![x](../shared/x.png)");
  });

  it("keeps absolute display paths outside the base folder", () => {
    const outside = path.join(path.sep, "tmp", "x.png");
    assert.equal(pathFrom(base, outside), outside);
    assert.equal(pathFrom(undefined, outside), outside);
  });

  it("turns a bad input into one readable InputError", () => {
    assert.throws(
      () => checkedInput("generate_image", { prompt: "   " }),
      (e: unknown) => e instanceof InputError && /^The input of generate_image is not valid: prompt: /.test(e.userMessage),
    );
    assert.throws(() => checkedInput("generate_image", { prompt: "x", kind: "gif" }), InputError);
    assert.deepEqual(checkedInput("generate_image", { prompt: " fox " }), { prompt: "fox" });
  });

  it("refuses unknown arguments with one sentence naming them and the fields that exist", () => {
    assert.throws(
      () => checkedInput("generate_image", { prompt: "x", size: "1024x1024", n: 4 }),
      (e: unknown) => e instanceof InputError && e.userMessage === 'generate_image has no argument "size" or "n"; its arguments are prompt, kind, aspect_ratio, style and variations.',
    );
    assert.throws(
      () => checkedInput("get_credits", { verbose: true }),
      (e: unknown) => e instanceof InputError && e.userMessage === 'get_credits has no argument "verbose"; it takes no arguments.',
    );
  });
});
