/**
 * Every codicon the webviews show (chat, gallery). The package ships only these glyphs: the build
 * subsets @vscode/codicons' font and stylesheet to this list (scripts/codicons.cjs), so an icon
 * missing here would render as an empty box. Typed uses (`icon()`, `button({ icon })`,
 * `codiconClass()`) only accept these names; add a name here to use a new icon.
 */
export const ICON_NAMES = [
  "account",
  "arrow-down",
  "attach",
  "chevron-down",
  "chevron-up",
  "close",
  "cloud-download",
  "copy",
  "credit-card",
  "debug-stop",
  "device-camera-video",
  "edit",
  "error",
  "export",
  "file-media",
  "files",
  "go-to-file",
  "info",
  "insert",
  "layers",
  "link",
  "link-external",
  "refresh",
  "save",
  "send",
  "sparkle",
  "symbol-ruler",
  "trash",
  "warning",
] as const;

export type IconName = (typeof ICON_NAMES)[number];

/** The classes that show one codicon on an element (`codicon codicon-<name>`). */
export function codiconClass(name: IconName): string {
  return `codicon codicon-${name}`;
}
