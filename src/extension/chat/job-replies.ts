/**
 * Chat replies whose paid turn is a job on the ledger (core/jobs) and that the chat stopped waiting
 * for: the person pressed Stop after the message reached the agent, the agent went quiet after it
 * (the watchdog), or the window reloaded. The job goes on by itself (the runner's watch, or the
 * next window's resumed watch) and the reply shows what the job's record says when it ends: the
 * media the job's turn made, with one note of how it ended. Nothing is worked out from the session
 * here (another caller on the same session could change that); only the job's record counts.
 * vscode-free.
 */
import { isFinalState, type Job, type JobLedger, type JobMedia } from "../../core/jobs";
import type { GeneratedMedia } from "../../core/types";
import type { ChatMessage } from "../../shared/protocol";
import type { StringId } from "../../shared/strings";
import { cacheMedia, type FlowHost } from "./flows";
import { INTERRUPTED_NOTE } from "./history-store";

/** Why the chat stopped waiting for the job. */
export type StoppedWaiting = "reload" | "stopped" | "quiet";

/** The notes a followed reply may carry while its job runs (replaced by how it ended). */
export const WATCH_NOTES: readonly StringId[] = ["stoppedWaiting", "stillWatched"];

/** A media item of a job's record as the chat shows it. */
export function jobMediaToGenerated(m: JobMedia): GeneratedMedia {
  return { url: m.url, key: m.key ?? m.url, kind: m.kind ?? "unknown", mime: m.mimeType };
}

export class JobReplies {
  /** job id → the reply that shows it, and why the chat stopped waiting. */
  private readonly followed = new Map<string, { messageId: string; why: StoppedWaiting }>();
  private readonly listener: { dispose(): void };

  constructor(
    private readonly host: FlowHost,
    private readonly ledger: JobLedger,
    private readonly onSettled: () => void,
  ) {
    this.listener = ledger.onDidChange((job) => {
      if (isFinalState(job.state) && this.followed.has(job.id)) this.settle(job);
    });
  }

  dispose(): void {
    this.listener.dispose();
    this.followed.clear();
  }

  /** Whether a reply's job is still followed. */
  following(messageId: string): boolean {
    return [...this.followed.values()].some((f) => f.messageId === messageId);
  }

  /** The jobs followed now. */
  followedJobs(): string[] {
    return [...this.followed.keys()];
  }

  /** The reply no longer shows its job (the session it ran on is gone). */
  unfollow(messageId: string): void {
    for (const [id, f] of this.followed) if (f.messageId === messageId) this.followed.delete(id);
  }

  /**
   * Shows the job's end on the reply when it comes (at once when the record already ended). A job
   * the ledger does not have (dropped as the oldest of 1,000, another workspace) settles the reply
   * with the one sentence of an untracked reply.
   */
  async follow(jobId: string, messageId: string, why: StoppedWaiting): Promise<void> {
    this.followed.set(jobId, { messageId, why });
    const job = await this.ledger.get(jobId);
    if (!this.followed.has(jobId)) return; // settled meanwhile
    if (!job) {
      this.followed.delete(jobId);
      finish(this.host, messageId, this.host.t("interruptedUntracked"));
      return;
    }
    if (isFinalState(job.state)) this.settle(job);
  }

  private settle(job: Job): void {
    const f = this.followed.get(job.id);
    if (!f) return;
    this.followed.delete(job.id);
    const { host } = this;
    const media = job.media.map(jobMediaToGenerated);
    if (job.state === "done") {
      const note = host.t(f.why === "reload" ? "finishedAfterReload" : "finishedAfterStop");
      const fresh: GeneratedMedia[] = [];
      finish(host, f.messageId, note, (m) => {
        for (const item of media) {
          if (m.media.some((x) => x.media.key === item.key || x.media.url === item.url)) continue;
          fresh.push(item);
          const saved = job.media.find((x) => x.url === item.url)?.path;
          m.media.push(saved ? { media: item, savedPath: saved } : { media: item });
        }
        const changes = typeof job.extra?.changes === "string" ? job.extra.changes.split("\n").filter((s) => s.trim()) : [];
        for (const s of changes) if (!m.notes.includes(s)) m.notes.push(s);
        if (!m.text.trim() && typeof job.extra?.answer === "string" && fresh.length === 0) m.text = job.extra.answer;
        m.status = "done";
      });
      if (fresh.length) void cacheMedia(host, f.messageId, fresh);
      host.deps.ports.refresh("all");
      this.onSettled();
      return;
    }
    // Interrupted (the watch ran out), failed or cancelled: nothing arrived for this job.
    const note: StringId = job.state === "cancelled" || !job.sentAt ? "interruptedNotSent" : f.why === "reload" ? "interruptedNothingFound" : "watchEndedNothing";
    finish(host, f.messageId, host.t(note), (m) => {
      if (m.status === "streaming" || m.status === "pending") m.status = "cancelled";
    });
  }
}

/** The reply no longer waits for anything: `note` says how it ended (the interrupted and watching notes go). */
export function finish(host: FlowHost, id: string, note: string, change?: (m: ChatMessage) => void): void {
  const transient = new Set([INTERRUPTED_NOTE, ...WATCH_NOTES.map((s) => host.t(s))]);
  host.update(id, (m) => {
    change?.(m);
    m.interrupted = undefined;
    m.activity = undefined;
    m.notes = [...m.notes.filter((n) => !transient.has(n)), note];
  });
}
