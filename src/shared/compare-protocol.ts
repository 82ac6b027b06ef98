/**
 * What the extension and the compare page (webview/compare/) agree on: the page's configuration as
 * the host writes it into `<body data-config>` (validated here on the page's side: data, never
 * script) and the actions the page sends back.
 */

export interface CompareImage {
  /** A webview resource URI. */
  src: string;
  name: string;
  /** "960×540 · 412 KB" */
  detail: string;
}

export interface CompareConfig {
  before: CompareImage;
  after: CompareImage;
  strings: Record<string, string>;
}

/** What the page asks the host to do. */
export type CompareAction = "keep" | "keepBoth" | "discard";
export const COMPARE_ACTIONS: readonly CompareAction[] = ["keep", "keepBoth", "discard"];

const str = (v: unknown, max: number): string | undefined => (typeof v === "string" && v.length <= max ? v : undefined);

function image(v: unknown): CompareImage | undefined {
  if (typeof v !== "object" || v === null) return undefined;
  const o = v as Record<string, unknown>;
  const src = str(o.src, 8_192);
  const name = str(o.name, 1_024);
  const detail = str(o.detail, 200) ?? "";
  return src && name ? { src, name, detail } : undefined;
}

/** The configuration from `data-config`, or undefined when it is not what the host writes. */
export function parseConfig(raw: string | undefined): CompareConfig | undefined {
  let v: unknown;
  try {
    v = JSON.parse(raw ?? "");
  } catch {
    return undefined;
  }
  if (typeof v !== "object" || v === null) return undefined;
  const o = v as Record<string, unknown>;
  const before = image(o.before);
  const after = image(o.after);
  if (!before || !after) return undefined;
  const strings: Record<string, string> = {};
  if (typeof o.strings === "object" && o.strings !== null) {
    for (const [k, s] of Object.entries(o.strings as Record<string, unknown>)) {
      const text = str(s, 500);
      if (text !== undefined) strings[k] = text;
    }
  }
  return { before, after, strings };
}
