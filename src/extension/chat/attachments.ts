/**
 * Files and URLs waiting to go out with the next message (the chips under the input).
 * The host keeps the paths; the webview only sees ids, names, sizes and states, and refers to
 * chips by id. Type and size are checked (client.checkUploadFile) before anything is sent.
 */
import * as path from "node:path";
import type { NemoClientApi } from "../../core/api";
import { englishPhrase, toNemoError, type PhraseTranslator } from "../../core/errors";
import type { Attachment } from "../../shared/protocol";
import { english, type Translate } from "../../shared/strings";

interface Entry {
  att: Attachment;
  path?: string;
  url?: string;
}

export interface TakenAttachments {
  files: Array<{ id: string; path: string; name: string; size?: number }>;
  urls: Array<{ id: string; url: string }>;
}

/** Whether a pasted or dropped string is a single http(s) URL. */
export function asHttpUrl(text: string): string | undefined {
  const t = text.trim();
  if (!/^https?:\/\/\S+$/i.test(t)) return undefined;
  try {
    const u = new URL(t);
    return u.protocol === "http:" || u.protocol === "https:" ? u.toString() : undefined;
  } catch {
    return undefined;
  }
}

export class PendingAttachments {
  private readonly items = new Map<string, Entry>();
  private seq = 0;

  constructor(
    private readonly client: Pick<NemoClientApi, "checkUploadFile">,
    private readonly t: Translate = english,
    private readonly phrases: PhraseTranslator = englishPhrase,
  ) {}

  list(): Attachment[] {
    return [...this.items.values()].map((e) => ({ ...e.att }));
  }

  async addFiles(paths: readonly string[]): Promise<Attachment[]> {
    for (const p of paths) {
      if ([...this.items.values()].some((e) => e.path === p)) continue;
      const id = `att${++this.seq}`;
      try {
        const info = await this.client.checkUploadFile(p);
        this.items.set(id, { path: p, att: { id, kind: "file", name: info.name, size: info.size, state: "ready" } });
      } catch (err) {
        const e = toNemoError(err);
        this.items.set(id, { path: p, att: { id, kind: "file", name: path.basename(p), state: "invalid", reason: e.toDisplayString(this.phrases) } });
      }
    }
    return this.list();
  }

  addUrl(raw: string): Attachment[] {
    const url = asHttpUrl(raw);
    const id = `att${++this.seq}`;
    if (!url) {
      this.items.set(id, { att: { id, kind: "url", name: raw.slice(0, 200), state: "invalid", reason: this.t("onlyHttp") } });
    } else if (![...this.items.values()].some((e) => e.url === url)) {
      this.items.set(id, { url, att: { id, kind: "url", name: url, state: "ready" } });
    }
    return this.list();
  }

  remove(id: string): Attachment[] {
    this.items.delete(id);
    return this.list();
  }

  /** Mark the chosen ready chips as uploading and hand out their paths/URLs. */
  take(ids: readonly string[]): TakenAttachments {
    const taken: TakenAttachments = { files: [], urls: [] };
    for (const id of ids) {
      const e = this.items.get(id);
      if (!e || e.att.state !== "ready") continue;
      e.att.state = "uploading";
      if (e.path) taken.files.push({ id, path: e.path, name: e.att.name, size: e.att.size });
      else if (e.url) taken.urls.push({ id, url: e.url });
    }
    return taken;
  }

  /** Progress of one chip; returns the updated chip. */
  progress(id: string, sentBytes: number, totalBytes: number): Attachment | undefined {
    const e = this.items.get(id);
    if (!e) return undefined;
    e.att.sentBytes = sentBytes;
    e.att.totalBytes = totalBytes;
    return { ...e.att };
  }

  /** Upload finished (or failed): the chips go away; failures are reported in the chat. */
  finish(ids: readonly string[]): Attachment[] {
    for (const id of ids) this.items.delete(id);
    return this.list();
  }

  /** Put chips back to ready (the send was cancelled before the upload). */
  release(ids: readonly string[]): Attachment[] {
    for (const id of ids) {
      const e = this.items.get(id);
      if (e && e.att.state === "uploading") e.att.state = "ready";
    }
    return this.list();
  }

  clear(): void {
    this.items.clear();
  }
}
