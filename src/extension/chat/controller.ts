/**
 * The chat panel's host logic: answers the webview's requests, routes what the person types
 * (local flows or the agent), streams agent replies as `chunk`s with one message id, persists the
 * history, and aborts the running request on Stop. vscode-free (see ports.ts).
 */
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { InputError, toNemoError } from "../../core/errors";
import { mediaTitle } from "../../core/media/media-name";
import { estimateCredits, paidActionFor } from "../../core/prompt/cost";
import { ASPECT_RATIOS, availableStyles, resolveShape, shapedActions } from "../../core/shape";
import type { Credits, GuiAction } from "../../core/types";
import { newMessage } from "../../shared/chat-model";
import { isSafeLink } from "../../shared/links";
import { makeNotify, type AnyRequest, type Card, type ChatMessage, type NotifyName, type NotifyPayload, type ShapeChoice } from "../../shared/protocol";
import { english, type Translate } from "../../shared/strings";
import { PendingAttachments } from "./attachments";
import { JobLedger, JobRunner, MemoryLedgerStorage } from "../../core/jobs";
import { catchUpAfterReload, takeOverLeftJobs } from "./after-reload";
import type { ShapedPaid } from "./agent-turn";
import { retryMessage, runAction, sendMessage, type SendHost } from "./send";
import { decorateMessage } from "./decorate";
import { JobReplies } from "./job-replies";
import { syncExportCards } from "./export-cards";
import { creditsFlow, exportChatFlow, exportFlow, saveMediaFlow, stateFlow } from "./flows";
import { addDropped, type LocalFilesHost, MEDIA_FILE, mediaKindOf, openChatFile, openExternalFile, pickAttachments, redownloadPreview } from "./local-files";
import type { ChatDeps } from "./ports";
import { FileRelinks } from "./relink";
import { sessionLost } from "./session-lost";
import type { FileMove } from "../services";

const CREDITS_MAX_AGE_MS = 60_000;

export class ChatController implements SendHost, LocalFilesHost {
  readonly attachments: PendingAttachments;
  /** The running operation; `userId` the person's message that started it, `reached` once the agent's stream answered. */
  op: { abort: AbortController; userId?: string; reached?: boolean } | undefined;
  /** A paid-action question is open (the send waits for the person's answer). */
  confirming = false;
  private credits: Credits | undefined;
  private creditsAt = 0;
  /** The runner of the chat's paid turns (jobs on the workspace's ledger). */
  readonly jobs: JobRunner;
  /** Replies the chat stopped waiting for, settled from their jobs' records. */
  readonly replies: JobReplies;
  /** The replies cut off by a reload follow their jobs (once, when the panel is first up). */
  private caughtUp = false;
  private disposed = false;
  private exportsSynced = false;
  private readonly exportsWatch?: { dispose(): void };
  readonly now: () => number;
  readonly t: Translate;

  /** The cards' links to files the product moved (relinkFiles). */
  private readonly relinks = new FileRelinks(this);

  constructor(readonly deps: ChatDeps) {
    this.t = deps.t ?? english;
    this.attachments = new PendingAttachments(deps.client, this.t, deps.phrases);
    this.now = deps.now ?? Date.now;
    this.exportsWatch = deps.exports?.onDidChange(() => void this.syncExports(false));
    this.jobs = deps.jobs ?? new JobRunner({ client: deps.client, ledger: new JobLedger(new MemoryLedgerStorage(), { logger: deps.logger }), logger: deps.logger });
    this.replies = new JobReplies(this, this.jobs.ledger, () => void this.refreshCredits());
  }

  get busy(): boolean {
    return this.op !== undefined;
  }

