/**
 * Reading a file's record back (Show Prompt, Regenerate from this File, alt text): our XMP
 * properties, else the standard ones (dc:description, the IPTC digital source type), else a PNG's
 * plain Description. Tolerant: a file without a record, or one another tool rewrote (attributes
 * turned into elements), gives what can be found.
 */
import { promises as fs } from "node:fs";
import { containerOf } from "./container";
import { readJpegXmp } from "./jpeg";
import { readMp4Xmp } from "./mp4";
import { readPngText } from "./png";
import { TRAINED_ALGORITHMIC_MEDIA } from "./record";
import { readWebpXmp } from "./webp";
import { MAX_IMAGE_BYTES } from "./embed";

export interface ReadRecord {
  prompt?: string;
  ratio?: string;
  style?: string;
  createdAt?: string;
  product?: string;
  productVersion?: string;
  jobId?: string;
  sessionId?: string;
  /** "export" when the file is a rendered timeline (written since the gallery; older exports have none). */
  kind?: "export";
  /** The IPTC mark says a trained model made it. */
  aiGenerated: boolean;
  /** Where the prompt came from. */
  promptSource?: "xmp" | "description";
}

const unescapeXml = (s: string): string =>
  s.replace(/&(lt|gt|quot|apos|amp|#(\d+)|#x([0-9a-f]+));/gi, (_m, name: string, dec?: string, hex?: string) => {
    if (dec) return String.fromCodePoint(Number(dec));
    if (hex) return String.fromCodePoint(parseInt(hex, 16));
    return ({ lt: "<", gt: ">", quot: '"', apos: "'", amp: "&" } as Record<string, string>)[name.toLowerCase()];
  });

/** A property as an attribute (`prefix:Name="…"`) or a simple element (`<prefix:Name>…</prefix:Name>`). */
function property(xmp: string, qname: string): string | undefined {
  const q = qname.replace(/[.:]/g, (c) => `\\${c}`);
  const attr = new RegExp(`\\s${q}="([^"]*)"`).exec(xmp) ?? new RegExp(`\\s${q}='([^']*)'`).exec(xmp);
  if (attr) return unescapeXml(attr[1]);
  const el = new RegExp(`<${q}>([^<]*)</${q}>`).exec(xmp);
  return el ? unescapeXml(el[1]) : undefined;
}

/** The record in an XMP packet (undefined fields when absent). */
export function parseXmpRecord(xmp: string): ReadRecord {
  const described = /<dc:description>\s*<rdf:Alt>\s*<rdf:li[^>]*>([^<]*)<\/rdf:li>/.exec(xmp)?.[1];
  const prompt = property(xmp, "imagegen:Prompt") ?? (described !== undefined ? unescapeXml(described) : undefined);
  return {
    prompt: prompt || undefined,
    ratio: property(xmp, "imagegen:AspectRatio"),
    style: property(xmp, "imagegen:Style"),
    createdAt: property(xmp, "xmp:CreateDate"),
    product: property(xmp, "imagegen:Product"),
    productVersion: property(xmp, "imagegen:ProductVersion"),
    jobId: property(xmp, "imagegen:JobId"),
    sessionId: property(xmp, "imagegen:SessionId"),
    kind: property(xmp, "imagegen:Kind") === "export" ? "export" : undefined,
    aiGenerated: property(xmp, "Iptc4xmpExt:DigitalSourceType") === TRAINED_ALGORITHMIC_MEDIA,
    promptSource: prompt ? "xmp" : undefined,
  };
}

/** The record of a file's bytes (PNG, JPEG, WebP); `{aiGenerated: false}` when it has none or is unreadable. */
export function readRecordFromBytes(buf: Buffer): ReadRecord {
  try {
    const container = containerOf(buf.subarray(0, 16));
    if (container === "png") {
      const { xmp, description } = readPngText(buf);
      const rec = xmp ? parseXmpRecord(xmp) : { aiGenerated: false };
      if (!rec.prompt && description) return { ...rec, prompt: description, promptSource: "description" };
      return rec;
    }
    const xmp = container === "jpeg" ? readJpegXmp(buf) : container === "webp" ? readWebpXmp(buf) : undefined;
    return xmp ? parseXmpRecord(xmp) : { aiGenerated: false };
  } catch {
    return { aiGenerated: false };
  }
}

/** The record of a file on disk (images up to MAX_IMAGE_BYTES, MP4 by its boxes). Throws only file-system errors. */
export async function readProvenance(file: string): Promise<ReadRecord> {
  const handle = await fs.open(file, "r");
  let head: Buffer;
  let size: number;
  try {
    head = Buffer.alloc(16);
    await handle.read(head, 0, 16, 0);
    size = (await handle.stat()).size;
  } finally {
    await handle.close();
  }
  if (containerOf(head) === "mp4") {
    try {
      const xmp = await readMp4Xmp(file);
      return xmp ? parseXmpRecord(xmp) : { aiGenerated: false };
    } catch {
      return { aiGenerated: false };
    }
  }
  if (size > MAX_IMAGE_BYTES) return { aiGenerated: false };
  return readRecordFromBytes(await fs.readFile(file));
}
