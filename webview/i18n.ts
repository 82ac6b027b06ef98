/**
 * `t(id, ...args)` for the webview. The host puts the translated table (src/shared/strings.ts) in
 * `<body data-strings="{…}">`; it is parsed and validated once, and any missing or malformed entry
 * falls back to English, so the panel always has text.
 */
import { makeTranslator, StringTableSchema, type Translate } from "../src/shared/strings";

export function readStringTable(raw: string | undefined, warn: (text: string) => void = (text) => console.warn(text)): Record<string, string> {
  if (!raw) return {};
  try {
    const parsed = StringTableSchema.safeParse(JSON.parse(raw));
    if (parsed.success) return parsed.data;
    warn("chat: ignored an invalid strings table from the extension");
  } catch {
    warn("chat: the strings table from the extension is not JSON");
  }
  return {};
}

export const t: Translate = makeTranslator(readStringTable(typeof document === "undefined" ? undefined : document.body?.dataset.strings));