  /** Answer one validated request; throws a NemoError for a failure the webview shows. */
  async handle(req: AnyRequest): Promise<unknown> {
    switch (req.method) {
      case "ready":
        this.onReady();
        return { ok: true };
      case "send":
        return sendMessage(this, req.params.text, req.params.attachmentIds, req.params.shape);
      case "shapeOptions":
        return { ratios: [...ASPECT_RATIOS], styles: availableStyles(this.deps.ports.customStyles?.()).map((s) => ({ id: s.id, label: s.label })) };
      case "cancel":
        return { cancelled: this.cancel() };
      case "retry":
        return retryMessage(this, req.params.messageId);
      case "runAction":
        return runAction(this, req.params.action);
      case "saveMedia": {
        const msg = this.deps.store.get(req.params.messageId);
        if (!msg) throw new InputError("BAD_INPUT", { userMessage: this.t("goneMessage") });
        return { path: await saveMediaFlow(this, msg, req.params.key) };
      }
      case "insertMedia": {
        const msg = this.deps.store.get(req.params.messageId);
        if (!msg || !this.deps.ports.insertIntoEditor) throw new InputError("BAD_INPUT", { userMessage: this.t("goneMessage") });
        const entry = msg.media.find((m) => m.media.key === req.params.key);
        const saved = entry?.savedPath && existsSync(entry.savedPath) ? entry.savedPath : undefined;
        const path = saved ?? (await saveMediaFlow(this, msg, req.params.key));
        // The alt text is the prompt this reply answers, else the media's title; never its backend id.
        const prompt = msg.replyTo ? this.deps.store.get(msg.replyTo)?.text : undefined;
        const alt = prompt?.trim() || (entry ? mediaTitle(entry.media) : undefined) || "";
        return { path, text: await this.deps.ports.insertIntoEditor(path, alt) };
      }
      case "revealFile":
        await this.deps.ports.revealFile(req.params.path);
        return {};
      case "openFile":
        await openChatFile(this, req.params.path);
        return {};
      case "openExternalFile":
        return { opened: await openExternalFile(this, req.params.path) };
      case "redownloadPreview":
        await redownloadPreview(this, req.params.messageId, req.params.key);
        return {};
      case "openLink":
        return { opened: isSafeLink(req.params.url) ? await this.deps.ports.openExternal(req.params.url) : false };
      case "attach":
        return { attachments: await pickAttachments(this) };
      case "uploadDropped":
        return { attachments: await addDropped(this, req.params.uris) };
      case "attachUrl":
        return { attachments: this.attachments.addUrl(req.params.url) };
      case "removeAttachment":
        return { attachments: this.attachments.remove(req.params.id) };
      case "exportChat":
        return { path: await this.exportMarkdown() };
      case "estimate": {
        const route = this.deps.route(req.params.text).kind;
        const paid = route === "agent" ? this.shapedPaid(req.params.text, req.params.shape) : undefined;
        const cost = paid ? estimateCredits(paid) : undefined;
        const noFolder = route === "agent" && !this.deps.ports.hasFolder() ? true : undefined;
        return { route, cost, balance: this.credits?.available, noFolder };
      }
    }
  }

  /** Export cards show what the export records say (a reload mid-render, a resumed export). */
  private async syncExports(orphans: boolean): Promise<void> {
    if (!this.deps.exports) return;
    try {
      await syncExportCards(this, await this.deps.exports.list(), { orphans });
    } catch (err) {
      this.deps.logger.warn(`Chat: could not read the export records (${toNemoError(err).code}).`);
    }
  }

  dispose(): void {
    this.disposed = true;
    this.exportsWatch?.dispose();
    this.replies.dispose();
  }

  /** The webview is up: send it everything it shows; the first time, look for what a reply cut off by a reload made. */
  onReady(): void {
    if (!this.exportsSynced) {
      this.exportsSynced = true;
      void this.syncExports(true);
    }
    const messages = this.deps.store.messages().map((m) => this.decorate(m));
    this.notify("history", { messages, busy: this.busy });
    this.notify("attachments", { attachments: this.attachments.list() });
    this.notify("credits", { credits: this.credits ?? null });
    if (!this.caughtUp) {
      this.caughtUp = true;
      void catchUpAfterReload(this, this.replies)
        .then(() => takeOverLeftJobs(this, () => this.disposed))
        .catch((err) => this.deps.logger.warn(`Chat: could not read the jobs of the replies cut off by the reload (${toNemoError(err).code}).`));
    }
  }

  /** The panel became visible: fetch the balance when it is stale (never at activation). */
  onVisible(): void {
    if (this.now() - this.creditsAt < CREDITS_MAX_AGE_MS) return;
    void this.refreshCredits();
  }

