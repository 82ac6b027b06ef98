// The chat host logic (ChatController) with a scripted client: routing, streaming into the
// history, Stop → abort, retry only on request, local flows, attachments, new session.
import { strict as assert } from "node:assert";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { ChatOptions, DownloadOptions, ExportOptions, NemoClientApi, UploadOptions } from "../../src/core/api";
import { CancelledError, InputError, NetworkError } from "../../src/core/errors";
import { silentLogger } from "../../src/core/support";
import { route } from "../../src/core/prompt";
import type { ChatResult } from "../../src/core/types";
import { ChatController } from "../../src/extension/chat/controller";
import { ChatHistoryStore } from "../../src/extension/chat/history-store";
import type { ChatPorts } from "../../src/extension/chat/ports";
import type { PaidAction } from "../../src/core/prompt";
import { parseHostMessage, parseRequest, type AnyNotify, type AnyRequest } from "../../src/shared/protocol";
import { makeTranslator } from "../../src/shared/strings";
import { waitFor } from "../integration/client-helpers";
import { newMessage } from "../../src/shared/chat-model";
import type { GeneratedMedia } from "../../src/core/types";
import { fakeChatPorts, fakeClient } from "./chat-ports-fake";

function result(text: string): ChatResult {
  return { outcome: "completed", text, changes: [], newMedia: [], actions: [] };
}

function req(raw: unknown): AnyRequest {
  const r = parseRequest(raw);
  if (!r.ok) throw new Error(r.reason);
  return r.value;
}

/** Wait for the event itself (no count of intervals): a loaded machine only makes it slower. */
async function until(cond: () => boolean): Promise<void> {
  await waitFor(cond, "condition reached", 15_000);
}

