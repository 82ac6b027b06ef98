/**
 * One agent turn of the chat (ChatController.send): its words stream into the reply; a paid one is
 * a job on the ledger whose record settles the reply, also after the chat stopped waiting.
 */
import { randomUUID } from "node:crypto";
import { CancelledError, toNemoError } from "../../core/errors";
import { isFinalState, type Job, type JobRunner, type JobSpec } from "../../core/jobs";
import type { paidActionFor } from "../../core/prompt/cost";
import { SESSION_REPLACED } from "../../core/session";
import type { Shape } from "../../core/shape";
import type { ChatEvent, ChatResult, GuiAction } from "../../core/types";
import { applyChatEvent, newMessage } from "../../shared/chat-model";
import type { ChatMessage, NotifyName, NotifyPayload } from "../../shared/protocol";
import { cacheMedia, type FlowHost } from "./flows";
import type { JobReplies, StoppedWaiting } from "./job-replies";
import { jobMediaToGenerated } from "./job-replies";
import { errorInfo, localEvent } from "./localize";

/** What a message will spend with the picker's shape (ChatController.shapedPaid); undefined: free. */
export type ShapedPaid = (ReturnType<typeof paidActionFor> & { shape?: Shape }) | undefined;

/** What a turn needs of the chat controller. */
export interface TurnHost extends FlowHost {
  /** The running operation; `reached` is set once the agent's stream answered. */
  readonly op: { reached?: boolean } | undefined;
  readonly jobs: JobRunner;
  readonly replies: Pick<JobReplies, "follow">;
  now(): number;
  append(msg: ChatMessage): ChatMessage;
  notify<N extends NotifyName>(name: N, payload: NotifyPayload<N>): void;
  refreshCredits(): Promise<void>;
  runGuiAction(action: GuiAction, signal: AbortSignal): Promise<void>;
}

/**
 * One agent turn. A paid one (a generation or an edit) is a job on the ledger (surface "chat"):
 * its words still stream into the reply, but its state, media and times are the job's record,
 * and the reply keeps the job's id. When the chat stops waiting after the message reached the
 * agent (Stop, or the agent went quiet: the watchdog) the job goes on watching the session and
 * the reply shows what its record ends with (job-replies.ts). A free message (a question) is a
 * plain turn.
 */
export async function runAgentTurn(host: TurnHost, text: string, userId: string, signal: AbortSignal, paid?: ShapedPaid): Promise<void> {
  const msg = host.append({ ...newMessage(randomUUID(), "agent", "", host.now()), status: "streaming", replyTo: userId });
  const follow = new Set<GuiAction>();
  const op = host.op;
  let stoppedWaiting: StoppedWaiting | undefined;
  const onEvent = (raw: ChatEvent): void => {
    if (stoppedWaiting || (paid && signal.aborted)) return; // the reply shows the job's record from here on
    if (raw.type !== "notice" && op) op.reached = true; // the message is with the agent of this session
    if (raw.type === "heartbeat") return;
    // The divider says it (onSessionChanged "lost"): not again as a note of the reply.
    if (raw.type === "notice" && raw.phrase?.template === SESSION_REPLACED.template) return;
    const event = localEvent(raw, host.deps.phrases);
    applyChatEvent(msg, event, host.t);
    host.deps.store.streamed(msg.id, event);
    host.notify("chunk", { messageId: msg.id, event });
    if (event.type === "media") void cacheMedia(host, msg.id, event.media);
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
      const started = await host.jobs.start(spec, { signal, onEvent, onResult: (r) => (result = r) });
      host.update(msg.id, (m) => (m.jobId = started.id));

      job = await host.jobs.wait(started.id, { signal, rethrow: true, untilDetached: true });
      if (job && !isFinalState(job.state)) {
        // Stop after the message reached the agent, or the agent went quiet: the job goes on by itself.
        stoppedWaiting = signal.aborted ? "stopped" : "quiet";
        if (signal.aborted && !host.jobs.sent(started.id) && !job.sentAt) stoppedWaiting = undefined; // before sending: aborted, nothing charged
      }
      if (signal.aborted && !stoppedWaiting) throw new CancelledError();
      if (job?.state === "cancelled") throw new CancelledError();
    } else {
      result = await host.deps.client.chat(text, { signal, textMode: "word", onEvent });
    }
    if (stoppedWaiting && job) {
      const why = stoppedWaiting;
      msg.status = why === "stopped" ? "cancelled" : "streaming";
      msg.activity = why === "quiet" ? host.t("watchingActivity") : undefined;
      msg.notes.push(host.t(why === "stopped" ? "stoppedWaiting" : "stillWatched"));
      host.update(msg.id, () => undefined);
      host.notify("done", { messageId: msg.id, status: msg.status });
      void host.replies.follow(job.id, msg.id, why);
      return;
    }
    const r = result as ChatResult | undefined;
    // After a silent close result.text repeats the change sentences, which are already the notes.
    if (r && !msg.text.trim() && r.text && r.outcome !== "silent-close") msg.text = r.text;
    const made = job ? job.media.map(jobMediaToGenerated) : (r?.newMedia ?? []);
    const fresh = made.filter((n) => !msg.media.some((m) => m.media.key === n.key));
    for (const n of fresh) msg.media.push({ media: n });
    if (fresh.length) void cacheMedia(host, msg.id, fresh);
    for (const s of r?.changes ?? []) if (!msg.notes.includes(s)) msg.notes.push(s);
    for (const a of r?.actions ?? []) {
      if (a === "export") {
        if (!msg.offers.includes("export")) msg.offers.push("export");
      } else follow.add(a);
    }
    if (!msg.text.trim() && msg.notes.length === 0 && msg.media.length === 0) {
      msg.notes.push(host.t("noReply"));
    }
    msg.status = "done";
  } catch (err) {
    const e = toNemoError(err);
    if (e.code === "CANCELLED" || signal.aborted) msg.status = "cancelled";
    else {
      host.deps.logger.error("Chat turn failed", err);
      msg.status = "failed";
      msg.error = errorInfo(e, host.deps.phrases);
      if (e.code === "STREAM_DROPPED" || e.code === "SESSION_LOST") msg.offers.push("retry");
    }
  }
  msg.activity = undefined;
  host.update(msg.id, () => undefined);
  host.notify("done", { messageId: msg.id, status: msg.status });
  if (msg.status === "done" && (msg.media.length || msg.notes.length)) {
    host.deps.ports.recordActivity?.(msg.media.length ? "generated" : "edited", msg.media.flatMap((m) => (m.savedPath ? [m.savedPath] : [])));
  }
  void host.refreshCredits();
  host.deps.ports.refresh("session"); // the balance comes from refreshCredits above, published to the status bar
  if (msg.status !== "done") return;
  for (const action of follow) {
    try {
      await host.runGuiAction(action === "show-tracks" ? "show-state" : action, signal);
    } catch (err) {
      host.deps.logger.warn(`Chat: follow-up ${action} failed (${toNemoError(err).code})`);
    }
  }
}