  /**
   * The session changed. "new" (the person's New Session): the old conversation is gone. "lost"
   * (the service no longer had it): the history stays, with a divider where the new session begins —
   * before the running request's message when that never reached the old session (it is being
   * sent to the new one), else at the end; a reply cut off by a reload gets the one sentence and Retry.
   */
  onSessionChanged(change: "new" | "lost" = "new"): void {
    if (change === "lost") return sessionLost(this);
    this.cancel();
    this.attachments.clear();
    this.deps.store.clear();
    this.onReady();
  }

  /**
   * Another surface (the palette, Generate from Selection, an agent, the Session view) changed the
   * workspace's one session: one line in the chat, with what it saved (shown from the file).
   */
  announceActivity(line: string, files: readonly string[]): void {
    const media = files.filter((f) => MEDIA_FILE.test(f)).map((f) => ({
      media: { url: pathToFileURL(f).href, kind: mediaKindOf(f), key: `file:${f}`, name: path.basename(f) },
      cachedPath: f,
      savedPath: f,
    }));
    this.append({ ...newMessage(randomUUID(), "system", "", this.now()), notes: [line], media });
  }

  /**
   * Files the product moved (the compare view's Keep: the new version now in the original's place;
   * Undo: back again): every card that showed a moved file links it where it is now (relink.ts).
   */
  relinkFiles(moves: readonly FileMove[]): void {
    this.relinks.relink(moves);
  }

  cancel(): boolean {
    if (!this.op) return false;
    this.op.abort.abort();
    return true;
  }

  async refreshCredits(): Promise<void> {
    try {
      const credits = await this.deps.client.credits();
      this.setCredits(credits);
      this.deps.ports.publishCredits(credits);
    } catch (err) {
      this.deps.logger.warn(`Chat: could not read the balance (${toNemoError(err).code})`);
    }
  }

  // FlowHost
  addCard(card: Card): ChatMessage {
    return this.append({ ...newMessage(randomUUID(), "system", "", this.now()), card });
  }

  update(id: string, change: (m: ChatMessage) => void): void {
    const m = this.deps.store.update(id, change);
    if (m) this.notify("message", { message: this.decorate(m) });
  }

  setCredits(credits: Credits): void {
    this.credits = credits;
    this.creditsAt = this.now();
    this.notify("credits", { credits });
  }

  attachmentProgress(id: string, sentBytes: number, totalBytes: number): void {
    const att = this.attachments.progress(id, sentBytes, totalBytes);
    if (att) this.notify("attachmentProgress", { id, state: att.state, sentBytes, totalBytes });
  }

  async exportMarkdown(): Promise<string> {
    return exportChatFlow(this, this.now());
  }

  /**
   * What a message will spend with the picker's shape: the shape applies only to a message that
   * generates (an image or a clip), where N variations are N of them; an unknown ratio or style is
   * refused by the core's rule (InputError, shown in the panel).
   */
  shapedPaid(text: string, choice: ShapeChoice | undefined): ShapedPaid {
    const paid = paidActionFor(text);
    if (!paid || paid.kind === "edit" || !choice) return paid;
    const shape = resolveShape(choice, this.deps.ports.customStyles?.());
    return { ...shapedActions(paid.kind, shape), shape };
  }

  runGuiAction(action: GuiAction, signal: AbortSignal): Promise<void> {
    if (action === "export") return exportFlow(this, signal);
    if (action === "credits") return creditsFlow(this, signal);
    return stateFlow(this, signal);
  }

  append(msg: ChatMessage): ChatMessage {
    this.deps.store.append(msg);
    this.notify("message", { message: this.decorate(msg) });
    return msg;
  }

  /** A copy for the webview (decorate.ts): preview URIs, missing files, the media's label. */
  decorate(m: ChatMessage): ChatMessage {
    return decorateMessage(m, this.deps, this.t);
  }

  notify<N extends NotifyName>(name: N, payload: NotifyPayload<N>): void {
    this.deps.ports.post(makeNotify(name, payload));
  }
}
