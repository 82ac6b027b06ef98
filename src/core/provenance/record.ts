/**
 * What a saved file says about where it came from: the provenance record, the IPTC mark, and the
 * XMP packet that carries them. One packet shape for PNG, JPEG, WebP and MP4 (the containers only
 * differ in where the packet goes: png.ts, jpeg.ts, webp.ts, mp4.ts).
 *
 * Sources: XMP Specification Part 1 (packet wrapper, rdf:Description) and Part 3 (where each file
 * format keeps it); IPTC Digital Source Type vocabulary (`trainedAlgorithmicMedia`: "media created
 * by a model trained on sampled content"), carried as `Iptc4xmpExt:DigitalSourceType`.
 */

/** The IPTC digital source type of everything the product saves: made by a trained model. */
export const TRAINED_ALGORITHMIC_MEDIA = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia";
/** Our own XMP namespace (prefix `imagegen`) for the facts no standard schema names. */
export const IMAGEGEN_NS = "https://nemo-labs.dev/ns/imagegen/1.0/";
/** The product's name as files carry it. */
export const PRODUCT_NAME = "Image Generation Generator";

/** Longest prompt kept in a file, in characters (the agent tools accept 2,000; a JPEG APP1 holds 64 KB). */
export const MAX_EMBEDDED_PROMPT = 4000;

export interface ProvenanceRecord {
  /** Omitted when the person turned prompts off (`imageGeneration.embedPromptInFiles`). */
  prompt?: string;
  ratio?: string;
  style?: string;
  /** ISO 8601 time the file was saved. */
  createdAt: string;
  product: string;
  productVersion: string;
  /** The job that made it (a render id for exports, the backend's media id for generated media). */
  jobId?: string;
  /** The backend session id (never the token). */
  sessionId?: string;
  /** Always TRAINED_ALGORITHMIC_MEDIA. */
  digitalSourceType: string;
  /** "export" for a rendered timeline (an MP4 export); unset for generated media. */
  kind?: "export";
}

const escapeXml = (s: string): string =>
  // eslint-disable-next-line no-control-regex -- XML 1.0 forbids these characters
  s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const OPEN = `<rdf:Description rdf:about="" xmlns:imagegen="${IMAGEGEN_NS}"`;

/** Our rdf:Description element (always with an end tag, so a later save can find and replace it). */
export function provenanceDescription(r: ProvenanceRecord): string {
  const attrs: [string, string | undefined][] = [
    ["xmlns:dc", "http://purl.org/dc/elements/1.1/"],
    ["xmlns:xmp", "http://ns.adobe.com/xap/1.0/"],
    ["xmlns:Iptc4xmpExt", "http://iptc.org/std/Iptc4xmpExt/2008-02-29/"],
    ["xmp:CreatorTool", `${r.product} ${r.productVersion}`],
    ["xmp:CreateDate", r.createdAt],
    ["Iptc4xmpExt:DigitalSourceType", r.digitalSourceType],
    ["imagegen:Product", r.product],
    ["imagegen:ProductVersion", r.productVersion],
    ["imagegen:Prompt", r.prompt],
    ["imagegen:AspectRatio", r.ratio],
    ["imagegen:Style", r.style],
    ["imagegen:JobId", r.jobId],
    ["imagegen:SessionId", r.sessionId],
    ["imagegen:Kind", r.kind],
  ];
  const lines = attrs.filter(([, v]) => v !== undefined && v !== "").map(([k, v]) => `\n   ${k}="${escapeXml(v!)}"`);
  const description = r.prompt ? `\n   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(r.prompt)}</rdf:li></rdf:Alt></dc:description>` : "";
  return `  ${OPEN}${lines.join("")}>${description}\n  </rdf:Description>`;
}

/** Our Description in an existing packet (from an earlier save), to replace rather than repeat. */
const OURS = /[ \t]*<rdf:Description rdf:about="" xmlns:imagegen="https:\/\/nemo-labs\.dev\/ns\/imagegen\/1\.0\/"[\s\S]*?<\/rdf:Description>\n?/g;

/**
 * A whole XMP packet: ours alone, or — when the file already had one — theirs with our
 * rdf:Description added inside its rdf:RDF (their properties kept; an earlier one of ours replaced).
 * An existing packet without a closing `</rdf:RDF>` is not XMP we can extend: ours replaces it.
 */
export function xmpPacket(r: ProvenanceRecord, existing?: string): string {
  const ours = provenanceDescription(r);
  if (existing) {
    const cleaned = existing.replace(OURS, "");
    const end = cleaned.lastIndexOf("</rdf:RDF>");
    if (end >= 0) return `${cleaned.slice(0, end)}${ours}\n ${cleaned.slice(end)}`;
  }
  return (
    `<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n` +
    `<x:xmpmeta xmlns:x="adobe:ns:meta/">\n <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n${ours}\n </rdf:RDF>\n</x:xmpmeta>\n` +
    `<?xpacket end="w"?>`
  );
}

/** The record cut to what files keep (a prompt at most MAX_EMBEDDED_PROMPT characters). */
export function boundedRecord(r: ProvenanceRecord): ProvenanceRecord {
  return r.prompt && r.prompt.length > MAX_EMBEDDED_PROMPT ? { ...r, prompt: Array.from(r.prompt).slice(0, MAX_EMBEDDED_PROMPT).join("") } : r;
}
