// Backend failures surfaced to the person: injected at the simulator, observed through the
// extension's test seam (what showError displayed: code, sentence, buttons, link).
import * as assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";
import { exec, inject, seam, setCredits, simSuite, workspaceRoot, type ShownError } from "./ext-helpers";

async function lastError(): Promise<ShownError> {
  const e = await seam<ShownError | undefined>("lastError");
  assert.ok(e, "no error was shown");
  assert.ok(!e.message.includes("[object Object]"), e.message);
  assert.ok(!/\n\s+at /.test(e.message), "a stack trace reached the person");
  assert.ok(!/nmv_[a-z]+_/i.test(e.message), "a token reached the person");
  assert.ok(e.buttons.length >= 1, "no button offered");
  return e;
}

describe("extension error surfacing (simulator)", function () {
  simSuite(this);

  it("2001 out of credits: a registration link for an anonymous user", async () => {
    await setCredits(0);
    const result = await exec("imageGeneration.generateImage", { prompt: "generate an image of a red fox", confirm: false, open: false });
    assert.equal(result, undefined);
    const e = await lastError();
    assert.equal(e.code, "OUT_OF_CREDITS");
    assert.ok(e.link, "no registration/top-up link");
    assert.ok(e.buttons.includes(vscode.l10n.t("Register")) || e.buttons.includes(vscode.l10n.t("Top Up")), JSON.stringify(e.buttons));
    assert.ok(e.buttons.includes(vscode.l10n.t("Show Log")));
  });

  it("1001 that survives a renewal: asks for a token", async () => {
    await inject("credits", { type: "code", code: 1001 }, 2);
    assert.equal(await exec("imageGeneration.showCredits", { notify: false }), undefined);
    const e = await lastError();
    assert.equal(e.code, "TOKEN_INVALID");
    assert.ok(e.buttons.includes(vscode.l10n.t("Set Token")), JSON.stringify(e.buttons));
  });

  it("429 every time: reports the rate limit once the waits (at most three) are used up", async () => {
    await inject("credits", { type: "status", status: 429 }, 4);
    assert.equal(await exec("imageGeneration.showCredits", { notify: false }), undefined);
    assert.equal((await lastError()).code, "RATE_LIMITED");
  });

  it("429 once: the retry succeeds and nothing is shown", async () => {
    await inject("credits", { type: "status", status: 429 }, 1);
    const c = await exec<{ available: number } | undefined>("imageGeneration.showCredits", { notify: false });
    assert.ok(c, `failed: ${JSON.stringify(await seam("lastError"))}`);
    assert.equal(await seam("lastError"), undefined);
  });

  it("4001 / 4002 from the server: unsupported type, too large", async () => {
    const file = path.join(workspaceRoot(), "sample.png");
    await inject("upload", { type: "code", code: 4001 });
    assert.equal(await exec("imageGeneration.uploadFiles", vscode.Uri.file(file)), undefined);
    assert.equal((await lastError()).code, "UNSUPPORTED_FILE");
    await inject("upload", { type: "code", code: 4002 });
    assert.equal(await exec("imageGeneration.uploadFiles", vscode.Uri.file(file)), undefined);
    const e = await lastError();
    assert.equal(e.code, "FILE_TOO_LARGE");
  });

  it("refuses an unsupported file locally, before sending", async () => {
    const bad = path.join(workspaceRoot(), "script.exe");
    writeFileSync(bad, "MZ");
    const result = await exec<{ uploaded: string[]; refused: Array<{ name: string; reason: string }> }>("imageGeneration.uploadFiles", vscode.Uri.file(bad));
    assert.deepEqual(result.uploaded, []);
    assert.equal(result.refused[0]?.name, "script.exe");
    assert.ok(result.refused[0].reason.length > 10);
  });

  it("402 on export: a plan matter, not credits, said so", async () => {
    await inject("render-submit", { type: "status", status: 402 }, 2);
    assert.equal(await exec("imageGeneration.exportTimeline", { notify: false }), undefined);
    const e = await lastError();
    assert.equal(e.code, "EXPORT_BLOCKED");
    assert.equal(await seam("pending"), undefined, "a refused export left a pending render behind");
  });

  it("1002 session not found: a new session, the person is told, the call succeeds", async () => {
    await inject("state", { type: "code", code: 1002 });
    const summary = await exec<string | undefined>("imageGeneration.copyTimelineSummary");
    assert.ok(summary !== undefined, `failed: ${JSON.stringify(await seam("lastError"))}`);
    const notices = await seam<Array<{ kind: string }>>("notices");
    assert.ok(notices.some((n) => n.kind === "session-replaced"), JSON.stringify(notices));
  });

  it("export without a draft: tells the person to generate first", async () => {
    await exec("imageGeneration.newSession", { confirm: false });
    assert.equal(await exec("imageGeneration.exportTimeline", { notify: false }), undefined);
    const e = await lastError();
    assert.equal(e.code, "NO_DRAFT");
    assert.ok(e.buttons.includes(vscode.l10n.t("Generate an Image")), JSON.stringify(e.buttons));
  });
});
