/**
 * The agent believes a GUI exists ("click Export", "open the panel", "drag the clip"). This keeps
 * the content, strips the GUI instructions sentence by sentence and returns what the client should
 * do instead (GuiAction). Works on streaming text through SentenceBuffer.
 */
import type { GuiAction } from "./types";

export interface GuiResult {
  text: string;
  actions: GuiAction[];
}

interface Rule {
  pattern: RegExp;
  /** The action, or a function that picks it from the sentence (the button that is clicked). */
  action: GuiAction | ((sentence: string) => GuiAction | undefined) | undefined;
}

const EXPORT_WORDS = /export|download|render|导出|下载|渲染/i;
const CREDIT_WORDS = /credit|billing|balance|top[- ]?up|recharge|subscri|account|积分|余额|充值|账户|账号|计费/i;
const TRACK_WORDS = /timeline|tracks?\b|preview|时间线|时间轴|轨道|预览/i;
const STATE_WORDS = /panel|project|status|state|面板|项目|状态/i;

/** Which API action a clicked button stands for. */
export function buttonAction(sentence: string): GuiAction | undefined {
  if (EXPORT_WORDS.test(sentence)) return "export";
  if (CREDIT_WORDS.test(sentence)) return "credits";
  if (TRACK_WORDS.test(sentence)) return "show-tracks";
  if (STATE_WORDS.test(sentence)) return "show-state";
  return undefined;
}

const PANEL_NOUNS =
  "panel|tab|sidebar|side bar|menu|editor|timeline|settings|project|workspace|dialog|window|page|library|inspector|properties";

const RULES: readonly Rule[] = [
  // "click [button]", "tap on ...", "press the X button", 点击 / 单击
  // (not the label of a markdown link: "[click me](...)" is content)
  { pattern: /(?<!\[)\b(?:click|tap)(?:s|ing)?\b|\bpress\s+(?:the\s+)?\S+(?:\s+\S+)?\s+button\b|点击|单击|点一下/i, action: buttonAction },
  // "the Export button", 导出按钮, 导出
  { pattern: /\b(?:export|download)\s+button\b|导出/i, action: "export" },
  // "check your account / billing"
  {
    pattern: /\bcheck\s+(?:your\s+|the\s+)?(?:account|billing|balance|credits?)\b|\b(?:account|billing)\s+(?:page|settings|section|tab)\b|查看(?:账户|账号|余额|积分)/i,
    action: "credits",
  },
  // "preview it in the timeline", 在时间线中预览
  { pattern: /\bpreview\b.*\btime ?line\b|\btime ?line\b.*\bpreview\b|(?:时间线|时间轴).*预览|预览.*(?:时间线|时间轴)/i, action: "show-tracks" },
  // "open the layers panel", 打开
  { pattern: new RegExp(`\\bopen\\s+(?:the\\s+|your\\s+|a\\s+)?(?:[\\w-]+\\s+){0,2}(?:${PANEL_NOUNS})\\b|打开`, "i"), action: "show-state" },
  // "drag and drop", "drag the clip onto the track", 拖拽: the client sends edits as messages
  { pattern: /\bdrag(?:s|ging|ged)?\b|\bdrop\s+(?:it|them|the\s+\S+)\s+(?:in|into|onto|on)\b|拖拽|拖动|拖放/i, action: undefined },
];

/** One sentence: either kept as is, or stripped with the actions it implies. */
export function translateSentence(sentence: string): GuiResult {
  const actions: GuiAction[] = [];
  let gui = false;
  for (const rule of RULES) {
    if (!rule.pattern.test(sentence)) continue;
    gui = true;
    const a = typeof rule.action === "function" ? rule.action(sentence) : rule.action;
    if (a && !actions.includes(a)) actions.push(a);
  }
  return { text: gui ? "" : sentence, actions };
}

const HARD_ENDS = "。！？\n";
const SOFT_ENDS = ".!?";
/** An incomplete sentence longer than this is let through at its last space (about a line). */
const MAX_HOLD = 200;

/**
 * Splits streaming text into sentences. `push` returns the sentences completed so far (each ends
 * with its punctuation; the whitespace after it starts the next one, so a stripped sentence takes
 * its leading space along); the incomplete rest is held, but never more than about a line.
 */
export class SentenceBuffer {
  private buf = "";
  private scanFrom = 0;

  push(delta: string): string[] {
    this.buf += delta;
    const out: string[] = [];
    let start = 0;
    const b = this.buf;
    for (let i = this.scanFrom; i < b.length; i++) {
      const c = b[i];
      let end = -1;
      if (HARD_ENDS.includes(c)) end = i + 1;
      else if (SOFT_ENDS.includes(c) && i + 1 < b.length && /\s/.test(b[i + 1]) && !/^\s*\d+$/.test(b.slice(start, i))) end = i + 1;
      if (end < 0) continue;
      out.push(b.slice(start, end));
      start = end;
    }
    let rest = b.slice(start);
    if (rest.length > MAX_HOLD) {
      const cut = rest.lastIndexOf(" ");
      const at = cut > 0 ? cut : rest.length;
      out.push(rest.slice(0, at));
      rest = rest.slice(at);
    }
    this.buf = rest;
    this.scanFrom = rest.length;
    // A soft end at the very end may still become a boundary once the next character arrives.
    if (rest.length > 0 && SOFT_ENDS.includes(rest[rest.length - 1])) this.scanFrom = rest.length - 1;
    return out;
  }

  /** Everything still held (end of a response or of the stream). */
  flush(): string {
    const rest = this.buf;
    this.buf = "";
    this.scanFrom = 0;
    return rest;
  }
}

/** Streaming translator: push agent text, get translated text and actions. */
export class GuiTranslator {
  private readonly sentences = new SentenceBuffer();
  private started = false;

  push(delta: string): GuiResult {
    return this.lead(merge(this.sentences.push(delta).map(translateSentence)));
  }

  end(): GuiResult {
    const rest = this.sentences.flush();
    return this.lead(rest ? translateSentence(rest) : { text: "", actions: [] });
  }

  /** No leading whitespace before the first visible text (left over from a stripped sentence). */
  private lead(r: GuiResult): GuiResult {
    if (this.started) return r;
    const text = r.text.trimStart();
    this.started = text.length > 0;
    return { text, actions: r.actions };
  }
}

function merge(results: GuiResult[]): GuiResult {
  let text = "";
  const actions: GuiAction[] = [];
  for (const r of results) {
    text += r.text;
    for (const a of r.actions) if (!actions.includes(a)) actions.push(a);
  }
  return { text, actions };
}

/** Whole text at once. */
export function translateGuiText(text: string): GuiResult {
  const t = new GuiTranslator();
  return merge([t.push(text), t.end()]);
}
