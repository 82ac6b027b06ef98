// Types for the two codec files src/cli/mcp/preview.ts imports directly (not the packages' whole
// entry points, which add encoders and stream wrappers it does not use: 51 KB → 36 KB minified, 18 → 14 KB in the .vsix).

declare module "pngjs/lib/parser-sync" {
  /** pngjs 7: decodes a whole PNG; `data` is RGBA, 8 bits a channel. Throws on a malformed file. */
  function parse(buffer: Buffer, options: Record<string, never>): { width: number; height: number; data: Buffer };
  export = parse;
}

declare module "jpeg-js/lib/decoder" {
  import type { decode } from "jpeg-js";
  const decodeJpeg: typeof decode;
  export = decodeJpeg;
}

declare module "jpeg-js/lib/encoder" {
  import type { encode } from "jpeg-js";
  const encodeJpeg: typeof encode;
  export = encodeJpeg;
}
