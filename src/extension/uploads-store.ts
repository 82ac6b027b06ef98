/**
 * The uploads of this workspace's session, newest first, kept in workspaceState so the Session
 * view still lists them after a reload. Written by every upload path (palette, Explorer, chat).
 */
import * as vscode from "vscode";
// zod/mini: the Session view reads these at activation, which must not load classic zod.
import * as z from "zod/mini"; // a namespace import: esbuild keeps only what is used
import type { UploadRecord } from "../core/upload-records";
import { Disposable } from "./disposable";

export const UPLOADS_KEY = "imageGeneration.uploads";
const MAX_RECORDS = 50;

const optionalNumber = z.catch(z.optional(z.number().check(z.nonnegative())), undefined);
const recordSchema = z.object({
  name: z.string().check(z.minLength(1), z.maxLength(1_000)),
  kind: z.catch(z.enum(["image", "video", "audio", "link"]), "link"),
  size: optionalNumber,
  at: z.number(),
  url: z.catch(z.optional(z.string().check(z.maxLength(8_192))), undefined),
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
