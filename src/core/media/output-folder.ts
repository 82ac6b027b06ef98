/**
 * Where generated media goes: which workspace root (the one holding the active document, else the
 * only one, else the one the person picked before, else ask) and the output folder inside it
 * (setting `imageGeneration.outputFolder`, default `generated-media`, absolute allowed).
 */
import * as path from "node:path";
import { InputError, phrase } from "../errors";

export const DEFAULT_OUTPUT_FOLDER = "generated-media";

export type RootChoice = { kind: "root"; root: string } | { kind: "ask"; roots: string[] } | { kind: "none" };

/** Case-insensitive file systems (Windows, macOS by default) compare paths without case. */
function samePathCase(): boolean {
  return process.platform === "win32" || process.platform === "darwin";
}

function norm(p: string): string {
  const r = path.resolve(p);
  return samePathCase() ? r.toLowerCase() : r;
}

/** True when `file` is `root` or inside it. */
export function isInside(root: string, file: string): boolean {
  const rel = path.relative(norm(root), norm(file));
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

/**
 * The root for new media: the (innermost) root containing the document; else the only root; else
 * the remembered root while it is still open; else ask; `none` without roots.
 */
export function chooseRoot(o: { roots: string[]; documentPath?: string; remembered?: string }): RootChoice {
  const roots = o.roots.filter((r) => r.trim() !== "");
  if (roots.length === 0) return { kind: "none" };
  if (o.documentPath) {
    const holding = roots.filter((r) => isInside(r, o.documentPath as string));
    if (holding.length > 0) {
      const innermost = holding.reduce((a, b) => (norm(b).length > norm(a).length ? b : a));
      return { kind: "root", root: innermost };
    }
  }
  if (roots.length === 1) return { kind: "root", root: roots[0] };
  if (o.remembered) {
    const still = roots.find((r) => norm(r) === norm(o.remembered as string));
    if (still) return { kind: "root", root: still };
  }
  return { kind: "ask", roots };
}

/** The output folder in `root`: the setting (relative to the root, or absolute), else `generated-media`. */
export function outputDirIn(root: string, setting: string | undefined): string {
  const rel = setting?.trim() || DEFAULT_OUTPUT_FOLDER;
  return path.isAbsolute(rel) ? path.normalize(rel) : path.join(root, rel);
}

/** "app/generated-media/x.png": a saved file as a person reads it (root folder name, then the path inside). */
export function displayPath(file: string, roots: string[]): string {
  const holding = roots.filter((r) => isInside(r, file));
  if (holding.length === 0) return file;
  const root = holding.reduce((a, b) => (norm(b).length > norm(a).length ? b : a));
  const rel = path.relative(root, file);
  return [path.basename(root), ...rel.split(path.sep)].filter(Boolean).join("/");
}

/** No folder is open, so there is nowhere to save: the host offers "Open Folder…" (code NO_FOLDER). */
export function noFolderError(): InputError {
  return new InputError("NO_FOLDER", {
    userMessage: phrase("Open a folder first: generated media is saved inside the workspace."),
    nextStep: phrase("Open a folder, then try again."),
  });
}
