/**
 * Which buttons an error notification offers. Pure (no `vscode` import); the labels are
 * localized where the buttons are shown (errors.ts).
 */
import type { ErrorCategory, ErrorCode } from "../core/errors";

export type ErrorAction = "register" | "topUp" | "openLink" | "setToken" | "generate" | "openFolder" | "useChat" | "showLog";

export interface ErrorFacts {
  code: ErrorCode;
  category: ErrorCategory;
  link?: string;
}

export function errorActions(e: ErrorFacts): ErrorAction[] {
  if (e.code === "CANCELLED") return [];
  const out: ErrorAction[] = [];
  if (e.link) {
    if (e.code === "OUT_OF_CREDITS") out.push(/[?&]bind=/.test(e.link) ? "register" : "topUp");
    else out.push("openLink");
  }
  if (e.category === "auth") out.push("setToken");
  if (e.code === "NO_DRAFT") out.push("generate");
  // No folder: open one, or use the chat, which keeps media until the person saves it where they like.
  if (e.code === "NO_FOLDER") return [...out, "openFolder", "useChat"];
  out.push("showLog");
  return out;
}

/** Remember recent prompts: newest first, unique (case-sensitive, trimmed), at most `max`. */
export function pushRecent(recent: readonly string[], prompt: string, max = 10): string[] {
  const p = prompt.trim();
  if (!p) return [...recent].slice(0, max);
  return [p, ...recent.filter((r) => r !== p)].slice(0, max);
}