describe("chat controller", () => {
  let dir: string;
  let posted: AnyNotify[];
  let opened: string[];
  let openedFiles: string[];

  function make(client: NemoClientApi, t?: ReturnType<typeof makeTranslator>, over: Partial<ChatPorts> = {}) {
    const store = new ChatHistoryStore(path.join(dir, "chat.json"), { logger: silentLogger, schedule: () => () => undefined });
    const controller = new ChatController({
      client,
      logger: silentLogger,
      store,
      route: (text) => route(text),
      t,
      ports: fakeChatPorts(dir, {
        // Everything the host posts must pass the webview's validation.
        post: (m) => {
          const parsed = parseHostMessage(JSON.parse(JSON.stringify(m)));
          assert.ok(parsed.ok, parsed.ok ? "" : parsed.reason);
          if (parsed.value.kind === "notify") posted.push(parsed.value.notify);
        },
        uriToPath: (u) => (u.startsWith("file://") ? new URL(u).pathname : undefined),
        openExternal: async (u) => {
          opened.push(u);
          return true;
        },
        openFile: async (p) => {
          openedFiles.push(p);
        },
        openExternalFile: async (p) => {
          opened.push(`file:${p}`);
          return true;
        },
        ...over,
      }),
    });
    return { store, controller };
  }

  const named = <N extends AnyNotify["name"]>(name: N) => posted.filter((n): n is Extract<AnyNotify, { name: N }> => n.name === name);

  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "chat-ctl-"));
    posted = [];
    opened = [];
    openedFiles = [];
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  it("words its refusals and status lines with the translator it was given", async () => {
    const t = makeTranslator({ typeFirst: "请先输入消息或附加文件。", noReply: "没有回复。", working: "处理中：{0}…" });
    const { store, controller } = make(
      fakeClient({
        chat: async (_m: string, opts?: ChatOptions) => {
          opts?.onEvent?.({ type: "tool", name: "generate_image", phase: "call" });
          assert.equal(store.messages().at(-1)?.activity, "Generating an image…", "the tool's phrase (English: no phrase translator given)");
          return result("");
        },
      }),
      t,
    );
    assert.deepEqual(await controller.handle(req({ type: "request", id: 1, method: "send", params: { text: "  " } })), {
      accepted: false,
      reason: "请先输入消息或附加文件。",
    });
    await controller.handle(req({ type: "request", id: 2, method: "send", params: { text: "generate a cat" } }));
    await until(() => !controller.busy);
    assert.deepEqual(store.messages().at(-1)?.notes, ["没有回复。"]);
  });

  it("asks before a paid message (the one policy, through the port) and sends nothing when declined", async () => {
    const asked: PaidAction[] = [];
    let answer = false;
    const sent: string[] = [];
    const { store, controller } = make(
      fakeClient({
        chat: async (m: string) => {
          sent.push(m);
          return result("Done.");
        },
        credits: async () => ({ available: 500, frozen: 0, total: 500 }),
      }),
      undefined,
      {
        confirmPaid: async (a) => {
          asked.push(a);
          return answer;
        },
      },
    );
    const declined = await controller.handle(req({ type: "request", id: 1, method: "send", params: { text: "generate an image of a watercolor lighthouse" } }));
    assert.deepEqual(declined, { accepted: false, reason: "Not sent: no credits were spent." });
    assert.deepEqual(asked, [{ kind: "image" }]);
    assert.equal(sent.length, 0);
    assert.equal(store.messages().length, 0, "a declined message is not in the history");
    answer = true;
    assert.deepEqual(await controller.handle(req({ type: "request", id: 2, method: "send", params: { text: "make a video of waves" } })), { accepted: true });
    await until(() => !controller.busy && sent.length === 1);
    await controller.handle(req({ type: "request", id: 3, method: "send", params: { text: "add a title that says Urban Dreams" } }));
    await until(() => !controller.busy && sent.length === 2);
    assert.deepEqual(asked.slice(1), [{ kind: "clip" }, { kind: "edit" }]);
    // Local routes and plain questions are free: no question.
    await controller.handle(req({ type: "request", id: 4, method: "send", params: { text: "what can you do?" } }));
    await until(() => !controller.busy && sent.length === 3);
    await controller.handle(req({ type: "request", id: 5, method: "send", params: { text: "credits" } }));
    await until(() => !controller.busy);
    assert.equal(asked.length, 3);
    const estimate = await controller.handle(req({ type: "request", id: 6, method: "estimate", params: { text: "add a title" } }));
    assert.deepEqual(estimate, { route: "agent", cost: 50, balance: 500, noFolder: undefined });
  });

  it("saves media named from the prompt and says where; with no folder open, a save dialog asks where", async () => {
    const media: GeneratedMedia = { url: "https://cdn.example/img_xhhna5w0wr.png", kind: "image", key: "m1", name: "img_xhhna5w0wr.png" };
    const downloads: DownloadOptions[] = [];
    const announced: string[][] = [];
    const suggested: string[] = [];
    let folder: string | undefined = path.join(dir, "out");
    const { store, controller } = make(
      fakeClient({
        downloadMedia: async (_m: GeneratedMedia, opts: DownloadOptions) => {
          downloads.push(opts);
          return path.join(opts.outDir, opts.fileName ?? "from-title.png");
        },
      }),
      undefined,
      {
        outputFolder: async () => folder,
        saveAs: async (name) => {
          suggested.push(name);
          return path.join(dir, "picked", "chosen.png");
        },
        announceSaved: (files) => announced.push(files),
      },
    );
    const user = { ...newMessage("u1", "user", "a watercolor lighthouse at dusk", 1), attachments: [] };
    const agent = { ...newMessage("a1", "agent", "Here it is.", 2), replyTo: "u1", media: [{ media }] };
    store.append(user);
    store.append(agent);
    const saved = (await controller.handle(req({ type: "request", id: 1, method: "saveMedia", params: { messageId: "a1", key: "m1" } }))) as { path: string };
    assert.equal(downloads[0].title, "a watercolor lighthouse at dusk");
    assert.equal(downloads[0].fileName, undefined, "the prompt names the file, not the backend's id");
    assert.deepEqual(announced, [[saved.path]]);
    folder = undefined;
    const picked = (await controller.handle(req({ type: "request", id: 2, method: "saveMedia", params: { messageId: "a1", key: "m1" } }))) as { path: string };
    assert.deepEqual(suggested, ["watercolor-lighthouse-at-dusk.png"]);
    assert.deepEqual({ outDir: downloads[1].outDir, fileName: downloads[1].fileName }, { outDir: path.join(dir, "picked"), fileName: "chosen.png" });
    assert.equal(picked.path, path.join(dir, "picked", "chosen.png"));
  });

  it("says before sending that media stays in the chat when no folder is open", async () => {
    const { controller } = make(fakeClient({}), undefined, { hasFolder: () => false });
    const estimate = (await controller.handle(req({ type: "request", id: 1, method: "estimate", params: { text: "generate a fox" } }))) as { noFolder?: boolean; cost?: number };
    assert.equal(estimate.noFolder, true);
    assert.equal(estimate.cost, 100);
  });

  it("streams an agent reply as chunks of one message and keeps it in the history", async () => {
    const { store, controller } = make(
      fakeClient({
        chat: async (_m: string, opts?: ChatOptions) => {
          opts?.onEvent?.({ type: "tool", name: "generate_image", phase: "call" });
          opts?.onEvent?.({ type: "heartbeat" });
          opts?.onEvent?.({ type: "text", delta: "A neon " });
          opts?.onEvent?.({ type: "text", delta: "city." });
          return result("A neon city.");
        },
      }),
    );
    const sent = await controller.handle(req({ type: "request", id: 1, method: "send", params: { text: "generate a futuristic city at night" } }));
    assert.deepEqual(sent, { accepted: true });
    await until(() => named("done").length === 1);
    const chunks = named("chunk");
    assert.equal(chunks.length, 3, "heartbeats are not forwarded");
    assert.equal(new Set(chunks.map((c) => c.payload.messageId)).size, 1);
    const [user, agent] = store.messages();
    assert.equal(user.text, "generate a futuristic city at night");
    assert.equal(agent.text, "A neon city.");
    assert.equal(agent.status, "done");
    assert.equal(agent.replyTo, user.id);
    await until(() => named("credits").length > 0);
    assert.equal(named("credits").at(-1)?.payload.credits?.available, 80);
  });

  it("Stop aborts the running request", async () => {
    let signal: AbortSignal | undefined;
    const { store, controller } = make(
      fakeClient({
        chat: (_m: string, opts?: ChatOptions) =>
          new Promise((_resolve, reject) => {
            signal = opts?.signal;
            opts?.signal?.addEventListener("abort", () => reject(new CancelledError()));
          }),
      }),
    );
    await controller.handle(req({ type: "request", id: 1, method: "send", params: { text: "make a video of waves" } }));
    await until(() => signal !== undefined);
    assert.deepEqual(await controller.handle(req({ type: "request", id: 2, method: "cancel" })), { cancelled: true });
    assert.equal(signal?.aborted, true);
    await until(() => named("done").length === 1);
    assert.equal(store.messages()[1].status, "cancelled");
    assert.equal(store.messages()[1].error, undefined);
    await until(() => !controller.busy);
  });

  it("a dropped stream offers Retry, and only an explicit retry sends again", async () => {
    const calls: string[] = [];
    const { store, controller } = make(
      fakeClient({
        chat: async (m: string) => {
          calls.push(m);
          if (calls.length === 1) {
            throw new NetworkError("STREAM_DROPPED", { userMessage: "The connection dropped and the timeline did not change.", nextStep: "Press Retry to send it again." });
          }
          return result("Done.");
        },
      }),
    );
    await controller.handle(req({ type: "request", id: 1, method: "send", params: { text: "add music" } }));
    await until(() => named("done").length === 1 && !controller.busy);
    const failed = store.messages()[1];
    assert.equal(failed.status, "failed");
    assert.equal(failed.error?.message, "The connection dropped and the timeline did not change.");
    assert.deepEqual(failed.offers, ["retry"]);
    assert.equal(calls.length, 1);
    await controller.handle(req({ type: "request", id: 2, method: "retry", params: { messageId: failed.id } }));
    await until(() => named("done").length === 2);
    assert.deepEqual(calls, ["add music", "add music"]);
    assert.deepEqual(store.get(failed.id)?.offers, []);
  });

  it("routes credits and export locally, never to the agent", async () => {
    let outDir = "";
    const { store, controller } = make(
      fakeClient({
        exportVideo: async (opts: ExportOptions) => {
          outDir = opts.outDir;
          opts.onProgress?.({ stage: "rendering", percent: 40 });
          return { renderId: "r1", filePath: path.join(opts.outDir, "export.mp4"), bytes: 10 };
        },
      }),
    );
    await controller.handle(req({ type: "request", id: 1, method: "send", params: { text: "credits" } }));
    await until(() => !controller.busy);
    await controller.handle(req({ type: "request", id: 2, method: "send", params: { text: "export" } }));
    await until(() => !controller.busy && store.messages().length === 4);
    const [, creditsCard, , exportCard] = store.messages();
    assert.deepEqual(creditsCard.card, { type: "credits", credits: { available: 80, frozen: 20, total: 100 } });
    assert.equal(outDir, path.join(dir, "out"));
    assert.deepEqual(exportCard.card, { type: "export", stage: "done", percent: 100, filePath: path.join(dir, "out", "export.mp4"), renderId: "r1" });
    const progress = named("message").filter((n) => n.payload.message.card?.type === "export").map((n) => n.payload.message.card);
    assert.ok(progress.some((c) => c?.type === "export" && c.stage === "rendering" && c.percent === 40));
  });

  it("checks attachments, then uploads them before the message", async () => {
    const order: string[] = [];
    const { controller } = make(
      fakeClient({
        checkUploadFile: async (p: string) => {
          if (p.endsWith(".exe")) throw new InputError("UNSUPPORTED_FILE", { userMessage: "This file type is not supported.", nextStep: "Use JPG, PNG, WEBP or MP4." });
          return { size: 5, name: path.basename(p) };
        },
        uploadFiles: async (paths: string[], opts?: UploadOptions) => {
          order.push(`upload ${paths.map((p) => path.basename(p)).join(",")}`);
          opts?.onProgress?.({ file: "a.png", sentBytes: 5, totalBytes: 5 });
          return { files: ["a.png"], uploaded: [], data: {} };
        },
        chat: async (m: string) => {
          order.push(`chat ${m}`);
          return result("ok");
        },
      }),
    );
    const r = (await controller.handle(req({ type: "request", id: 1, method: "uploadDropped", params: { uris: ["file:///w/a.png", "file:///w/b.exe"] } }))) as {
      attachments: Array<{ id: string; state: string; reason?: string }>;
    };
    assert.deepEqual(r.attachments.map((a) => a.state), ["ready", "invalid"]);
    assert.match(r.attachments[1].reason ?? "", /not supported/);
    await controller.handle(req({ type: "request", id: 2, method: "send", params: { text: "animate this photo", attachmentIds: r.attachments.map((a) => a.id) } }));
    await until(() => order.length === 2);
    assert.deepEqual(order, ["upload a.png", "chat animate this photo"]);
    assert.equal(named("attachmentProgress")[0]?.payload.sentBytes, 5);
  });

  it("opens only http(s)/mailto links, sends history on ready, clears on a new session", async () => {
    const { store, controller } = make(fakeClient({ chat: async () => result("hi") }));
    assert.deepEqual(await controller.handle(req({ type: "request", id: 1, method: "openLink", params: { url: "javascript:alert(1)" } })), { opened: false });
    assert.deepEqual(await controller.handle(req({ type: "request", id: 2, method: "openLink", params: { url: "https://nemovideo.com/x" } })), { opened: true });
    assert.deepEqual(opened, ["https://nemovideo.com/x"]);
    await controller.handle(req({ type: "request", id: 3, method: "send", params: { text: "edit the title" } }));
    await until(() => named("done").length === 1);
    await controller.handle(req({ type: "request", id: 4, method: "ready" }));
    assert.equal(named("history").at(-1)?.payload.messages.length, 2);
    const md = (await controller.handle(req({ type: "request", id: 5, method: "exportChat" }))) as { path: string };
    assert.equal(path.dirname(md.path), path.join(dir, "out"));
    assert.match(await fs.readFile(md.path, "utf8"), /> edit the title[\s\S]*## Agent[\s\S]*hi/);
    controller.onSessionChanged();
    assert.equal(store.messages().length, 0);
    assert.equal(named("history").at(-1)?.payload.messages.length, 0);
  });

  it("a silent close shows each change once, as notes, not also as the reply text", async () => {
    const changes = ["Title added: 'Paradise Found' (0-3s)", "Music added: 'Lo-fi' (0-10s, 30%)"];
    const { store, controller } = make(
      fakeClient({
        chat: async (_m: string, opts?: ChatOptions) => {
          opts?.onEvent?.({ type: "changes", sentences: changes });
          return { outcome: "silent-close", text: changes.join("\n"), changes, newMedia: [], actions: [] };
        },
      }),
    );
    await controller.handle(req({ type: "request", id: 1, method: "send", params: { text: "add a title" } }));
    await until(() => !controller.busy);
    const reply = store.messages().at(-1);
    assert.equal(reply?.text, "");
    assert.deepEqual(reply?.notes, changes);
  });

  it("missing files: a gone preview is a placeholder with Download again, a gone saved file offers Save again", async () => {
    const media = { url: "https://cdn.example/a.png", kind: "image" as const, key: "k1", name: "city" };
    let downloads = 0;
    const { store, controller } = make(
      fakeClient({
        chat: async () => ({ ...result("here"), newMedia: [media] }),
        downloadMedia: async (_m, opts) => {
          downloads++;
          const file = path.join(opts?.outDir ?? dir, opts?.fileName ?? "x.png");
          await fs.mkdir(path.dirname(file), { recursive: true }); // as the client's download does
          await fs.writeFile(file, "png");
          return file;
        },
      }),
    );
    await controller.handle(req({ type: "request", id: 1, method: "send", params: { text: "generate a city" } }));
    await until(() => !controller.busy && store.messages().at(-1)?.media[0]?.cachedPath !== undefined);
    const reply = store.messages().at(-1);
    assert.ok(reply);
    const cached = reply.media[0].cachedPath ?? "";
    const saved = ((await controller.handle(req({ type: "request", id: 2, method: "saveMedia", params: { messageId: reply.id, key: "k1" } }))) as { path: string }).path;
    await fs.rm(cached);
    await fs.rm(saved);
    await controller.handle(req({ type: "request", id: 3, method: "ready" }));
    const shown = named("history").at(-1)?.payload.messages.at(-1)?.media[0];
    assert.equal(shown?.previewMissing, true, "the cached preview is gone");
    assert.equal(shown?.previewUri, undefined, "no URI to a missing file");
    assert.equal(shown?.savedMissing, true, "the saved file is gone");
    assert.equal(store.messages().at(-1)?.media[0].previewMissing, undefined, "flags are not persisted");
    // Opening the deleted file re-posts the item as gone instead of opening an error editor.
    const posts = named("message").length;
    await controller.handle(req({ type: "request", id: 4, method: "openFile", params: { path: saved } }));
    assert.deepEqual(openedFiles, []);
    assert.equal(named("message").at(posts)?.payload.message.media[0].savedMissing, true);
    // Download again brings the preview back.
    const before = downloads;
    await controller.handle(req({ type: "request", id: 5, method: "redownloadPreview", params: { messageId: reply.id, key: "k1" } }));
    assert.equal(downloads, before + 1);
    const again = named("message").at(-1)?.payload.message.media[0];
    assert.equal(again?.previewMissing, undefined);
    assert.equal(again?.previewUri, `webview:${cached}`);
    // "Open in default player" opens only existing media files.
    assert.deepEqual(await controller.handle(req({ type: "request", id: 6, method: "openExternalFile", params: { path: saved } })), { opened: false });
    assert.deepEqual(await controller.handle(req({ type: "request", id: 7, method: "openExternalFile", params: { path: path.join(dir, "run.sh") } })), { opened: false });
    assert.deepEqual(await controller.handle(req({ type: "request", id: 8, method: "openExternalFile", params: { path: cached } })), { opened: true });
    assert.deepEqual(opened, [`file:${cached}`]);
  });

  it("a finished export is posted with a preview URI for the player", async () => {
    const { controller } = make(
      fakeClient({
        exportVideo: async (opts: ExportOptions) => {
          const filePath = path.join(opts.outDir, "export.mp4");
          await fs.mkdir(opts.outDir, { recursive: true }); // as the client's download does
          await fs.writeFile(filePath, "mp4");
          return { renderId: "r1", filePath, bytes: 3 };
        },
      }),
    );
    await controller.handle(req({ type: "request", id: 1, method: "send", params: { text: "export" } }));
    await until(() => !controller.busy);
    const card = named("message").at(-1)?.payload.message.card;
    assert.equal(card?.type === "export" ? card.previewUri : undefined, `webview:${path.join(dir, "out", "export.mp4")}`);
  });

  it("gives the keyboard back to the input after the credit question, whatever the answer", async () => {
    let focused = 0;
    let answer = false;
    const { controller } = make(fakeClient({ chat: async () => result("Done.") }), undefined, {
      confirmPaid: async () => answer,
      focusInput: () => {
        focused++;
      },
    });
    await controller.handle(req({ type: "request", id: 1, method: "send", params: { text: "generate an image of a paper lantern" } }));
    assert.equal(focused, 1, "after Cancel");
    answer = true;
    await controller.handle(req({ type: "request", id: 2, method: "send", params: { text: "generate an image of a paper lantern" } }));
    assert.equal(focused, 2, "after Send");
    await until(() => !controller.busy);
    await controller.handle(req({ type: "request", id: 3, method: "send", params: { text: "credits" } }));
    assert.equal(focused, 2, "no question, nothing to give back");
  });

  it("says in one line, with the image, what another surface added to the session; its own media tick the walkthrough", async () => {
    const activity: Array<{ kind: string; files: readonly string[] }> = [];
    const media: GeneratedMedia = { url: "https://cdn.example/a.png", kind: "image", key: "m1", name: "a.png" };
    const { store, controller } = make(
      fakeClient({ chat: async () => ({ ...result("Here it is."), newMedia: [media] }), downloadMedia: async () => path.join(dir, "cache", "a.png") }),
      undefined,
      { recordActivity: (kind, files) => activity.push({ kind, files }) },
    );
    const file = path.join(dir, "out", "paper-lantern.png");
    controller.announceActivity("Added from the Command Palette: paper lantern", [file, path.join(dir, "notes.txt")]);
    const line = store.messages().at(-1);
    assert.equal(line?.role, "system");
    assert.deepEqual(line?.notes, ["Added from the Command Palette: paper lantern"]);
    assert.deepEqual(line?.media.map((m) => [m.media.kind, m.savedPath, m.cachedPath]), [["image", file, file]], "only the media file, shown from where it was saved");
    assert.equal(named("message").at(-1)?.payload.message.id, line?.id, "posted to the panel");
    await controller.handle(req({ type: "request", id: 1, method: "send", params: { text: "generate an image of a lantern" } }));
    await until(() => !controller.busy);
    assert.deepEqual(activity.map((a) => a.kind), ["generated"]);
  });

  it("after Keep in the compare view, the card of the moved file links it where it is now (not deleted); Undo links it back", async () => {
    const { store, controller } = make(fakeClient({}));
    const original = path.join(dir, "out", "harbour.png");
    const version = path.join(dir, "out", "harbour-edit-1.png");
    await fs.mkdir(path.dirname(original), { recursive: true });
    await fs.writeFile(original, "original");
    await fs.writeFile(version, "new version");
    controller.announceActivity("Edited from the Command Palette: make the sky stormy", [version]);
    controller.announceActivity("Added from the Command Palette: a harbour", [original]);
    const [edited, first] = store.messages().slice(-2);
    // Keep: the new version takes the original's place (core/edit/keep.ts renames it).
    await fs.rename(version, original);
    controller.relinkFiles([{ from: version, to: original }, { from: original, to: original, replaced: true }]);
    await controller.handle(req({ type: "request", id: 1, method: "ready" }));
    const shown = (id: string) => named("history").at(-1)?.payload.messages.find((m) => m.id === id)?.media[0];
    assert.equal(shown(edited.id)?.savedPath, original, "the edit's card links the replaced file");
    assert.equal(shown(edited.id)?.savedMissing, undefined, "not said to be deleted or moved");
    assert.equal(shown(edited.id)?.previewMissing, undefined, "its preview shows from there");
    assert.equal(shown(first.id)?.savedPath, original, "the original's card still links its file");
    const notesOf = (id: string) => named("history").at(-1)?.payload.messages.find((m) => m.id === id)?.notes ?? [];
    const replacedNote = makeTranslator()("replacedByKeep", path.basename(original));
    assert.ok(notesOf(first.id).includes(replacedNote), "the original's card says its file now holds the edited version");
    assert.ok(!notesOf(edited.id).includes(replacedNote), "the edit's card shows that picture: no note");
    // Undo: the new version back under its name, the original back in place.
    await fs.rename(original, version);
    await fs.writeFile(original, "original");
    controller.relinkFiles([{ from: original, to: version, undo: true }, { from: original, to: original, replaced: true, undo: true }]);
    await controller.handle(req({ type: "request", id: 2, method: "ready" }));
    assert.ok(!notesOf(first.id).includes(replacedNote), "Undo takes the note off");
    assert.equal(shown(edited.id)?.savedPath, version, "the edit's card links the version again");
    assert.equal(shown(first.id)?.savedPath, original, "the original's card is left as it was");
  });
});
