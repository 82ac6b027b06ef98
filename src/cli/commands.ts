/** The CLI commands, each a thin layer over NemoClientApi (the context they get: context.ts). */
import { promises as fs } from "node:fs";
import * as path from "node:path";
import type { Job, JobSpec } from "../core/jobs";
import { namedMedium } from "../core/prompt";
import { paidActionFor } from "../core/prompt/cost";
import { resolveShape, type Shape } from "../core/shape";
import { isExportReady, summarizeDraft } from "../core/state";
import type { ChatEvent, ChatResult, GeneratedMedia, SessionState, UploadResult } from "../core/types";
import { type SentUpload, type UploadJobs, UploadRecords } from "../core/media/upload-records";
import { EXIT, type Invocation, usageError } from "./args";
import { batchCommand, batchInstructions } from "./batch";
import type { CommandContext, Handler } from "./context";
import { chatEventPrinter, exportProgressPrinter, uploadProgressPrinter } from "./events";
import { CliFailure } from "./failure";
import { formatBytes, type Output } from "./output";
import { mcp } from "./mcp-command";
import { runTurnJob } from "./turn-job";

const mediaJson = (m: GeneratedMedia): Record<string, string | undefined> => ({ kind: m.kind, url: m.url, name: m.name });

/** Wraps the event printer to know whether change sentences were already shown. */
function trackedPrinter(out: Output): { onEvent: (e: ChatEvent) => void; changesShown: () => boolean } {
  const print = chatEventPrinter(out);
  let shown = false;
  return {
    onEvent: (e) => {
      if (e.type === "changes" && e.sentences.length > 0) shown = true;
      print(e);
    },
    changesShown: () => shown,
  };
}

/** After a turn: finish the text line; show the changes when no event carried them; never silence. */
function finishTurn(out: Output, result: ChatResult, changesShown: boolean): void {
  out.endText();
  if (!changesShown) for (const s of result.changes) out.line(s);
  if (result.text.trim() === "" && result.changes.length === 0) {
    out.line("The agent finished without a reply, and nothing changed in the session.");
  }
}

/** --ratio, --style, --variations through the core's one shape rule (a usage error names the choices). */
function shapeOf(inv: Invocation): Shape {
  return resolveShape({ ratio: inv.ratio, style: inv.style, variations: inv.variations });
}

const generate: Handler = async (ctx) => {
  const { out, inv } = ctx;
  const outDir = path.resolve(inv.outDir ?? ".");
  const printer = trackedPrinter(out);
  const prompt = inv.args.join(" ");
  const shape = shapeOf(inv);
  // A job on the ledger beside the token (surface cli): `imagegen mcp`'s list_jobs shows it with its files.
  // A bare description is an image request (the runner frames it); a prompt naming video asks for one.
  const medium = namedMedium(prompt) === "video" ? "video" : "image";
  const { job, result, files } = await runTurnJob(ctx, { kind: "generate", prompt, medium, outDir, surface: "cli", shape, textMode: out.textMode }, printer.onEvent);
  const turn = result ?? recordedTurn(job);
  finishTurn(out, turn, printer.changesShown());
  const missed = turn.newMedia.length - files.length;
  if (files.length > 0 && missed > 0) out.status(`Could not download ${missed} of the generated items; \`imagegen state\` lists their links.`);
  if (files.length === 0) {
    throw new CliFailure(
      "The agent did not produce a new image or clip for this prompt.",
      "Try a more specific prompt, or run `imagegen state` to see what the session holds.",
      EXIT.other,
    );
  }
  if (out.json) {
    out.document({ outcome: turn.outcome, text: turn.text, files, changes: turn.changes, media: turn.newMedia.map(mediaJson) });
  }
  for (const f of files) out.line(`Saved ${f}`);
};

