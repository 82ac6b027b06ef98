/**
 * The chat panel's host logic: answers the webview's requests, routes what the person types
 * (local flows or the agent), streams agent replies as `chunk`s with one message id, persists the
 * history, and aborts the running request on Stop. vscode-free (see ports.ts).
 */
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { CancelledError, InputError, toNemoError } from "../../core/errors";
import { mediaDisplayName, mediaTitle } from "../../core/media/media-name";
import { sessionLostError } from "../../core/chat/recovery";
import { estimateCredits, paidActionFor } from "../../core/prompt/cost";
import { ASPECT_RATIOS, availableStyles, resolveShape, type Shape, shapedActions } from "../../core/shape";
import type { ShapeChoice } from "../../shared/protocol";
import { SESSION_REPLACED } from "../../core/session/workspace";
import type { Credits, GuiAction } from "../../core/types";
import { applyChatEvent, newMessage } from "../../shared/chat-model";
import { isSafeLink } from "../../shared/links";
import {
  makeNotify,
  type AnyRequest,
  type Card,
  type ChatMessage,
  type NotifyName,
  type NotifyPayload,
} from "../../shared/protocol";
import { english, generatedWord, type Translate } from "../../shared/strings";
import { uploadFilterExtensions } from "../../core/media/formats";
import { PendingAttachments, type TakenAttachments } from "./attachments";
import { isFinalState, JobLedger, JobRunner, MemoryLedgerStorage, type Job, type JobSpec } from "../../core/jobs";
import type { ChatEvent, ChatResult } from "../../core/types";
import { catchUpAfterReload, interruptedReply, settleLost } from "./after-reload";
import { JobReplies, jobMediaToGenerated, type StoppedWaiting } from "./job-replies";
import { syncExportCards } from "./export-cards";
import { cacheMedia, creditsFlow, exportChatFlow, exportFlow, saveMediaFlow, stateFlow, uploadFlow, type FlowHost } from "./flows";
import { errorInfo, localEvent } from "./localize";
import type { ChatDeps } from "./ports";
import type { FileMove } from "../services";

const CREDITS_MAX_AGE_MS = 60_000;
/** How often the chat tries again to take over the watch of a job a closing window still owned. */
const RESUME_RETRY_MS = 3_000;
/** What "Open in default player" may open: media, never a script or a program. */
const MEDIA_FILE = /\.(mp4|mov|m4v|webm|mkv|avi|mp3|wav|m4a|aac|ogg|png|jpe?g|gif|webp)$/i;

function mediaKindOf(file: string): "image" | "video" | "audio" {
  if (/\.(png|jpe?g|gif|webp)$/i.test(file)) return "image";
  if (/\.(mp3|wav|m4a|aac|ogg)$/i.test(file)) return "audio";
  return "video";
}

export class ChatController implements FlowHost {
  readonly attachments: PendingAttachments;
  /** The running operation; `userId` the person's message that started it, `reached` once the agent's stream answered. */
  private op: { abort: AbortController; userId?: string; reached?: boolean } | undefined;
  /** A paid-action question is open (the send waits for the person's answer). */
  private confirming = false;
  private credits: Credits | undefined;
  private creditsAt = 0;
  /** The runner of the chat's paid turns (jobs on the workspace's ledger). */
  readonly jobs: JobRunner;
  /** Replies the chat stopped waiting for, settled from their jobs' records. */
  private readonly replies: JobReplies;
  /** The replies cut off by a reload follow their jobs (once, when the panel is first up). */
  private caughtUp = false;
  private disposed = false;
  private exportsSynced = false;
  private readonly exportsWatch?: { dispose(): void };
  private readonly now: () => number;
  readonly t: Translate;

