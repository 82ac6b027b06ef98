/**
 * The Markdown body of a message whose text grows while it streams. Finished blocks keep their DOM;
 * only the unfinished last block is rendered again, so each update costs the new text plus one
 * block, not the whole message. A paragraph longer than CUT_AT (one long line, many short lines) is
 * cut at its last line break or space, so no block grows without bound; the pieces are styled to
 * read as one paragraph (classes `split-*` and `cont` in style.css).
 */
import type { MarkdownRenderer } from "../markdown";

/** An unfinished paragraph longer than this is cut. */
const CUT_AT = 4096;
/**
 * An unfinished paragraph with more line breaks than this is cut at its last one: each line break
 * is an element, and elements, not characters, are what re-rendering the tail on every update
 * costs (bench/text-cost.ts, "many short lines").
 */
const LINES_AT = 32;
/** Characters before the end of the finished part compared on each update (a replaced text starts afresh). */
const CHECK = 32;

type Split = "split-line" | "split-space" | "split-none";

export class MarkdownBody {
  readonly el: HTMLDivElement;
  private readonly tail: HTMLDivElement;
  /** Source characters rendered as finished blocks, and the last CHECK of them. */
  private done = 0;
  private doneEnd = "";
  /** How the text before the tail was cut (the tail's first paragraph continues it). */
  private cont: Split | undefined;
  private tailText: string | undefined;

  constructor(private readonly md: MarkdownRenderer) {
    this.el = document.createElement("div");
    this.el.className = "msg-body markdown";
    this.tail = document.createElement("div");
    this.tail.className = "md-tail";
    this.el.appendChild(this.tail);
  }

  update(text: string): void {
    if (text.length < this.done || text.slice(Math.max(0, this.done - CHECK), this.done) !== this.doneEnd) this.reset();
    let rest = text.slice(this.done);
    const f = this.md.finished(rest);
    if (f.length > 0) {
      this.append(rest.slice(0, f.length), undefined);
      rest = rest.slice(f.length);
    }
    if (f.lastIsParagraph) {
      while (rest.length > CUT_AT) {
        const [at, split] = cutPoint(rest);
        this.append(rest.slice(0, at), split);
        rest = rest.slice(at);
      }
      if (manyLines(rest)) {
        const at = rest.lastIndexOf("\n") + 1;
        this.append(rest.slice(0, at), "split-line");
        rest = rest.slice(at);
      }
    }
    if (rest === this.tailText) return;
    this.tailText = rest;
    this.tail.replaceChildren(this.md.render(rest));
    this.mark(this.tail, this.cont, undefined);
    this.doneEnd = text.slice(Math.max(0, this.done - CHECK), this.done);
  }

  private append(source: string, split: Split | undefined): void {
    const frag = this.md.render(source);
    const box = document.createElement("div");
    box.className = "md-block";
    box.appendChild(frag);
    this.mark(box, this.cont, split);
    this.el.insertBefore(box, this.tail);
    this.done += source.length;
    this.cont = split;
    this.tailText = undefined;
  }

  /** Make a cut paragraph read as one: the piece before carries `split`, the one after `cont`. */
  private mark(box: HTMLElement, cont: Split | undefined, split: Split | undefined): void {
    const first = box.firstElementChild;
    if (cont && first?.tagName === "P") first.classList.add("cont", `cont-${cont}`);
    const last = box.lastElementChild;
    if (split && last?.tagName === "P") last.classList.add(split);
  }

  private reset(): void {
    this.el.replaceChildren(this.tail);
    this.done = 0;
    this.doneEnd = "";
    this.cont = undefined;
    this.tailText = undefined;
  }
}

/** More than LINES_AT line breaks (counting stops there). */
function manyLines(text: string): boolean {
  let n = 0;
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) if (++n > LINES_AT) return true;
  return false;
}

/** Where to cut a long paragraph: after its last line break, else after its last space, else at CUT_AT. */
function cutPoint(text: string): [number, Split] {
  const from = text.length - 1;
  const nl = text.lastIndexOf("\n", from);
  if (nl > 0) return [nl + 1, "split-line"];
  const sp = text.lastIndexOf(" ", from);
  if (sp > 0) return [sp + 1, "split-space"];
  let at = CUT_AT;
  const code = text.charCodeAt(at - 1);
  if (code >= 0xd800 && code <= 0xdbff) at--;
  return [at, "split-none"];
}

const bodies = new WeakMap<HTMLElement, MarkdownBody>();

/** The Markdown body kept with a message's element, brought up to `text`. */
export function markdownBody(owner: HTMLElement, text: string, md: MarkdownRenderer): HTMLElement {
  let body = bodies.get(owner);
  if (!body) {
    body = new MarkdownBody(md);
    bodies.set(owner, body);
  }
  body.update(text);
  return body.el;
}
