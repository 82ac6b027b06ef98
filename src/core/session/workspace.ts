/**
 * The workspace session: {taskId, sessionId} created once and kept in the workspace store.
 * A 1002 (session not found) replaces it and tells the person the old timeline is gone.
 */
import * as z from "zod"; // a namespace import: esbuild keeps only what is used (no locales)
import { phrase } from "../errors";
import { badResponseError } from "../http/problems";
import type { Logger } from "../support/logger";
import { notice } from "../support/notice";
import { type KeyValueStore, StoreKeys } from "../support/storage";
import type { Notice, SessionIds } from "../types";

const idSchema = z.union([z.string().min(1), z.number()]).transform(String);

const createdSchema = z.looseObject({ task_id: idSchema, session_id: idSchema, user_id: idSchema.optional().catch(undefined) });
const storedSchema = z.looseObject({ taskId: z.string().min(1), sessionId: z.string().min(1) });

export const SESSION_REPLACED = phrase("Your previous session expired; the old timeline is gone. Started a new session.");

export interface SessionDeps {
  store: KeyValueStore;
  logger: Logger;
  notify(notice: Notice): void;
  /** POST /api/tasks/me/with-session/nemo_agent; resolves to the envelope data. */
  requestCreate(signal?: AbortSignal): Promise<unknown>;
  /** The answer named the user (`user_id`, the vendor's API reference): keep it with the token. */
  noteUserId?(userId: string): Promise<void>;
}

export class SessionManager {
  /**
   * How many sessions this manager created: a request knows the session it went to is still the one
   * in use when this has not moved (ids alone cannot tell: a restarted service may hand out an id again).
   */
  private created = 0;
  private creating?: Promise<SessionIds>;
  private replacing?: { expiredId: string; promise: Promise<SessionIds> };

  constructor(private readonly deps: SessionDeps) {}

  /** Counts the sessions this manager created (see `created`). */
  get generation(): number {
    return this.created;
  }

  /** The stored session, if any (no network). */
  async peek(): Promise<SessionIds | undefined> {
    const raw = await this.deps.store.get(StoreKeys.session);
    if (!raw) return undefined;
    try {
      const parsed = storedSchema.safeParse(JSON.parse(raw));
      if (parsed.success) return { taskId: parsed.data.taskId, sessionId: parsed.data.sessionId };
    } catch {
      // fall through: a broken value is as good as none
    }
    this.deps.logger.warn("Ignoring an unreadable stored session.");
    return undefined;
  }

  async current(signal?: AbortSignal): Promise<SessionIds> {
    return (await this.peek()) ?? this.create(signal);
  }

  /** Forget the current session and start a new one. */
  async replace(signal?: AbortSignal): Promise<SessionIds> {
    await this.deps.store.set(StoreKeys.session, undefined);
    return this.create(signal);
  }

  /**
   * After a 1002 for `expired`. Calls that hit the same 1002 at once share one replacement, so
   * the person is told once per replacement, not once per call.
   */
  replaceExpired(expired: SessionIds, signal?: AbortSignal): Promise<SessionIds> {
    if (this.replacing?.expiredId !== expired.sessionId) {
      const promise: Promise<SessionIds> = this.doReplaceExpired(expired, signal).finally(() => {
        if (this.replacing?.promise === promise) this.replacing = undefined;
      });
      this.replacing = { expiredId: expired.sessionId, promise };
    }
    return this.replacing.promise;
  }

  private async doReplaceExpired(expired: SessionIds, signal?: AbortSignal): Promise<SessionIds> {
    const now = await this.peek();
    if (now && now.sessionId !== expired.sessionId) return now; // replaced already
    if (!now && this.creating) return this.creating; // a new session is on its way already
    this.deps.logger.warn(`Session ${expired.sessionId} not found (1002); creating a new one.`);
    const ids = await this.replace(signal);
    this.deps.notify(notice("session-replaced", SESSION_REPLACED));
    return ids;
  }

  private create(signal?: AbortSignal): Promise<SessionIds> {
    this.creating ??= this.doCreate(signal).finally(() => (this.creating = undefined));
    return this.creating;
  }

  private async doCreate(signal?: AbortSignal): Promise<SessionIds> {
    const data = await this.deps.requestCreate(signal);
    const parsed = createdSchema.safeParse(data);
    if (!parsed.success) throw badResponseError("the new session had no ids", parsed.error);
    const ids: SessionIds = { taskId: parsed.data.task_id, sessionId: parsed.data.session_id };
    if (parsed.data.user_id) await this.deps.noteUserId?.(parsed.data.user_id);
    await this.deps.store.set(StoreKeys.session, JSON.stringify(ids));
    this.created++;
    this.deps.logger.info(`Session ${ids.sessionId} ready.`);
    return ids;
  }
}
