// The extension's commands inside the real extension host: registration, the token round trip
// through SecretStorage, and the attribution headers the simulator receives.
import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { activate, cleanSlate, exec, EXTENSION_ID, needsSim, requests, seam } from "./ext-helpers";

describe("extension commands", () => {
  before(async () => {
    await activate();
  });

  it("did no network work at activation", async function () {
    needsSim(this);
    // Only the smoke suite ran before this one: it activated the extension and ran no command.
    const api = (await requests()).filter((r) => !r.path.startsWith("/__sim/"));
    assert.deepEqual(api.map((r) => `${r.method} ${r.path}`), []);
  });

  it("registers every contributed command and the test seam", async () => {
    const contributed = (vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON.contributes.commands ?? []) as Array<{ command: string }>;
    const registered = new Set(await vscode.commands.getCommands(true));
    const mine = contributed.map((c) => c.command).filter((c) => !["imageGeneration.focusChat", "imageGeneration.exportChatMarkdown"].includes(c));
    assert.ok(mine.length >= 14, `only ${mine.length} commands contributed`);
    const missing = mine.filter((c) => !registered.has(c));
    assert.deepEqual(missing, []);
    assert.ok(registered.has("imageGeneration._test"));
  });

  it("Set Token stores the token in SecretStorage and Sign Out removes it", async () => {
    assert.equal(await exec<boolean>("imageGeneration.setToken", "nmv_usr_editortest123"), true);
    assert.equal(await seam<boolean>("secretEquals", "nmv_usr_editortest123"), true);
    assert.equal(await exec<boolean>("imageGeneration.signOut"), true);
    assert.equal(await seam<boolean>("secretEquals", "nmv_usr_editortest123"), false);
  });

  it("never writes the token into settings", async () => {
    await exec("imageGeneration.setToken", "nmv_usr_secretvalue987");
    const all = JSON.stringify(vscode.workspace.getConfiguration("imageGeneration"));
    assert.ok(!all.includes("secretvalue987"));
    await exec("imageGeneration.signOut");
  });

  it("sends the platform and attribution headers the editor detected", async function () {
    needsSim(this);
    await cleanSlate();
    const platform = await seam<string>("platform");
    const env = await seam<{ appName: string }>("env");
    if (/code-server/i.test(env.appName)) assert.equal(platform, "code-server");
    const credits = await exec<{ available: number }>("imageGeneration.showCredits", { notify: false });
    assert.ok(credits && typeof credits.available === "number", "showCredits returned no balance");
    const last = (await requests()).filter((r) => r.path.startsWith("/api/credits")).pop();
    assert.ok(last, "the simulator saw no credits request");
    assert.equal(last.headers["x-skill-platform"], platform);
    assert.equal(last.headers["x-skill-source"], "image-generation-generator");
    assert.match(String(last.headers["x-skill-version"]), /^\d+\.\d+\.\d+/);
    assert.match(String(last.headers["authorization"]), /^Bearer nmv_/);
  });

  it("refuses an obviously broken token without storing it", async () => {
    const before = await seam<string>("tokenSource");
    assert.equal(await exec<boolean>("imageGeneration.setToken", "has spaces in it"), false);
    assert.equal(await seam<string>("tokenSource"), before);
  });
});
