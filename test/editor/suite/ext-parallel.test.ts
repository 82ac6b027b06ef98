// Two surfaces at once on the workspace's one session (issue 16): a palette generation and a chat
// generation started together each show their own image. The simulator writes each prompt into its
// PNG's `Description` text chunk; the palette's saved file and the chat reply's image are read back.
import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { readFileSync } from "node:fs";
import { pngDescription } from "../../integration/helpers/mcp-raw";
import { exec, seam, simSuite, waitFor } from "./ext-helpers";

interface Msg {
  id: string;
  role: string;
  text: string;
  status: string;
  replyTo?: string;
  media: { media: { key: string }; cachedPath?: string; savedPath?: string }[];
}

const chat = <T>(op: string, extra: Record<string, unknown> = {}): Promise<T> => seam<T>("chat", { op, ...extra });

describe("two surfaces at once: each shows its own image (simulator)", function () {
  simSuite(this);
  // The chat's credit question would stop the message (another suite may have turned it on).
  const cfg = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration("imageGeneration");
  let confirmBefore: boolean | undefined;
  before(async () => {
    confirmBefore = cfg().inspect<boolean>("confirmPaidActions")?.globalValue;
    await cfg().update("confirmPaidActions", false, vscode.ConfigurationTarget.Global);
  });
  after(async () => {
    await cfg().update("confirmPaidActions", confirmBefore, vscode.ConfigurationTarget.Global);
  });

  it("a palette generation and a chat generation started together each show their own image", async () => {
    const whale = "generate an image of a blue whale";
    const cactus = "generate an image of a green cactus";
    const before = (await chat<Msg[]>("messages")).length;
    const palette = exec<{ files: string[] } | undefined>("imageGeneration.generateImage", { prompt: whale, confirm: false, open: false });
    const sent = await chat<{ accepted: boolean; reason?: string }>("send", { text: cactus });
    assert.ok(sent.accepted, sent.reason);
    const made = await palette;
    assert.equal(made?.files.length, 1, JSON.stringify(made));
    const paletteSays = pngDescription(readFileSync(made.files[0])) ?? "";
    assert.match(paletteSays, /blue whale/, `the palette's file holds the whale: ${paletteSays}`);
    assert.doesNotMatch(paletteSays, /green cactus/);
    let reply: Msg | undefined;
    await waitFor(async () => {
      const all = await chat<Msg[]>("messages");
      const user = all.slice(before).find((m) => m.role === "user" && m.text === cactus);
      reply = all.find((m) => m.role === "agent" && m.replyTo === user?.id);
      return reply !== undefined && reply.status !== "streaming" && reply.media.every((x) => x.cachedPath !== undefined);
    }, "the chat's reply with its image", 90_000);
    assert.equal(reply?.status, "done", JSON.stringify(reply));
    assert.equal(reply?.media.length, 1, `one image in the chat's reply: ${JSON.stringify(reply?.media)}`);
    const chatSays = pngDescription(readFileSync(reply.media[0].cachedPath as string)) ?? "";
    assert.match(chatSays, /green cactus/, `the chat's image holds the cactus: ${chatSays}`);
    assert.doesNotMatch(chatSays, /blue whale/);
    await waitFor(async () => !(await chat<boolean>("busy")), "the chat is idle");
  });
});
