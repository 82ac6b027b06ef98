/**
 * The editor's side of the upload records: the workspace's job ledger (the `upload` jobs, read
 * through core/media/upload-records.ts UploadRecords) plus the session each upload went to. Written by
 * every upload path (palette, Explorer, chat); the Session view lists the current session's. The
 * store before the ledger (`imageGeneration.uploads` in the workspace state) is moved in once.
 */
import * as vscode from "vscode";
import type { JobSurface } from "../core/jobs/types";
import type { UploadResult } from "../core/types";
import { type SentUpload, type UploadJobs, type UploadRecord, UploadRecords } from "../core/media/upload-records";
import { Disposable } from "./disposable";
import type { UploadTracker } from "./contracts/upload-tracker";
import type { Services } from "./services";

/** The key of the store before the ledger (read once, then cleared). */
export const LEGACY_UPLOADS_KEY = "imageGeneration.uploads";

export class UploadsStore extends Disposable implements UploadTracker {
  private readonly emitter = this._register(new vscode.EventEmitter<void>());
  /** Fires when an upload job of this window changed. */
  readonly onDidChange = this.emitter.event;
  private readonly records: UploadRecords;
  private adopted?: Promise<void>;

  constructor(private readonly services: Pick<Services, "client" | "context" | "logger" | "exportRecords">) {
    super();
    this.records = new UploadRecords(services.exportRecords.ledger);
    this._register(this.records.ledger.onDidChange((job) => job.kind === "upload" && this.emitter.fire()));
  }

  /** The uploads of a session, newest first (none without a session). */
  async list(sessionId: string | undefined): Promise<UploadRecord[]> {
    if (sessionId === undefined) return [];
    await this.adopt(sessionId);
    return this.records.list(sessionId);
  }

  /**
   * Runs one upload call with its records on the ledger from its start (state uploading → done,
   * failed or cancelled), as jobs of the session it goes to; resolves or rejects as `run` does.
   */
  async track<T extends Pick<UploadResult, "uploaded">>(sent: readonly SentUpload[], surface: JobSurface, run: (jobs: UploadJobs) => Promise<T>): Promise<T> {
    const session = async (): Promise<string | undefined> => (await this.services.client.currentSession())?.sessionId;
    await this.adopt(await session().catch(() => undefined));
    return this.records.track(sent, { surface, sessionId: session }, run);
  }

  /** Records a finished send on the ledger, as jobs of the session it went to. */
  async add(records: readonly UploadRecord[], surface: JobSurface): Promise<void> {
    const sessionId = (await this.services.client.currentSession())?.sessionId;
    await this.adopt(sessionId);
    await this.records.add(records, { surface, sessionId });
  }

  /** The records of the store before the ledger belonged to the session of that time: the current one. */
  private adopt(sessionId: string | undefined): Promise<void> {
    this.adopted ??= (async () => {
      const state = this.services.context.workspaceState;
      const legacy = state.get<unknown>(LEGACY_UPLOADS_KEY);
      if (legacy === undefined) return;
      await this.records.adopt(legacy, sessionId);
      await state.update(LEGACY_UPLOADS_KEY, undefined);
    })().catch((err: unknown) => this.services.logger.warn(`Could not move the earlier upload records in: ${String(err)}`));
    return this.adopted;
  }
}
