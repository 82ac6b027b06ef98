// The extension against the simulator speaking the vendor's API reference (issue 21): flat stream
// events, canvas_config.aspect_ratio and segment titles in m.title. `@imagegen` shows the agent's
// words once each and hides the tool calls; the Session view shows the canvas and segment titles.
import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { requests, seam, sim, simSuite } from "./ext-helpers";

async function setConfirm(on: boolean): Promise<void> {
  await vscode.workspace.getConfiguration("imageGeneration").update("confirmPaidActions", on, vscode.ConfigurationTarget.Global);
}

describe("the API-reference shape (flat events, reference state) in the editor", function () {
  simSuite(this);
  before(async () => {
    await sim("POST", "shape", { shape: "reference" });
    await setConfirm(false);
  });
  after(async () => {
    await sim("POST", "shape", { shape: "adk" });
    await setConfirm(true);
  });

  it("@imagegen /generate: the agent's words once each, tool calls only as progress, the file linked", async () => {
    const parts: Array<{ kind: string; value: string }> = [];
    const text = (v: string | vscode.MarkdownString): string => (typeof v === "string" ? v : v.value);
    const stream = {
      markdown: (v: string | vscode.MarkdownString) => parts.push({ kind: "markdown", value: text(v) }),
      progress: (v: string) => parts.push({ kind: "progress", value: v }),
      anchor: (v: vscode.Uri) => parts.push({ kind: "anchor", value: v.fsPath }),
      reference: (v: vscode.Uri) => parts.push({ kind: "reference", value: v.fsPath }),
    };
    const before = (await requests()).filter((r) => r.path === "/run_sse").length;
    const { result } = await seam<{ result: vscode.ChatResult }>("participant", { request: { prompt: "a paper boat on a pond", command: "generate" }, stream });
    assert.equal(result.errorDetails, undefined);
    const md = parts.filter((p) => p.kind === "markdown").map((p) => p.value).join("");
    assert.match(md, /boat/i, `the agent's words: ${md}`);
    const said = md.split(/(?<=[.!?])\s+/).map((s) => s.trim()).filter((s) => s.length > 3 && !s.startsWith("["));
    assert.equal(new Set(said).size, said.length, `a sentence shown twice: ${md}`);
    assert.doesNotMatch(md, /tool_call|tool_result|"type"/);
    assert.ok(parts.some((p) => p.kind === "progress" && /working: /.test(p.value)), "tool activity as a progress line");
    assert.ok(parts.some((p) => p.kind === "anchor"), "the saved file is linked");
    assert.equal((await requests()).filter((r) => r.path === "/run_sse").length, before + 1, "one message sent");
  });

  it("the Session view shows the canvas (1920×1080 · 16:9) and the segments' titles from m.title", async () => {
    const tree = await seam<Array<{ depth: number; label: string; description?: string; contextValue?: string }>>("tree");
    const tracks = tree.find((n) => n.contextValue === "group.tracks");
    assert.equal(tracks?.description, "1920×1080 · 16:9", JSON.stringify(tracks));
    const segments = tree.filter((n) => n.contextValue === "segment");
    assert.ok(segments.some((s) => /boat/i.test(s.label)), `segment titles: ${JSON.stringify(segments.map((s) => s.label))}`);
    assert.ok(segments.some((s) => /· \d+×\d+$/.test(s.description ?? "")), `a segment's size from m.width/height: ${JSON.stringify(segments)}`);
  });
});
