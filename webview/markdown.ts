/**
 * Agent text → safe DOM. `marked` turns Markdown into HTML with raw HTML escaped to text, then
 * DOMPurify keeps only an allow-list: basic formatting, links with http(s)/mailto (opened through
 * the extension, never by navigation), https images. Pure apart from the window it is given, so the
 * unit tests run it under jsdom.
 */
import DOMPurify, { type Config, type WindowLike } from "dompurify";
import { Marked, type Tokens } from "marked";
import { isSafeLink } from "../src/shared/links";

export { isSafeLink };

const ALLOWED_TAGS = [
  "p", "br", "hr", "strong", "em", "b", "i", "del", "s", "code", "pre", "blockquote",
  "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "a", "table", "thead", "tbody",
  "tr", "th", "td", "img", "span",
];
const ALLOWED_ATTR = ["href", "title", "alt", "src", "start"];
const SAFE_IMG = /^https:\/\//i;

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/**
 * Inside a paragraph a line break is the newline itself, shown by `white-space: pre-line` on
 * `.markdown p` (style.css): what people see is the same as a `<br>`, but a reply of many short
 * lines is one text node per paragraph instead of two nodes a line, and nodes, not characters, are
 * what rendering costs (bench/text-cost.ts, "many short lines"). Elsewhere (list items, table
 * cells, headings), where white space between blocks must stay collapsed, it stays `<br>`.
 */
let inParagraph = false;

const marked = new Marked({
  gfm: true,
  breaks: true,
  async: false,
  renderer: {
    paragraph(token: Tokens.Paragraph): string {
      inParagraph = true;
      try {
        return `<p>${this.parser.parseInline(token.tokens)}</p>\n`;
      } finally {
        inParagraph = false;
      }
    },
    br(): string {
      return inParagraph ? "\n" : "<br>";
    },
    // Raw HTML from the agent is shown as text, never interpreted.
    html(token: Tokens.HTML | Tokens.Tag): string {
      return escapeHtml(token.text);
    },
    image(token: Tokens.Image): string {
      if (!SAFE_IMG.test(token.href.trim())) return escapeHtml(token.text);
      return `<img src="${escapeHtml(token.href)}" alt="${escapeHtml(token.text)}">`;
    },
  },
});

const CONFIG: Config = {
  ALLOWED_TAGS,
  ALLOWED_ATTR,
  ALLOWED_URI_REGEXP: /^(?:https?|mailto):/i,
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
  WHOLE_DOCUMENT: false,
  KEEP_CONTENT: true,
};

export interface MarkdownRenderer {
  /** Safe DOM for a piece of agent Markdown, owned by the renderer's document. */
  render(markdown: string): DocumentFragment;
  /**
   * How much of `markdown` is finished blocks (every block but the last; text that follows cannot
   * change them), and whether the last block is a paragraph (which may be cut at a line or a space).
   */
  finished(markdown: string): { length: number; lastIsParagraph: boolean };
}

/** Build a renderer for a window (the webview's, or a jsdom window in tests). */
export function createMarkdownRenderer(win: WindowLike): MarkdownRenderer {
  const purify = DOMPurify(win);
  purify.addHook("afterSanitizeAttributes", (node) => {
    const el = node as Element;
    const tag = el.tagName?.toLowerCase();
    if (tag === "a") {
      const href = el.getAttribute("href");
      if (href !== null && !isSafeLink(href)) el.removeAttribute("href");
      el.removeAttribute("target");
      if (el.hasAttribute("href")) el.setAttribute("rel", "noopener noreferrer");
    } else if (tag === "img") {
      const src = el.getAttribute("src") ?? "";
      if (!SAFE_IMG.test(src.trim())) el.parentNode?.removeChild(el);
    }
  });
  return {
    render(markdown: string): DocumentFragment {
      const html = marked.parse(markdown, { async: false });
      return purify.sanitize(html, { ...CONFIG, RETURN_DOM_FRAGMENT: true });
    },
    finished(markdown: string): { length: number; lastIsParagraph: boolean } {
      const tokens = marked.lexer(markdown);
      let last = tokens.length - 1;
      while (last >= 0 && tokens[last].type === "space") last--;
      let raw = "";
      for (let i = 0; i < last; i++) raw += tokens[i].raw;
      // The lexer may have normalised the text (\r\n): then nothing counts as finished.
      const length = markdown.startsWith(raw) ? raw.length : 0;
      return { length, lastIsParagraph: last >= 0 && tokens[last].type === "paragraph" };
    },
  };
}
