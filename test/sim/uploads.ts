/** POST /api/upload-video/nemo_agent/me/<sid>: streamed multipart files (hashed, counted, never held) or JSON URLs. */
import { createHash, type Hash } from "node:crypto";
import { extname } from "node:path";
import { pixelSizeOf } from "../../src/core/provenance/size";
import type { Ctx } from "./http";
import { drain, fail, failStatus, header, ok, readJsonObject } from "./http";
import { boundaryOf, MultipartError, MultipartParser } from "./multipart";
import type { Session } from "./sessions";
import { checkUserSegment } from "./shape";
import type { World } from "./world";

export const ACCEPTED: Record<string, string> = {
  mp4: "video/mp4", mov: "video/quicktime", avi: "video/x-msvideo", webm: "video/webm", mkv: "video/x-matroska",
  jpg: "image/jpeg", jpeg: "image/jpeg", png: "image/png", gif: "image/gif", webp: "image/webp",
  mp3: "audio/mpeg", wav: "audio/wav", m4a: "audio/mp4", aac: "audio/aac",
};

const ACCEPTED_LIST = "mp4, mov, avi, webm, mkv, jpg, png, gif, webp, mp3, wav, m4a, aac";

function extOf(name: string): string {
  return extname(name.split(/[?#]/)[0]).slice(1).toLowerCase();
}

interface Received {
  fileName: string;
  size: number;
  sha256: string;
  /** Pixel size of an uploaded image, from its first bytes (an edit of it keeps the size). */
  pixels?: { width: number; height: number };
}

/** Bytes of a part kept to read an image's pixel size (JPEG headers can run long with EXIF). */
const HEAD_BYTES = 64 * 1024;

function remember(world: World, session: Session, files: Received[], url?: string): Record<string, unknown>[] {
  return files.map((f) => {
    world.uploads.push({ sessionId: session.id, fileName: f.fileName, size: f.size, sha256: f.sha256, ...(url ? { url } : {}) });
    const info = {
      upload_id: `upl_${world.ids.id(10)}`,
      file_name: f.fileName,
      size: f.size,
      media_type: ACCEPTED[extOf(f.fileName)] ?? "application/octet-stream",
      ...(url ? { url, source_type: "url" } : { sha256: f.sha256, source_type: "file" }),
      ...(f.pixels ? { width: f.pixels.width, height: f.pixels.height } : {}),
    };
    session.state.video_infos.push({ ...info, uploaded_at: new Date().toISOString() });
    return info;
  });
}

/** The later vendor answer (fault "upload-files"): `data.files[]` with filename, file_type, cdn_url, sizes and hash. */
function laterShape(world: World, infos: Record<string, unknown>[]): Record<string, unknown> {
  const files = infos.map((info) => {
    const type = String(info.media_type ?? "").split("/")[0];
    const visual = type === "video" || type === "image";
    return {
      filename: info.file_name,
      file_type: type === "video" || type === "image" || type === "audio" ? type : "video",
      cdn_url: `${world.baseUrl}/cdn/${String(info.upload_id)}`,
      duration: type === "image" ? 0 : 10.5,
      ...(visual ? { width: 1920, height: 1080 } : {}),
      ...(type === "video" ? { fps: 30 } : {}),
      hash: info.sha256 ?? "",
    };
  });
  return { files, session_state_applied: true };
}

async function uploadUrls(ctx: Ctx, world: World, session: Session, later: boolean): Promise<void> {
  const body = await readJsonObject(ctx);
  const urls = body?.urls;
  if (!Array.isArray(urls) || urls.length === 0 || !urls.every((u) => typeof u === "string" && /^https?:\/\//i.test(u))) {
    return failStatus(ctx.res, 400, "urls must be a non-empty array of http(s) URLs");
  }
  const out: Record<string, unknown>[] = [];
  for (const url of urls as string[]) {
    const fileName = decodeURIComponent(new URL(url).pathname.split("/").pop() || url);
    const sha256 = createHash("sha256").update(url).digest("hex");
    out.push(...remember(world, session, [{ fileName, size: 0, sha256 }], url));
  }
  ok(ctx.res, later ? laterShape(world, out) : { session_id: session.id, files: out });
}

/** Stream the multipart body; reject as soon as a bad type or an oversized file shows up. */
function uploadMultipart(ctx: Ctx, world: World, session: Session, boundary: string, later: boolean): Promise<void> {
  const files: Received[] = [];
  let current: { fileName: string; size: number; hash: Hash; head: Buffer[]; headBytes: number } | undefined;
  let rejected = false;
  const reject = (code: number, message: string): void => {
    rejected = true;
    current = undefined;
    fail(ctx.res, code, message);
  };
  const parser = new MultipartParser(boundary, {
    onPart: (info) => {
      if (info.name !== "files" || info.filename === undefined) return;
      if (!ACCEPTED[extOf(info.filename)]) {
        return reject(4001, `Unsupported file type "${info.filename}". Accepted: ${ACCEPTED_LIST}`);
      }
      current = { fileName: info.filename, size: 0, hash: createHash("sha256"), head: [], headBytes: 0 };
    },
    onData: (data) => {
      if (!current) return;
      current.size += data.length;
      if (current.size > world.settings.maxUploadBytes) {
        return reject(4002, `File "${current.fileName}" is larger than ${Math.round(world.settings.maxUploadBytes / 1048576)} MB`);
      }
      current.hash.update(data);
      if (current.headBytes < HEAD_BYTES) {
        const part = Buffer.from(data.subarray(0, HEAD_BYTES - current.headBytes));
        current.head.push(part);
        current.headBytes += part.length;
      }
    },
    onPartEnd: () => {
      if (current) files.push({ fileName: current.fileName, size: current.size, sha256: current.hash.digest("hex"), pixels: pixelSizeOf(Buffer.concat(current.head)) });
      current = undefined;
    },
  });
  return new Promise((resolve) => {
    ctx.req.on("data", (chunk: Buffer) => {
      ctx.rec.bodyBytes += chunk.length;
      if (rejected) return; // keep draining so the client can read the early answer
      try {
        parser.write(chunk);
      } catch (err) {
        rejected = true;
        failStatus(ctx.res, 400, err instanceof Error ? err.message : "bad multipart body");
      }
    });
    ctx.req.on("error", () => resolve());
    ctx.req.on("close", () => resolve());
    ctx.req.on("end", () => {
      resolve();
      if (rejected) return;
      try {
        parser.end();
      } catch (err) {
        return failStatus(ctx.res, 400, err instanceof MultipartError ? err.message : "bad multipart body");
      }
      if (files.length === 0) return failStatus(ctx.res, 400, 'No part named "files" with a file name');
      const infos = remember(world, session, files);
      ok(ctx.res, later ? laterShape(world, infos) : { session_id: session.id, files: infos });
    });
  });
}

export async function handleUpload(ctx: Ctx, world: World, userSegment: string, sessionId: string, later = false): Promise<void> {
  const user = world.auth.authenticate(ctx.req);
  if (!user) return (drain(ctx), fail(ctx.res, 1001, "Token expired or invalid"));
  const verdict = checkUserSegment(world.userPaths, userSegment, user.id);
  if (verdict === "no-route") return (drain(ctx), failStatus(ctx.res, 404, `No route POST ${ctx.url.pathname}`));
  if (verdict === "no-session") return (drain(ctx), fail(ctx.res, 1002, "Session not found"));
  const session = world.sessions.get(sessionId, user.id);
  if (!session) return (drain(ctx), fail(ctx.res, 1002, "Session not found"));
  const contentType = header(ctx.req, "content-type");
  if (contentType && /^application\/json/i.test(contentType)) return uploadUrls(ctx, world, session, later);
  const boundary = boundaryOf(contentType);
  if (!boundary) return (drain(ctx), failStatus(ctx.res, 400, "Expected multipart/form-data or application/json"));
  return uploadMultipart(ctx, world, session, boundary, later);
}
