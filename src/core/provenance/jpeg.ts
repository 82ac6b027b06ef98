/**
 * JPEG: the XMP packet in an APP1 segment that starts with "http://ns.adobe.com/xap/1.0/\0"
 * (XMP Specification Part 3, 1.1.3), after the leading APP0/APP1 (JFIF, Exif) segments. Segments
 * before the scan are moved; the scan data is copied byte for byte.
 */
import { type ProvenanceRecord, xmpPacket } from "./record";

const XMP_HEADER = Buffer.from("http://ns.adobe.com/xap/1.0/\0", "latin1");
/** An APP1 segment holds at most 65,533 bytes of payload (the 16-bit length counts itself). */
const MAX_SEGMENT_PAYLOAD = 65533;

interface Segment {
  marker: number;
  /** Payload without the marker and length. */
  data: Buffer;
  raw: Buffer;
}

/** Segments up to the first SOS, and the rest (SOS onwards) untouched; throws on a malformed file. */
export function jpegSegments(buf: Buffer): { segments: Segment[]; rest: Buffer } {
  if (buf.length < 4 || buf[0] !== 0xff || buf[1] !== 0xd8) throw new Error("not a JPEG");
  const segments: Segment[] = [];
  let off = 2;
  for (;;) {
    if (off + 4 > buf.length || buf[off] !== 0xff) throw new Error("malformed JPEG segment");
    let m = off + 1;
    while (buf[m] === 0xff && m < buf.length) m++; // fill bytes
    const marker = buf[m];
    const start = m + 1;
    if (marker === 0xda || marker === 0xd9) return { segments, rest: buf.subarray(off) };
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      segments.push({ marker, data: Buffer.alloc(0), raw: buf.subarray(off, start) });
      off = start;
      continue;
    }
    if (start + 2 > buf.length) throw new Error("truncated JPEG segment");
    const len = buf.readUInt16BE(start);
    const end = start + len;
    if (len < 2 || end > buf.length) throw new Error("truncated JPEG segment");
    segments.push({ marker, data: buf.subarray(start + 2, end), raw: buf.subarray(off, end) });
    off = end;
  }
}

const isXmp = (s: Segment): boolean => s.marker === 0xe1 && s.data.subarray(0, XMP_HEADER.length).equals(XMP_HEADER);

function app1(payload: Buffer): Buffer {
  const head = Buffer.from([0xff, 0xe1, 0, 0]);
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, payload]);
}

/**
 * The JPEG with our XMP packet (merged into an existing one). With prompts off, `stripPrompt`
 * drops comment (COM) segments that contain it. A packet too big for one APP1 is written
 * without the prompt (the mark always fits).
 */
export function embedJpeg(buf: Buffer, record: ProvenanceRecord, stripPrompt?: string): Buffer {
  const { segments, rest } = jpegSegments(buf);
  const existing = segments.find(isXmp)?.data.subarray(XMP_HEADER.length).toString("utf8");
  const kept = segments.filter((s) => !isXmp(s) && !(s.marker === 0xfe && !record.prompt && stripPrompt && s.data.toString("utf8").includes(stripPrompt)));
  let payload = Buffer.concat([XMP_HEADER, Buffer.from(xmpPacket(record, existing), "utf8")]);
  if (payload.length > MAX_SEGMENT_PAYLOAD) payload = Buffer.concat([XMP_HEADER, Buffer.from(xmpPacket({ ...record, prompt: undefined }), "utf8")]);
  let at = 0;
  while (at < kept.length && (kept[at].marker === 0xe0 || (kept[at].marker === 0xe1 && !isXmp(kept[at])))) at++;
  const parts = [Buffer.from([0xff, 0xd8]), ...kept.slice(0, at).map((s) => s.raw), app1(payload), ...kept.slice(at).map((s) => s.raw), rest];
  return Buffer.concat(parts);
}

/** The XMP packet of a JPEG, when it has one. */
export function readJpegXmp(buf: Buffer): string | undefined {
  const seg = jpegSegments(buf).segments.find(isXmp);
  return seg?.data.subarray(XMP_HEADER.length).toString("utf8");
}

/** Width and height from the first SOFn segment. */
export function jpegSize(buf: Buffer): { width: number; height: number } | undefined {
  const sof = jpegSegments(buf).segments.find((s) => s.marker >= 0xc0 && s.marker <= 0xcf && s.marker !== 0xc4 && s.marker !== 0xc8 && s.marker !== 0xcc);
  return sof && sof.data.length >= 5 ? { height: sof.data.readUInt16BE(1), width: sof.data.readUInt16BE(3) } : undefined;
}