  /** Links relinkFiles changed (this window only), so an Undo puts them back. */
  private relinked: { id: string; key: string; from: string; to: string }[] = [];
  /** Notes relinkFiles added to cards whose file now holds another picture (this window only), so an Undo takes them off. */
  private replacedNotes: { id: string; file: string; note: string }[] = [];

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
        return this.send(req.params.text, req.params.attachmentIds, req.params.shape);
      case "shapeOptions":
        return { ratios: [...ASPECT_RATIOS], styles: availableStyles(this.deps.ports.customStyles?.()).map((s) => ({ id: s.id, label: s.label })) };
      case "cancel":
        return { cancelled: this.cancel() };
      case "retry":
        return this.retry(req.params.messageId);
      case "runAction":
        return this.runAction(req.params.action);
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
        await this.openFile(req.params.path);
        return {};
      case "openExternalFile":
        return { opened: await this.openExternalFile(req.params.path) };
      case "redownloadPreview":
        await this.redownloadPreview(req.params.messageId, req.params.key);
        return {};
      case "openLink":
        return { opened: isSafeLink(req.params.url) ? await this.deps.ports.openExternal(req.params.url) : false };
      case "attach":
        return { attachments: await this.pickAttachments() };
      case "uploadDropped":
        return { attachments: await this.addDropped(req.params.uris) };
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
        .then(() => this.takeOverLeftJobs())
        .catch((err) => this.deps.logger.warn(`Chat: could not read the jobs of the replies cut off by the reload (${toNemoError(err).code}).`));
    }
  }

  /**
   * Activation resumes the watches of jobs a closed window left (resume-jobs.ts resumeLeftJobs),
   * but the old window's process may still be ending then (its jobs are not orphans yet). While a
   * followed reply's job is still owned by another process, the resume is tried again every
   * `RESUME_RETRY_MS`, for at most the runner's watch time.
   */
  private async takeOverLeftJobs(): Promise<void> {
    const until = this.now() + this.jobs.timing.watchMs;
    while (!this.disposed && this.now() < until) {
      const left = (await Promise.all(this.replies.followedJobs().map((id) => this.jobs.ledger.get(id)))).filter((j) => j && !isFinalState(j.state) && j.ownerPid !== process.pid);
      if (left.length === 0) return;
      void this.jobs.resume().catch((err) => this.deps.logger.warn(`Chat: resuming the left jobs failed (${toNemoError(err).code}).`));
      await new Promise((r) => setTimeout(r, RESUME_RETRY_MS).unref?.());
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
    if (change === "lost") return this.sessionLost();
    this.cancel();
    this.attachments.clear();
    this.deps.store.clear();
    this.onReady();
  }

  private sessionLost(): void {
    const reply = interruptedReply(this.deps.store.messages());
    if (reply) {
      this.replies.unfollow(reply.id);
      settleLost(this, reply.id, errorInfo(sessionLostError(), this.deps.phrases));
    }
    const op = this.op;
    const divider: ChatMessage = { ...newMessage(randomUUID(), "system", this.t("sessionLostDivider"), this.now()), divider: "session-lost" };
    if (!this.deps.store.markSessionLost(divider, op && !op.reached ? op.userId : undefined)) return;
    this.deps.logger.info("Chat: the service lost the session; the history is kept, marked as the previous session.");
    this.notify("history", { messages: this.deps.store.messages().map((m) => this.decorate(m)), busy: this.busy });
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
   * Undo: back again): every card that showed a moved file links it where it is now (its preview
   * too when that was the file itself), instead of saying it was deleted. An `undo` move puts back
   * the links its earlier move changed (remembered for this window), nothing else.
   */
  relinkFiles(moves: readonly FileMove[]): void {
    const same = (a: string | undefined, b: string): boolean => a !== undefined && path.resolve(a) === path.resolve(b);
    /** Items relinked by this call: they show the file's new picture, no note. */
    const moved = new Set<string>();
    for (const move of moves) {
      if (move.replaced) {
        this.markReplaced(move, moved, same);
        continue;
      }
      if (move.undo) {
        const back = this.relinked.filter((r) => same(r.from, move.to) && same(r.to, move.from));
        this.relinked = this.relinked.filter((r) => !back.includes(r));
        for (const r of back) this.relinkItem(r.id, r.key, r.to, r.from);
        continue;
      }
      for (const m of this.deps.store.messages()) {
        for (const item of m.media) {
          if (!same(item.savedPath, move.from) && !same(item.cachedPath, move.from)) continue;
          this.relinked.push({ id: m.id, key: item.media.key, from: move.from, to: move.to });
          moved.add(`${m.id}\n${item.media.key}`);
          this.relinkItem(m.id, item.media.key, move.from, move.to);
        }
      }
    }
  }

  /** A card that showed the picture `move.from` held before Keep says the file holds an edited version now; Undo takes the note off. */
  private markReplaced(move: FileMove, moved: ReadonlySet<string>, same: (a: string | undefined, b: string) => boolean): void {
    if (move.undo) {
      const back = this.replacedNotes.filter((r) => same(r.file, move.from));
      this.replacedNotes = this.replacedNotes.filter((r) => !back.includes(r));
      for (const r of back) this.update(r.id, (m) => void (m.notes = m.notes.filter((n) => n !== r.note)));
      return;
    }
    const note = this.t("replacedByKeep", path.basename(move.from));
    for (const m of this.deps.store.messages()) {
      const showed = m.media.some((item) => same(item.savedPath, move.from) && !moved.has(`${m.id}\n${item.media.key}`));
      if (!showed || m.notes.includes(note)) continue;
      this.replacedNotes.push({ id: m.id, file: move.from, note });
      this.update(m.id, (x) => void x.notes.push(note));
    }
  }

  private relinkItem(id: string, key: string, from: string, to: string): void {
    this.update(id, (m) => {
      const e = m.media.find((x) => x.media.key === key);
      if (!e) return;
      if (e.savedPath !== undefined && path.resolve(e.savedPath) === path.resolve(from)) e.savedPath = to;
      if (e.cachedPath !== undefined && path.resolve(e.cachedPath) === path.resolve(from)) e.cachedPath = to;
    });
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
  private shapedPaid(text: string, choice: ShapeChoice | undefined): (ReturnType<typeof paidActionFor> & { shape?: Shape }) | undefined {
    const paid = paidActionFor(text);
    if (!paid || paid.kind === "edit" || !choice) return paid;
    const shape = resolveShape(choice, this.deps.ports.customStyles?.());
    return { ...shapedActions(paid.kind, shape), shape };
  }

  private async send(text: string, attachmentIds: readonly string[], choice?: ShapeChoice): Promise<{ accepted: boolean; reason?: string }> {
    if (this.op || this.confirming) return { accepted: false, reason: this.t("waitForReply") };
    const trimmed = text.trim();
    const paid = trimmed && this.deps.route(trimmed).kind === "agent" ? this.shapedPaid(trimmed, choice) : undefined;
    if (paid) {
      // The one confirmation policy (rules/confirm.ts), before anything is taken or sent.
      this.confirming = true;
      let go = false;
      try {
        go = await this.deps.ports.confirmPaid(paid.count === undefined ? { kind: paid.kind } : { kind: paid.kind, count: paid.count });
      } finally {
        this.confirming = false;
        // The modal took the keyboard: whatever the answer, the person goes on typing in the chat.
        this.deps.ports.focusInput?.();
      }
      if (!go) return { accepted: false, reason: this.t("notSent") };
      if (this.op) return { accepted: false, reason: this.t("waitForReply") };
    }
    const taken = this.attachments.take(attachmentIds);
    const names = [...taken.files.map((f) => f.name), ...taken.urls.map((u) => u.url)];
    if (!trimmed && names.length === 0) return { accepted: false, reason: this.t("typeFirst") };
    const kind = trimmed ? this.deps.route(trimmed).kind : "upload";
    const user = this.append({ ...newMessage(randomUUID(), "user", trimmed, this.now()), attachments: names });
    this.notify("attachments", { attachments: this.attachments.list() });
    if (kind === "upload" && names.length === 0) {
      void this.pickAttachments().then((attachments) => this.notify("attachments", { attachments }));
      return { accepted: true };
    }
    this.start(user.id, async (signal) => {
      if (names.length) await this.upload(taken, signal);
      if (kind === "export") await exportFlow(this, signal);
      else if (kind === "credits") await creditsFlow(this, signal);
      else if (kind === "state") await stateFlow(this, signal);
      else if (kind === "agent") await this.turn(trimmed, user.id, signal, paid);
    });
    return { accepted: true };
  }

  private async retry(messageId: string): Promise<{ accepted: boolean; reason?: string }> {
    const failed = this.deps.store.get(messageId);
    const original = failed?.replyTo ? this.deps.store.get(failed.replyTo) : undefined;
    if (!failed || !original?.text) return { accepted: false, reason: this.t("nothingToRetry") };
    if (this.op) return { accepted: false, reason: this.t("waitForReply") };
    this.update(messageId, (m) => (m.offers = m.offers.filter((o) => o !== "retry")));
    return this.send(original.text, []);
  }

  private runAction(action: GuiAction): { accepted: boolean; reason?: string } {
    if (this.op) return { accepted: false, reason: this.t("waitForReply") };
    this.start(undefined, (signal) => this.runGuiAction(action, signal));
    return { accepted: true };
  }

  private runGuiAction(action: GuiAction, signal: AbortSignal): Promise<void> {
    if (action === "export") return exportFlow(this, signal);
    if (action === "credits") return creditsFlow(this, signal);
    return stateFlow(this, signal);
  }

  private async upload(taken: TakenAttachments, signal: AbortSignal): Promise<void> {
    const ids = [...taken.files, ...taken.urls].map((a) => a.id);
    try {
      await uploadFlow(this, taken, signal);
    } finally {
      this.notify("attachments", { attachments: this.attachments.finish(ids) });
    }
  }

  /** Run one operation (Stop aborts it), started by the person's message `userId`; failures become one clear sentence in the chat. */
  private start(userId: string | undefined, work: (signal: AbortSignal) => Promise<void>): void {
    const abort = new AbortController();
    this.op = { abort, userId };
    this.notify("busy", { busy: true });
    void work(abort.signal)
      .catch((err) => {
        const e = toNemoError(err);
        if (e.code === "CANCELLED" || abort.signal.aborted) return;
        this.deps.logger.error("Chat action failed", err);
        this.append({ ...newMessage(randomUUID(), "system", "", this.now()), status: "failed", error: errorInfo(e, this.deps.phrases) });
      })
      .finally(() => {
        if (this.op?.abort === abort) this.op = undefined;
        this.notify("busy", { busy: this.busy });
      });
  }

  /**
   * One agent turn. A paid one (a generation or an edit) is a job on the ledger (surface "chat"):
   * its words still stream into the reply, but its state, media and times are the job's record,
   * and the reply keeps the job's id. When the chat stops waiting after the message reached the
   * agent (Stop, or the agent went quiet: the watchdog) the job goes on watching the session and
   * the reply shows what its record ends with (job-replies.ts). A free message (a question) is a
   * plain turn.
   */
  private async turn(text: string, userId: string, signal: AbortSignal, paid?: ReturnType<ChatController["shapedPaid"]>): Promise<void> {
    const msg = this.append({ ...newMessage(randomUUID(), "agent", "", this.now()), status: "streaming", replyTo: userId });
    const follow = new Set<GuiAction>();
    const op = this.op;
    let stoppedWaiting: StoppedWaiting | undefined;
    const onEvent = (raw: ChatEvent): void => {
      if (stoppedWaiting || (paid && signal.aborted)) return; // the reply shows the job's record from here on
      if (raw.type !== "notice" && op) op.reached = true; // the message is with the agent of this session
      if (raw.type === "heartbeat") return;
      // The divider says it (onSessionChanged "lost"): not again as a note of the reply.
      if (raw.type === "notice" && raw.phrase?.template === SESSION_REPLACED.template) return;
      const event = localEvent(raw, this.deps.phrases);
      applyChatEvent(msg, event, this.t);
      this.deps.store.streamed(msg.id, event);
      this.notify("chunk", { messageId: msg.id, event });
      if (event.type === "media") void cacheMedia(this, msg.id, event.media);
      if (event.type === "action" && event.action !== "export") follow.add(event.action);
    };
    try {
      let result: ChatResult | undefined;
      let job: Job | undefined;
      if (paid) {
        const spec: JobSpec =
          paid.kind === "edit"
            ? { kind: "edit", message: text, surface: "chat", textMode: "word" }
            : { kind: "generate", prompt: text, verbatim: true, surface: "chat", shape: paid.shape, textMode: "word" };
        const started = await this.jobs.start(spec, { signal, onEvent, onResult: (r) => (result = r) });
        this.update(msg.id, (m) => (m.jobId = started.id));

        job = await this.jobs.wait(started.id, { signal, rethrow: true, untilDetached: true });
        if (job && !isFinalState(job.state)) {
          // Stop after the message reached the agent, or the agent went quiet: the job goes on by itself.
          stoppedWaiting = signal.aborted ? "stopped" : "quiet";
          if (signal.aborted && !this.jobs.sent(started.id) && !job.sentAt) stoppedWaiting = undefined; // before sending: aborted, nothing charged
        }
        if (signal.aborted && !stoppedWaiting) throw new CancelledError();
        if (job?.state === "cancelled") throw new CancelledError();
      } else {
        result = await this.deps.client.chat(text, { signal, textMode: "word", onEvent });
      }
      if (stoppedWaiting && job) {
        const why = stoppedWaiting;
        msg.status = why === "stopped" ? "cancelled" : "streaming";
        msg.activity = why === "quiet" ? this.t("watchingActivity") : undefined;
        msg.notes.push(this.t(why === "stopped" ? "stoppedWaiting" : "stillWatched"));
        this.update(msg.id, () => undefined);
        this.notify("done", { messageId: msg.id, status: msg.status });
        void this.replies.follow(job.id, msg.id, why);
        return;
      }
      const r = result as ChatResult | undefined;
      // After a silent close result.text repeats the change sentences, which are already the notes.
      if (r && !msg.text.trim() && r.text && r.outcome !== "silent-close") msg.text = r.text;
      const made = job ? job.media.map(jobMediaToGenerated) : (r?.newMedia ?? []);
      const fresh = made.filter((n) => !msg.media.some((m) => m.media.key === n.key));
      for (const n of fresh) msg.media.push({ media: n });
      if (fresh.length) void cacheMedia(this, msg.id, fresh);
      for (const s of r?.changes ?? []) if (!msg.notes.includes(s)) msg.notes.push(s);
      for (const a of r?.actions ?? []) {
        if (a === "export") {
          if (!msg.offers.includes("export")) msg.offers.push("export");
        } else follow.add(a);
      }
      if (!msg.text.trim() && msg.notes.length === 0 && msg.media.length === 0) {
        msg.notes.push(this.t("noReply"));
      }
      msg.status = "done";
    } catch (err) {
      const e = toNemoError(err);
      if (e.code === "CANCELLED" || signal.aborted) msg.status = "cancelled";
      else {
        this.deps.logger.error("Chat turn failed", err);
        msg.status = "failed";
        msg.error = errorInfo(e, this.deps.phrases);
        if (e.code === "STREAM_DROPPED" || e.code === "SESSION_LOST") msg.offers.push("retry");
      }
    }
    msg.activity = undefined;
    this.update(msg.id, () => undefined);
    this.notify("done", { messageId: msg.id, status: msg.status });
    if (msg.status === "done" && (msg.media.length || msg.notes.length)) {
      this.deps.ports.recordActivity?.(msg.media.length ? "generated" : "edited", msg.media.flatMap((m) => (m.savedPath ? [m.savedPath] : [])));
    }
    void this.refreshCredits();
    this.deps.ports.refresh("session"); // the balance comes from refreshCredits above, published to the status bar
    if (msg.status !== "done") return;
    for (const action of follow) {
      try {
        await this.runGuiAction(action === "show-tracks" ? "show-state" : action, signal);
      } catch (err) {
        this.deps.logger.warn(`Chat: follow-up ${action} failed (${toNemoError(err).code})`);
      }
    }
  }

  private async pickAttachments() {
    const paths = await this.deps.ports.pickFiles(uploadFilterExtensions());
    return paths.length ? this.attachments.addFiles(paths) : this.attachments.list();
  }

  private async addDropped(uris: readonly string[]) {
    const paths: string[] = [];
    for (const uri of uris) {
      if (/^https?:/i.test(uri)) this.attachments.addUrl(uri);
      else {
        const p = this.deps.ports.uriToPath(uri);
        if (p) paths.push(p);
      }
    }
    return this.attachments.addFiles(paths);
  }

  /** Open a file the chat showed; a deleted one is shown as gone (Save again) instead of an error editor. */
  private async openFile(file: string): Promise<void> {
    if (existsSync(file)) return this.deps.ports.openFile(file);
    const shown = this.deps.store.messages().filter((m) => m.media.some((x) => x.savedPath === file));
    for (const m of shown) this.update(m.id, () => undefined);
    if (shown.length === 0) throw new InputError("BAD_INPUT", { userMessage: this.t("fileGone", path.basename(file)) });
  }

  /** "Open in default player": only media files that exist, never anything executable. */
  private async openExternalFile(file: string): Promise<boolean> {
    if (!MEDIA_FILE.test(file) || !existsSync(file)) return false;
    return this.deps.ports.openExternalFile(file);
  }

  /** The cached preview is gone: fetch it again from its URL (the placeholder stays when that fails). */
  private async redownloadPreview(messageId: string, key: string): Promise<void> {
    const entry = this.deps.store.get(messageId)?.media.find((x) => x.media.key === key);
    if (!entry) throw new InputError("BAD_INPUT", { userMessage: this.t("goneItem") });
    this.update(messageId, (m) => {
      const e = m.media.find((x) => x.media.key === key);
      if (e) {
        e.cachedPath = undefined;
        e.previewFailed = undefined;
      }
    });
    await cacheMedia(this, messageId, [entry.media]);
  }

  private append(msg: ChatMessage): ChatMessage {
    this.deps.store.append(msg);
    this.notify("message", { message: this.decorate(msg) });
    return msg;
  }

  /**
   * A copy for the webview: preview URIs of cached media and of a finished export, and which
   * local files went missing (a deleted preview or saved file is shown as such, not broken).
   */
  private decorate(m: ChatMessage): ChatMessage {
    const card = m.card;
    const exported = card?.type === "export" && card.filePath && existsSync(card.filePath) ? { ...card, previewUri: this.deps.ports.previewUri(card.filePath) } : card;
    if (!m.media.length && exported === card) return m;
    // A reply's media were made from the person's message it answers.
    const prompt = m.replyTo ? this.deps.store.get(m.replyTo)?.text : undefined;
    return {
      ...m,
      card: exported,
      media: m.media.map((item) => {
        const cached = item.cachedPath !== undefined && existsSync(item.cachedPath);
        return {
          ...item,
          previewUri: cached && item.cachedPath ? this.deps.ports.previewUri(item.cachedPath) : undefined,
          previewMissing: item.cachedPath !== undefined && !cached ? true : undefined,
          savedMissing: item.savedPath !== undefined && !existsSync(item.savedPath) ? true : undefined,
          label: mediaDisplayName(item.media, { prompt, atMs: m.createdAt, word: generatedWord(this.t) }),
        };
      }),
    };
  }

  private notify<N extends NotifyName>(name: N, payload: NotifyPayload<N>): void {
    this.deps.ports.post(makeNotify(name, payload));
  }
}
