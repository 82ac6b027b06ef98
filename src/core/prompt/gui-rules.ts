/**
 * The GUI rules. The agent believes a GUI exists ("click Export", "open the panel", "drag the
 * clip"): a sentence that matches a rule is GUI talk, stripped, with what the client should do
 * instead (GuiAction). Also the trigger words: a word that can start GUI talk, so a streaming
 * reader knows when to hold a sentence back (src/core/prompt/gui-stream.ts).
 */
import type { GuiAction } from "../types";

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

/**
 * Stems of the words (ASCII letters and digits) that can start or carry GUI talk: every rule
 * above matches only in a sentence holding a word that starts with one of them ("clicking",
 * "Exported", "timeline"; "time" too, for "time line").
 */
const TRIGGER_STEMS = ["click", "tap", "press", "export", "download", "check", "account", "billing", "preview", "time", "open", "drag", "drop", "button"];
/** A word longer than this is decided (no stem is longer). */
export const LONGEST_STEM = Math.max(...TRIGGER_STEMS.map((s) => s.length));

/**
 * What the start of a word says: "trigger" (it starts with a stem, whatever follows), "maybe"
 * (it is the start of a stem: wait for the next character), "no" (it can never be a trigger).
 */
export function triggerPrefix(wordStart: string): "trigger" | "maybe" | "no" {
  const w = wordStart.toLowerCase();
  let maybe = false;
  for (const s of TRIGGER_STEMS) {
    if (w.startsWith(s)) return "trigger";
    if (s.startsWith(w)) maybe = true;
  }
  return maybe ? "maybe" : "no";
}

/** Chinese words that start GUI talk (the Chinese alternatives of the rules above). */
export const CJK_TRIGGERS: readonly string[] = [
  "点击", "单击", "点一下", "导出", "查看", "预览", "时间线", "时间轴", "打开", "拖拽", "拖动", "拖放", "按钮",
];
