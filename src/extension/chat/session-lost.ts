/** The chat when the service lost its session (ChatController.onSessionChanged "lost"). vscode-free. */
import { randomUUID } from "node:crypto";
import { sessionLostError } from "../../core/chat/recovery";
import { newMessage } from "../../shared/chat-model";
import type { ChatMessage } from "../../shared/protocol";
import { interruptedReply, settleLost } from "./after-reload";
import type { TurnHost } from "./agent-turn";
import type { JobReplies } from "./job-replies";
import { errorInfo } from "./localize";

/** The controller as this needs it: the running operation, the replies it follows, and the webview's copy of a message. */
export type SessionLostHost = TurnHost & {
  readonly op: { userId?: string; reached?: boolean } | undefined;
  readonly replies: Pick<JobReplies, "follow" | "unfollow">;
  readonly busy: boolean;
  decorate(m: ChatMessage): ChatMessage;
};

/**
 * The service no longer had the session ("lost"): the history stays, with a divider where the new
 * session begins — before the running request's message when that never reached the old session,
 * else at the end; a reply cut off by a reload gets the one sentence and Retry.
 */
export function sessionLost(host: SessionLostHost): void {
  const reply = interruptedReply(host.deps.store.messages());
  if (reply) {
    host.replies.unfollow(reply.id);
    settleLost(host, reply.id, errorInfo(sessionLostError(), host.deps.phrases));
  }
  const op = host.op;
  const divider: ChatMessage = { ...newMessage(randomUUID(), "system", host.t("sessionLostDivider"), host.now()), divider: "session-lost" };
  if (!host.deps.store.markSessionLost(divider, op && !op.reached ? op.userId : undefined)) return;
  host.deps.logger.info("Chat: the service lost the session; the history is kept, marked as the previous session.");
  host.notify("history", { messages: host.deps.store.messages().map((m) => host.decorate(m)), busy: host.busy });
}
