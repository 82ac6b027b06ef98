/**
 * Image markup for the document languages we insert into (Markdown, MDX, HTML, reStructuredText,
 * AsciiDoc): the language of a document, the link from a document to a saved file (relative, with
 * the characters each language needs encoded), the markup itself with the prompt as alt text, and
 * the text to insert after a selection. Pure functions; the editor adapter only applies the edit.
 */
import * as path from "node:path";

export type MarkupLanguage = "markdown" | "mdx" | "html" | "restructuredtext" | "asciidoc";

const BY_LANGUAGE_ID: Record<string, MarkupLanguage> = {
  markdown: "markdown",
  mdx: "mdx",
  html: "html",
  restructuredtext: "restructuredtext",
  rst: "restructuredtext",
  asciidoc: "asciidoc",
  asciidoctor: "asciidoc",
};

const BY_EXTENSION: Record<string, MarkupLanguage> = {
  ".md": "markdown",
  ".markdown": "markdown",
  ".mdown": "markdown",
  ".mkd": "markdown",
  ".mdx": "mdx",
  ".html": "html",
  ".htm": "html",
  ".xhtml": "html",
  ".rst": "restructuredtext",
  ".rest": "restructuredtext",
  ".adoc": "asciidoc",
  ".asciidoc": "asciidoc",
  ".asc": "asciidoc",
};

/**
 * The markup language of a document, from the editor's language id, else from the file extension
 * (an editor without an rst/AsciiDoc/MDX extension calls those files plain text). Undefined: no
 * image markup for this document (the link is copied instead).
 */
export function markupLanguage(languageId: string, fileName?: string): MarkupLanguage | undefined {
  const byId = BY_LANGUAGE_ID[languageId.toLowerCase()];
  if (byId) return byId;
  if (!fileName) return undefined;
  return BY_EXTENSION[path.extname(fileName).toLowerCase()];
}

/** Characters kept as written in a link path segment: unreserved, a few sub-delims, and non-ASCII. */
const SAFE_IN_SEGMENT = /[A-Za-z0-9\-._~!$&'*+,;=:@]|[^\p{ASCII}]/u;

/** Percent-encode one path segment: spaces, brackets, parentheses, `#`, `?`, `%` and controls; letters of any script stay. */
export function encodePathSegment(segment: string): string {
  let out = "";
  for (const ch of segment) {
    if (SAFE_IN_SEGMENT.test(ch) && ch !== "(" && ch !== ")") out += ch;
    else out += encodeURIComponent(ch).replace(/[()']/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  }
  return out;
}

/**
 * The link from a document to a file, relative to the document's folder, with `/` separators and
 * each segment encoded ("../generated-media/a%20b.png"). Paths on another Windows drive cannot be
 * relative: they become a `file:` URI.
 */
export function relativeLink(documentPath: string, filePath: string, pathApi: path.PlatformPath = path): string {
  const rel = pathApi.relative(pathApi.dirname(documentPath), filePath);
  if (pathApi.isAbsolute(rel)) {
    const slashed = filePath.split(pathApi.sep).join("/");
    return `file:///${slashed.replace(/^\/+/, "").split("/").map(encodePathSegment).join("/")}`;
  }
  return rel.split(pathApi.sep).map((s) => (s === ".." || s === "." ? s : encodePathSegment(s))).join("/");
}

/** Alt text on one line, without runs of spaces, at most `max` characters (whole code points, "…" when cut). */
export function altText(prompt: string, max = 200): string {
  const one = prompt.replace(/\s+/g, " ").trim();
  const chars = Array.from(one);
  return chars.length <= max ? one : `${chars.slice(0, max - 1).join("").trimEnd()}…`;
}

const escapeMarkdownAlt = (s: string): string => s.replace(/([\\[\]])/g, "\\$1");
const escapeHtmlAttr = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** AsciiDoc attribute list: quoted when it holds a comma, `=` or quote; `]` always escaped. */
function asciidocAlt(s: string): string {
  const closed = s.replace(/\]/g, "\\]");
  return /[,="]/.test(closed) ? `"${closed.replace(/"/g, '\\"')}"` : closed;
}

/** The image markup for `link` (already encoded, from relativeLink) with `alt` (plain text). */
export function imageMarkup(lang: MarkupLanguage, link: string, alt: string): string {
  const a = altText(alt);
  switch (lang) {
    case "markdown":
    case "mdx":
      return `![${escapeMarkdownAlt(a)}](${link})`;
    case "html":
      return `<img src="${escapeHtmlAttr(link)}" alt="${escapeHtmlAttr(a)}">`;
    case "restructuredtext":
      // A directive: its own paragraph; the alt option is one line of plain text (none for a decorative image).
      return a ? `.. image:: ${link}\n   :alt: ${a}` : `.. image:: ${link}`;
    case "asciidoc":
      return `image::${link}[${asciidocAlt(a)}]`;
  }
}

/** Block languages put an image in its own paragraph; Markdown, MDX and HTML can also place it inline. */
const BLOCK_ONLY: ReadonlySet<MarkupLanguage> = new Set(["restructuredtext", "asciidoc"]);

export interface Insertion {
  /** Where to insert: "selection-end" (right after the selected text) or "line-end" (after the selection's last line). */
  at: "selection-end" | "line-end";
  text: string;
}

/**
 * What to insert after a selection. `endsLine`: nothing but spaces follows the selection on its
 * last line; `nextLineBlank`: the line after it is blank or missing. Inline languages put the
 * image right after the selection (as its own paragraph when the selection ends its line); block
 * languages always start a paragraph after the selection's line. A paragraph is closed with a
 * blank line only when the text after it does not already start with one.
 */
export function insertionAfterSelection(lang: MarkupLanguage, markup: string, endsLine: boolean, eol = "\n", nextLineBlank = true): Insertion {
  const text = markup.split("\n").join(eol);
  if (BLOCK_ONLY.has(lang) || endsLine) return { at: "line-end", text: `${eol}${eol}${text}${nextLineBlank ? "" : eol}` };
  return { at: "selection-end", text: ` ${text}` };
}
