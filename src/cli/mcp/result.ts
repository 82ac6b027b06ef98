/**
 * A tool outcome as an MCP `tools/call` result, shaped for the negotiated protocol version and the
 * host's size limit:
 * - 2025-06-18 and later: the text, the image (when it fits), a `resource_link` per saved file,
 *   `structuredContent` matching the tool's `outputSchema` and, as the specification recommends
 *   for older readers, that JSON again as a text block;
 * - before: the text (with each file's resource URI written out) and the image only.
 * Size: the whole JSON-RPC response stays under `maxResultBytes` (default 1 MiB: Claude Desktop
 * refuses larger results, PrefectHQ/fastmcp#1036). A PNG or JPEG that does not fit is sent as a
 * smaller JPEG preview that does (./preview.ts, pure JS, loaded on first need); a WebP or GIF that
 * does not fit is not inlined. The text and the link always come, never a cut image.
 */
import { promises as fs } from "node:fs";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { ToolOutcome } from "../../core/agents/run";
import type { Preview } from "./preview";
import type { ProtocolFeatures } from "./versions";

/** 1 MiB: the largest tool result Claude Desktop accepts (bytes of the JSON-RPC message). */
export const DEFAULT_MAX_RESULT_BYTES = 1024 * 1024;
/** Room for the JSON-RPC envelope around the result (`{"jsonrpc":"2.0","id":…,"result":…}`). */
const ENVELOPE_BYTES = 256;

type Content = CallToolResult["content"][number];

const jsonBytes = (v: unknown): number => Buffer.byteLength(JSON.stringify(v), "utf8");
const base64Length = (bytes: number): number => 4 * Math.ceil(bytes / 3);

export interface ResultOptions {
  features: ProtocolFeatures;
  /** The largest response, in bytes (JSON of the whole JSON-RPC message). */
  maxResultBytes: number;
  /** Removes secrets from outgoing text. */
  scrub: (text: string) => string;
  /** The resource URI of a saved file (registers it with the resource source). */
  resourceUri: (file: string, description: string) => string;
}

/** Room kept for the preview's note in the text and the image block's JSON around the base64. */
const PREVIEW_NOTE_BYTES = 512;

/**
 * A preview of the image at `file` whose base64 fits in `room` bytes, or undefined (no room, not
 * PNG/JPEG, undecodable). The codecs are loaded here, on first need, not at server start.
 */
async function previewWithin(file: string, room: number): Promise<Preview | undefined> {
  const maxBytes = Math.floor((room * 3) / 4);
  if (maxBytes < 4096) return undefined;
  const { makePreview } = await import("./preview");
  return makePreview(await fs.readFile(file), maxBytes);
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export async function outcomeResult(outcome: ToolOutcome, opts: ResultOptions): Promise<CallToolResult> {
  const { features, scrub } = opts;
  const links: Content[] = [];
  const uriLines: string[] = [];
  for (const m of outcome.media) {
    const uri = opts.resourceUri(m.path, `Saved at ${m.relativePath}`);
    if (features.resourceLink) {
      links.push({ type: "resource_link", uri, name: m.relativePath.split("/").pop() ?? m.relativePath, mimeType: m.mimeType, description: `Saved at ${m.relativePath}` });
    } else {
      uriLines.push(`Resource: ${uri}`);
    }
  }
  const text = scrub([outcome.text, ...uriLines].join("\n"));
  const structured = features.structuredContent ? (JSON.parse(scrub(JSON.stringify(outcome.data))) as Record<string, unknown>) : undefined;
  const base: CallToolResult = {
    content: [{ type: "text", text }, ...(structured ? [{ type: "text" as const, text: JSON.stringify(structured) }] : []), ...links],
    ...(structured ? { structuredContent: structured } : {}),
  };
  let used = jsonBytes(base) + ENVELOPE_BYTES;
  const images: Content[] = [];
  const notes: string[] = [];
  for (const m of outcome.media) {
    if (m.kind !== "image") continue;
    const st = await fs.stat(m.path).catch(() => undefined);
    if (!st) continue;
    const cost = base64Length(st.size) + jsonBytes({ type: "image", data: "", mimeType: m.mimeType }) + 1;
    if (used + cost > opts.maxResultBytes) {
      const preview = await previewWithin(m.path, opts.maxResultBytes - used - PREVIEW_NOTE_BYTES);
      if (preview) {
        notes.push(
          `The image ${m.relativePath} (${megabytes(st.size)}) is shown as a smaller ${preview.width}×${preview.height} JPEG preview, so that this result stays under ${megabytes(opts.maxResultBytes)}; ` +
            `the saved file is the full image${features.resourceLink ? " (the resource link below)" : ""}.`,
        );
        images.push({ type: "image", data: preview.bytes.toString("base64"), mimeType: preview.mimeType });
        used += PREVIEW_NOTE_BYTES + base64Length(preview.bytes.length) + jsonBytes({ type: "image", data: "", mimeType: preview.mimeType }) + 1;
        continue;
      }
      notes.push(
        `The image ${m.relativePath} (${megabytes(st.size)}) is not included inline: it would make this result larger than ${megabytes(opts.maxResultBytes)}, ` +
          `more than many hosts accept. Open the saved file instead${features.resourceLink ? " (the resource link below)" : ""}.`,
      );
      continue;
    }
    images.push({ type: "image", data: (await fs.readFile(m.path)).toString("base64"), mimeType: m.mimeType });
    used += cost;
  }
  const first = base.content[0] as { type: "text"; text: string };
  if (notes.length > 0) first.text = `${first.text}\n${notes.join("\n")}`;
  base.content.splice(structured ? 2 : 1, 0, ...images);
  return base;
}