/** A turn read back from its job (the agent went quiet after the message and the session was watched). */
function recordedTurn(job: Job): ChatResult {
  const text = (key: string): string => (typeof job.extra?.[key] === "string" ? (job.extra[key] as string) : "");
  return {
    outcome: "recovered",
    text: text("answer"),
    changes: text("changes").split("\n").filter((c) => c.trim() !== ""),
    newMedia: job.media.map((m) => ({ kind: m.kind ?? "unknown", url: m.url, key: m.key ?? m.url, mime: m.mimeType })),
    actions: [],
  };
}

const chat: Handler = async (ctx) => {
  const { client, out, inv, signal } = ctx;
  const printer = trackedPrinter(out);
  const message = inv.args.join(" ").trim();
  const shape = shapeOf(inv);
  // A paid message (it asks for media or an edit) is a job on the ledger (surface cli); its media
  // are recorded on the job (chat has no output folder). Questions and small talk stay plain turns.
  const paid = paidActionFor(message);
  let result: ChatResult;
  if (paid) {
    const spec: JobSpec = paid.kind === "edit"
      ? { kind: "edit", message, surface: "cli", shape, textMode: out.textMode }
      : { kind: "generate", prompt: message, verbatim: true, surface: "cli", shape, textMode: out.textMode };
    const turn = await runTurnJob(ctx, spec, printer.onEvent);
    result = turn.result ?? recordedTurn(turn.job);
  } else {
    result = await client.chat(message, { signal, shape, onEvent: printer.onEvent, textMode: out.textMode });
  }
  finishTurn(out, result, printer.changesShown());
  if (out.json) {
    out.document({ outcome: result.outcome, text: result.text, changes: result.changes, media: result.newMedia.map(mediaJson), actions: result.actions });
  }
};

const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;

async function localFile(arg: string): Promise<string> {
  const p = path.resolve(arg);
  let st;
  try {
    st = await fs.stat(p);
  } catch {
    throw usageError(`File not found: ${arg}.`, "Check the path, or pass an http(s) URL.");
  }
  if (!st.isFile()) throw usageError(`${arg} is not a file.`, "Pass a media file or an http(s) URL.");
  return p;
}

const upload: Handler = async ({ client, out, inv, signal, ledger }) => {
  const urls: string[] = [];
  const files: string[] = [];
  for (const arg of inv.args) {
    const scheme = SCHEME.exec(arg)?.[1]?.toLowerCase();
    if (scheme === "http" || scheme === "https") urls.push(arg);
    else if (scheme !== undefined) throw usageError(`Only http(s) URLs can be uploaded (got ${scheme}:).`);
    else files.push(await localFile(arg));
  }
  // Check every file (type, size) before a single byte is sent.
  const checked: { path: string; name: string; size: number }[] = [];
  for (const f of files) checked.push({ path: f, ...(await client.checkUploadFile(f)) });
  // On the job ledger from the first byte (uploading → done / failed / cancelled), beside the exports and the MCP server's jobs.
  const records = ledger ? new UploadRecords(ledger) : undefined;
  const track = <T extends Pick<UploadResult, "uploaded">>(sent: SentUpload[], run: (jobs?: UploadJobs) => Promise<T>): Promise<T> =>
    records ? records.track(sent, { surface: "cli", sessionId: async () => (await client.currentSession())?.sessionId }, run) : run(undefined);
  if (checked.length > 0) {
    const total = checked.reduce((sum, c) => sum + c.size, 0);
    const print = uploadProgressPrinter(out);
    await track(
      checked.map((c) => ({ path: c.path, size: c.size })),
      (jobs) => {
        const sent = new Map<string, number>();
        return client.uploadFiles(files, {
          signal,
          onProgress: (p) => {
            print(p);
            sent.set(p.file, p.sentBytes);
            if (total > 0) jobs?.progress((100 * [...sent.values()].reduce((a, b) => a + b, 0)) / total);
          },
        });
      },
    );
    out.clearProgress();
  }
  if (urls.length > 0) await track(urls.map((url) => ({ url })), () => client.uploadUrls(urls, { signal }));
  if (out.json) {
    out.document({ files: checked.map((c) => ({ path: c.path, name: c.name, size: c.size })), urls });
    return;
  }
  for (const c of checked) out.line(`Uploaded ${c.name} (${formatBytes(c.size)})`);
  for (const u of urls) out.line(`Uploaded ${u}`);
};

