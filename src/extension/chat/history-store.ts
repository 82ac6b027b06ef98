/**
 * The chat history of one workspace, kept in memory and persisted as one JSON file (under the
 * extension's workspace storage). vscode-free so it is unit-tested with a temp folder.
 * Saves are debounced and atomic (write a temp file, then rename); a broken file is set aside and
 * the chat starts empty instead of failing. Streamed text is not saved by rewriting the whole file:
 * each text/retract event is appended to a journal next to it (`<file>.journal`, one JSON line per
 * event), replayed on load and folded into the next whole save, so a long reply costs its length.
 */
import { promises as fs } from "node:fs";
import * as path from "node:path";
import * as z from "zod"; // a namespace import: esbuild keeps only what is used (no locales)
import * as mini from "zod/mini"; // namespace import: tree-shakable
import type { Logger } from "../../core/support/logger";
import { applyChatEvent } from "../../shared/chat-model";
import { ChatEventSchema, ChatMessageSchema, type ChatEventMsg, type ChatMessage } from "../../shared/protocol";

const FileSchema = z.object({ version: z.literal(1), messages: z.array(z.unknown()) });
const JournalLine = mini.object({ id: mini.string(), e: ChatEventSchema }); // the protocol's schemas are zod/mini

export interface HistoryStoreOptions {
  logger: Logger;
  /** Oldest messages beyond this are dropped when saving. */
  maxMessages?: number;
  debounceMs?: number;
  /** Injected timer (tests). Returns a cancel function. */
  schedule?: (fn: () => void, ms: number) => () => void;
}

const defaultSchedule = (fn: () => void, ms: number): (() => void) => {
  const t = setTimeout(fn, ms);
  return () => clearTimeout(t);
};

export class ChatHistoryStore {
  private list: ChatMessage[] = [];
  private readonly byId = new Map<string, ChatMessage>();
  private cancelTimer: (() => void) | undefined;
  private writing: Promise<void> = Promise.resolve();
  private readonly maxMessages: number;
  private readonly debounceMs: number;
  private readonly schedule: (fn: () => void, ms: number) => () => void;
  /** Journal lines not yet appended, and whether an append is scheduled. */
  private journalLines: string[] = [];
  private journalTimer: (() => void) | undefined;

  constructor(
    readonly file: string,
    private readonly opts: HistoryStoreOptions,
  ) {
    this.maxMessages = opts.maxMessages ?? 5_000;
    this.debounceMs = opts.debounceMs ?? 400;
    this.schedule = opts.schedule ?? defaultSchedule;
  }

  /** Read the file. Missing → empty. Invalid entries are dropped; an unreadable file is set aside. */
  async load(): Promise<ChatMessage[]> {
    let text: string;
    try {
      text = await fs.readFile(this.file, "utf8");
    } catch {
      this.replace([]);
      return this.list;
    }
    const messages: ChatMessage[] = [];
    try {
      const parsed = FileSchema.parse(JSON.parse(text));
      let dropped = 0;
      for (const raw of parsed.messages) {
        const m = ChatMessageSchema.safeParse(raw);
        if (m.success) messages.push(interruptedIfRunning(m.data));
        else dropped++;
      }
      if (dropped) this.opts.logger.warn(`Chat history: dropped ${dropped} unreadable message(s).`);
    } catch (err) {
      this.opts.logger.error("Chat history file is unreadable; starting an empty chat", err);
      await fs.rename(this.file, `${this.file}.bad`).catch(() => undefined);
    }
    this.replace(messages);
    await this.replay();
    return this.list;
  }

  get journalFile(): string {
    return `${this.file}.journal`;
  }

  /** Apply the journal of streamed text to the loaded messages; the next whole save folds it in. */
  private async replay(): Promise<void> {
    let text: string;
    try {
      text = await fs.readFile(this.journalFile, "utf8");
    } catch {
      return;
    }
    let applied = 0;
    for (const line of text.split("\n")) {
      if (!line) continue;
      let parsed;
      try {
        parsed = JournalLine.safeParse(JSON.parse(line));
      } catch {
        continue; // a line cut short by a crash
      }
      const m = parsed.success ? this.byId.get(parsed.data.id) : undefined;
      if (!m || !parsed.success) continue;
      applyChatEvent(m, parsed.data.e);
      applied++;
    }
    if (applied) this.changed();
  }

