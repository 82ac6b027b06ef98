/**
 * The uploads of this workspace's session, newest first, kept in workspaceState so the Session
 * view still lists them after a reload. Written by every upload path (palette, Explorer, chat).
 */
import * as vscode from "vscode";
import { z } from "zod";
import type { UploadRecord } from "../core/upload-records";
import { Disposable } from "./disposable";

export const UPLOADS_KEY = "imageGeneration.uploads";
const MAX_RECORDS = 50;

const optionalNumber = z.number().finite().nonnegative().optional().catch(undefined);
const recordSchema = z.object({
  name: z.string().min(1).max(1_000),
  kind: z.enum(["image", "video", "audio", "link"]).catch("link"),
  size: optionalNumber,
  at: z.number().finite(),
  url: z.string().max(8_192).optional().catch(undefined),
  width: optionalNumber,
  height: optionalNumber,
  durationSec: optionalNumber,
});

/** Stored records, tolerantly: a bad entry is dropped, not the list. */
function parse(value: unknown): UploadRecord[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((v) => {
    const r = recordSchema.safeParse(v);
    return r.success ? [r.data] : [];
  });
}

export class UploadsStore extends Disposable {
  private readonly emitter = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.emitter.event;

  constructor(private readonly state: vscode.Memento) {
    super();
  }

  list(): UploadRecord[] {
    return parse(this.state.get(UPLOADS_KEY));
  }

  async add(records: readonly UploadRecord[]): Promise<void> {
    if (records.length === 0) return;
    const next = [...[...records].reverse(), ...this.list()].slice(0, MAX_RECORDS);
    await this.state.update(UPLOADS_KEY, next);
    this.emitter.fire();
  }

  /** A new session: its uploads start over. */
  async clear(): Promise<void> {
    await this.state.update(UPLOADS_KEY, undefined);
    this.emitter.fire();
  }
}