const credits: Handler = async ({ client, out, signal }) => {
  const c = await client.credits({ signal });
  if (out.json) out.document({ available: c.available, frozen: c.frozen, total: c.total });
  else out.line(`${c.available} credits available (${c.frozen} frozen, ${c.total} total).`);
};

function stateJson(s: SessionState, sessionId: string | undefined): Record<string, unknown> {
  return {
    sessionId: sessionId ?? null,
    summary: summarizeDraft(s.draft),
    exportReady: isExportReady(s),
    tracks: (s.draft?.tracks ?? []).map((t) => ({
      index: t.index,
      kind: t.kind,
      segments: t.segments.map((g) => ({ index: g.index, name: g.name, text: g.text, startMs: g.startMs, endMs: g.endMs, durationMs: g.durationMs, volume: g.volume })),
    })),
    generatedMedia: s.generatedMedia.map(mediaJson),
  };
}

const state: Handler = async ({ client, out, signal }) => {
  const s = await client.state({ signal });
  if (out.json) {
    out.document(stateJson(s, (await client.currentSession())?.sessionId));
    return;
  }
  out.line(summarizeDraft(s.draft));
  if (s.generatedMedia.length > 0) {
    out.line(`Generated media (${s.generatedMedia.length}):`);
    for (const m of s.generatedMedia) out.line(`  ${m.kind}: ${m.name ? `${m.name} — ` : ""}${m.url}`);
  }
  if (isExportReady(s)) out.status("Ready to export: imagegen export --out <dir>");
};

const exportCmd: Handler = async ({ client, out, inv, signal }) => {
  const outDir = path.resolve(inv.outDir ?? ".");
  const opts = {
    outDir,
    signal,
    fileName: inv.name,
    source: "cli" as const,
    onProgress: exportProgressPrinter(out),
    onRenderId: (id: string) => out.status(`… Render ${id} started (if interrupted: imagegen export --resume ${id} --out ${JSON.stringify(outDir)})`),
  };
  const r = inv.resume ? await client.resumeExport(inv.resume, opts) : await client.exportVideo(opts);
  out.clearProgress();
  if (out.json) out.document({ renderId: r.renderId, file: r.filePath, bytes: r.bytes });
  else out.line(`Saved ${r.filePath} (${formatBytes(r.bytes)})`);
};

const link: Handler = async ({ client, out, signal }) => {
  const url = await client.claimLink({ signal });
  if (out.json) {
    out.document({ url });
    return;
  }
  out.line(url);
  out.status("Open this link in a browser to continue the session in the NemoVideo web app.");
};

const newSession: Handler = async ({ client, out, signal }) => {
  const ids = await client.newSession({ signal });
  if (out.json) out.document({ sessionId: ids.sessionId, taskId: ids.taskId });
  else out.line("Started a new session.");
};

const batch: Handler = async (ctx) => {
  const files: string[] = [];
  for (const arg of ctx.inv.args) files.push(await localFile(arg));
  return batchCommand(ctx, files, await batchInstructions(files, ctx.inv.instruction, ctx.inv.each));
};

const HANDLERS: Record<string, Handler> = {
  generate,
  chat,
  upload,
  credits,
  state,
  export: exportCmd,
  link,
  "new-session": newSession,
  mcp,
  batch,
};

export async function runCommand(ctx: CommandContext): Promise<number> {
  const handler = HANDLERS[ctx.inv.command];
  if (!handler) throw usageError(`Unknown command "${ctx.inv.command}".`);
  return (await handler(ctx)) ?? EXIT.ok;
}