  /**
   * A streamed event was applied to a message: text and retractions go to the journal (appended,
   * a short while later, in one write); anything else schedules a whole save.
   */
  streamed(id: string, event: ChatEventMsg): void {
    if (event.type !== "text" && event.type !== "retract") return this.changed();
    this.journalLines.push(`${JSON.stringify({ id, e: event })}\n`);
    if (this.journalTimer) return;
    this.journalTimer = this.schedule(() => {
      this.journalTimer = undefined;
      const lines = this.journalLines; // taken now: a whole save queued later holds them and drops the journal
      this.journalLines = [];
      this.writing = this.writing.then(() => this.appendJournal(lines)).catch((err) => {
        this.opts.logger.error("Could not save the chat history", err);
      });
    }, this.debounceMs);
  }

  private async appendJournal(lines: string[]): Promise<void> {
    if (!lines.length) return;
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    await fs.appendFile(this.journalFile, lines.join(""), "utf8");
  }

  messages(): readonly ChatMessage[] {
    return this.list;
  }

  get(id: string): ChatMessage | undefined {
    return this.byId.get(id);
  }

  append(msg: ChatMessage): ChatMessage {
    this.list.push(msg);
    this.byId.set(msg.id, msg);
    this.changed();
    return msg;
  }

  /** Apply a change to a message (in place) and schedule a save. */
  update(id: string, change: (m: ChatMessage) => void): ChatMessage | undefined {
    const m = this.byId.get(id);
    if (!m) return undefined;
    change(m);
    this.changed();
    return m;
  }

  clear(): void {
    this.replace([]);
    this.changed();
  }

  /**
   * The service no longer has the session the history so far was made in: `divider` (a message
   * with `divider: "session-lost"`) goes before `beforeId` (the message that starts the new
   * session), or at the end. The messages above it keep everything (text, media, saved files)
   * except their "Export as MP4" offer, which would now export the new session's timeline.
   * Nothing is added when nothing is above it or a divider is already right there. Returns the
   * divider when it was added.
   */
  markSessionLost(divider: ChatMessage, beforeId?: string): ChatMessage | undefined {
    const found = beforeId === undefined ? -1 : this.list.findIndex((m) => m.id === beforeId);
    const at = found >= 0 ? found : this.list.length;
    if (at === 0 || this.list[at - 1].divider) return undefined;
    for (const m of this.list.slice(0, at)) {
      if (m.offers.includes("export")) m.offers = m.offers.filter((o) => o !== "export");
    }
    this.list.splice(at, 0, divider);
    this.byId.set(divider.id, divider);
    this.changed();
    return divider;
  }

  /** Note that something changed in place; the file is written after a short pause. */
  changed(): void {
    this.cancelTimer?.();
    this.cancelTimer = this.schedule(() => {
      this.cancelTimer = undefined;
      void this.flush();
    }, this.debounceMs);
  }

  /** Write now (and wait for any write under way). */
  async flush(): Promise<void> {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    this.journalTimer?.();
    this.journalTimer = undefined;
    // The snapshot holds every event so far: the journal is dropped once it is written.
    const snapshot = this.serialise();
    this.journalLines = [];
    this.writing = this.writing.then(() => this.write(snapshot)).catch((err) => {
      this.opts.logger.error("Could not save the chat history", err);
    });
    await this.writing;
  }

  private serialise(): string {
    if (this.list.length > this.maxMessages) this.replace(this.list.slice(-this.maxMessages));
    const messages = this.list.map(({ media, ...rest }) => ({
      ...rest,
      media: media.map(({ previewUri: _p, ...item }) => item),
    }));
    return JSON.stringify({ version: 1, messages });
  }

  private async write(text: string): Promise<void> {
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    await fs.writeFile(tmp, text, "utf8");
    await fs.rename(tmp, this.file);
    await fs.rm(this.journalFile, { force: true });
  }

  private replace(messages: ChatMessage[]): void {
    this.list = messages;
    this.byId.clear();
    for (const m of messages) this.byId.set(m.id, m);
  }
}

/** The note on a reply the window closed on (after-reload.ts replaces it with what it found). */
export const INTERRUPTED_NOTE = "Interrupted when the window closed.";

/** A reply that was still running when the window closed will never finish: say so. */
function interruptedIfRunning(m: ChatMessage): ChatMessage {
  if (m.status !== "streaming" && m.status !== "pending") return m;
  return { ...m, status: "cancelled", activity: undefined, interrupted: m.role === "agent" ? true : undefined, notes: [...m.notes, INTERRUPTED_NOTE] };
}
