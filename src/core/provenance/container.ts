/** Which container a file's first bytes are, for the provenance writers (only the four they know). */
export type Container = "png" | "jpeg" | "webp" | "mp4";

export function containerOf(head: Uint8Array): Container | undefined {
  const b = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  if (b.length >= 8 && b[0] === 0x89 && b.toString("latin1", 1, 4) === "PNG") return "png";
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return "jpeg";
  if (b.length >= 12 && b.toString("latin1", 0, 4) === "RIFF" && b.toString("latin1", 8, 12) === "WEBP") return "webp";
  if (b.length >= 8 && b.toString("latin1", 4, 8) === "ftyp") return "mp4";
  return undefined;
}
