/** What the agent does with a message, decided by keywords (case-insensitive, English and Chinese). */

export type TurnKind = "image" | "video" | "edit" | "image-edit" | "text";

export interface EditOps {
  title?: string;
  music?: { name: string; volume: number };
  transition?: string;
}

const IMAGE = /\b(image|images|photo|photos|picture|pictures|pic|illustration|drawing|poster|wallpaper|png|jpg)\b|图片|照片|图像|插画|海报|画一/i;
const VIDEO = /\b(video|videos|clip|clips|mp4|movie|footage|animation|animate)\b|视频|短片|影片|动画/i;
const TITLE = /\b(title|titles|text|caption|captions|subtitle|subtitles|headline)\b|标题|文字|字幕/i;
const MUSIC = /\b(music|bgm|song|soundtrack|audio)\b|音乐|配乐|背景音乐/i;
const TRANSITION = /\b(transition|transitions|fade|dissolve)\b|转场|过渡/i;
const GENERATE = /\b(generate|create|draw|paint|render|design|imagine)\b|生成|画|创作/i;
const EDIT_VERB = /^\s*(please\s+)?(add|change|set|put|replace|remove|make the|use|insert|apply)\b|^\s*(请)?(添加|加上|加|修改|更换|换|设置|插入)/i;

/** A short description that asks nothing ("a red fox in snow", "watercolor lighthouse at dusk"): a prompt. */
const BARE_SUBJECT = /^[^?？]{2,200}$/;
/** A question, a greeting or small talk: the agent answers in words. */
const TALK = /^\s*(?:what|how|why|who|when|where|which|can|could|would|do|does|is|are|help|describe|explain|tell|hi|hello|hey|thanks|thank|ok|okay|你好|您好|谢谢|请问|怎么|什么|为什么|如何)\b|^\s*(?:你好|您好|谢谢|请问|怎么|什么|为什么|如何)/i;

export const TITLES = ["Paradise Found", "Urban Dreams", "Neon Nights", "Golden Hour", "Into the Wild", "Blue Horizon"];
export const TRACKS = ["Lo-fi", "Upbeat Pop", "Cinematic Strings", "Acoustic Morning", "Synthwave"];

export function isCjk(text: string): boolean {
  return /[\u3400-\u9fff]/.test(text);
}

/**
 * An edit of an uploaded image, in the client's words (src/core/edit/framing.ts `editMessage`):
 * `Edit the uploaded image "harbour.png": make the sky pink. Return …`; also "edit the uploaded
 * photo harbour.png: …" and 编辑上传的图片. The file's name and the instruction, or undefined.
 */
export function imageEditOf(message: string): { fileName?: string; instruction: string } | undefined {
  const m = /^\s*(?:please\s+)?edit\s+(?:the\s+|my\s+)?uploaded\s+(?:image|photo|picture)\s*(?:"([^"]{1,260})"|(\S+))?\s*:\s*([\s\S]+)$/i.exec(message);
  const zh = m ? undefined : /^\s*(?:请)?编辑(?:我)?上传的(?:图片|照片)\s*(?:[「“"]([^」”"]{1,260})[」”"])?\s*[：:]\s*([\s\S]+)$/.exec(message);
  if (!m && !zh) return undefined;
  const rest = (m ? m[3] : zh![2]).trim();
  // The instruction: up to the client's closing request ("Return the edited picture …").
  const instruction = rest.split(/\.\s+Return the edited\b|。\s*返回/i)[0].trim().replace(/[.。]$/, "");
  return instruction ? { fileName: m ? (m[1] ?? m[2]) : zh![1], instruction } : undefined;
}

export function classify(raw: string): TurnKind {
  if (imageEditOf(raw)) return "image-edit";
  // The client's shape sentences ("Aspect ratio: 9:16 (…). Style: …") say how, not what.
  const message = shapeOf(raw).rest || raw;
  const edit = TITLE.test(message) || MUSIC.test(message) || TRANSITION.test(message);
  if (edit && EDIT_VERB.test(message)) return "edit";
  if (VIDEO.test(message)) return "video";
  if (IMAGE.test(message)) return "image";
  if (edit) return "edit";
  if (GENERATE.test(message)) return "image"; // an image generator: "generate a cat astronaut" is an image
  if (BARE_SUBJECT.test(message) && !TALK.test(message) && message.trim().split(/\s+/).length <= 30) return "image"; // "watercolor lighthouse at dusk": a prompt, not a question
  return "text";
}

/** The edits a message asks for; `pick` chooses defaults deterministically. */
export function editOps(message: string, pick: <T>(items: readonly T[]) => T): EditOps {
  const ops: EditOps = {};
  if (TITLE.test(message)) ops.title = titleText(message) ?? pick(TITLES);
  if (MUSIC.test(message)) {
    const pct = /(\d{1,3})\s*%/.exec(message);
    const named = TRACKS.find((t) => message.toLowerCase().includes(t.toLowerCase().split(" ")[0]));
    ops.music = { name: named ?? pick(TRACKS), volume: pct ? Math.min(100, Number(pct[1])) / 100 : 0.35 };
  }
  if (TRANSITION.test(message)) ops.transition = /dissolve|溶解/i.test(message) ? "dissolve" : /slide|滑/i.test(message) ? "slide" : "fade";
  return ops;
}

/**
 * The words a title should show: quoted ("add the title 'Urban Dreams'"), or after "says",
 * "reading", "called" ("add a title that says Urban Dreams"), or capitalised words right after
 * "title" ("add the title Urban Dreams"); Chinese after 标题/字幕 (为/是/叫/：). Undefined when none.
 */
export function titleText(message: string): string | undefined {
  const quoted = /["“'‘「『]([^"”'’」』]{1,60})["”'’」』]/.exec(message);
  if (quoted) return quoted[1].trim();
  const clean = (s: string): string | undefined => {
    const t = s.split(/[.!?。！？,，;；\n]| (?:at|from|for|in|on) (?:the )?(?:start|beginning|end|top|bottom|\d)/i)[0].trim();
    return t && t.length <= 60 ? t : undefined;
  };
  const said = /\b(?:title|caption|text|headline|subtitle)s?\b.*?\b(?:that\s+says|saying|says|that\s+reads|reading|reads|called|named|with\s+the\s+words)\s*:?\s+(.+)$/i.exec(message);
  if (said) return clean(said[1]);
  const named = /\b(?:title|caption|headline)\s*:?\s+((?:[A-Z0-9][\w'’-]*)(?:\s+[A-Z0-9][\w'’-]*)*)/.exec(message);
  if (named) return clean(named[1]);
  const zh = /(?:标题|字幕|文字)(?:为|是|叫|写着|：|:)\s*([^，。！？,.!?]{1,30})/.exec(message);
  return zh ? zh[1].trim() : undefined;
}

/**
 * A short subject for the agent's sentences: the prompt without its framing ("create a
 * photorealistic image of a city at night" → "a city at night").
 */
export function subject(prompt: string): string {
  if (isCjk(prompt)) return subjectZh(prompt);
  let s = prompt.trim().replace(/[.!?。！？]+$/, "");
  s = s.replace(/^(?:please\s+)?(?:can you\s+)?(?:generate|create|make|draw|render|paint|design|produce|give me|show me)\s+(?:me\s+)?/i, "");
  const framed =
    /^(?:(?:an?|the|some|one|\d+)\s+)?(?:[\w-]+\s+){0,3}?(?:image|photo|picture|illustration|drawing|poster|wallpaper|video|clip|animation|movie|footage)s?\s+(?:of|showing|with|about)\s+(.+)$/i.exec(s);
  if (framed) s = framed[1];
  s = s.trim();
  return s.length > 60 ? `${s.slice(0, 57).replace(/[\s.,;:!?]+$/, "")}…` : s || "your idea";
}

/**
 * The subject of a Chinese prompt: without the asking ("请帮我生成一张"), the kind of media
 * ("的图片", "视频") and anything after a comma ("，配上背景音乐"). "生成一张海边灯塔的图片" → "海边灯塔".
 */
function subjectZh(prompt: string): string {
  let s = prompt.trim().split(/[，,。；;！!？?]/)[0];
  // A measure word only as a pair ("一张"): "一只在竹林里喝茶的熊猫" keeps its 一只.
  s = s.replace(/^(?:请|麻烦)?(?:帮我|给我|为我)?(?:生成|画|创作|制作|做|来)?(?:[一两几](?:张|幅|段|个|部|条))?/, "");
  s = s.replace(/(?:的)?(?:图片|照片|图像|插画|海报|视频|短片|影片|动画)$/, "").trim();
  return s.length > 20 ? `${s.slice(0, 19)}…` : s || "你的创意";
}

const SMALL_WORDS = /^(?:a|an|the|at|in|on|of|and|or|with|for|to|by)$/i;

/** A title for generated media: the first words of the subject, capitalised; for Chinese, the subject itself (up to 8 characters). */
export function titleFrom(prompt: string, fallback: string): string {
  if (isCjk(prompt)) {
    const s = subjectZh(prompt);
    return s === "你的创意" ? fallback : s.slice(0, 8);
  }
  // Title case of the subject's first words: "a watercolor lighthouse at dusk" → "Watercolor Lighthouse at Dusk".
  const words = subject(prompt).replace(/[^A-Za-z0-9 ]/g, " ").split(/\s+/).filter(Boolean);
  while (words.length && /^(?:a|an|the)$/i.test(words[0])) words.shift();
  const picked = words.slice(0, 5);
  while (picked.length > 1 && SMALL_WORDS.test(picked[picked.length - 1])) picked.pop();
  const cased = picked.map((w, i) => (i > 0 && SMALL_WORDS.test(w) ? w.toLowerCase() : w[0].toUpperCase() + w.slice(1).toLowerCase()));
  return cased.length ? cased.join(" ") : fallback;
}

/** What a message asks about the result's shape, in the words the client's framing uses (src/core/shape/framing.ts). */
export interface ShapeAsk {
  /** "9:16" */
  ratio?: string;
  w?: number;
  h?: number;
  style?: string;
  /** 1–4 images. */
  count: number;
}

const RATIO_ASK = /aspect ratio:?\s*(\d{1,2})\s*[:x]\s*(\d{1,2})/i;
const STYLE_ASK = /\bstyle:\s*([^.(]{1,60}?)\s*(?:\(|\.|$)/i;
const COUNT_ASK = /\bmake\s+([2-4])\s+variations\b/i;
const SHAPE_SENTENCES = /\s*(?:aspect ratio:[^.]*\.|style:[^.]*\.|make\s+[2-9]\s+variations\.)/gi;

/** The shape asked for (ratio, style, variations) and the message without those sentences. */
export function shapeOf(message: string): { ask: ShapeAsk; rest: string } {
  const r = RATIO_ASK.exec(message);
  const w = r ? Number(r[1]) : undefined;
  const h = r ? Number(r[2]) : undefined;
  const ask: ShapeAsk = { count: Number(COUNT_ASK.exec(message)?.[1] ?? 1) };
  if (w && h) Object.assign(ask, { ratio: `${w}:${h}`, w, h });
  const style = STYLE_ASK.exec(message)?.[1]?.trim();
  if (style) ask.style = style;
  return { ask, rest: message.replace(SHAPE_SENTENCES, "").trim().replace(/\.$/, "") };
}

/** Pixel size for a ratio with the given long side (short side even); 16:9 when none was asked. */
export function sizeFor(ask: ShapeAsk, longSide: number): { width: number; height: number } {
  const w = ask.w ?? 16;
  const h = ask.h ?? 9;
  const short = (s: number): number => Math.max(2, Math.round((longSide * s) / Math.max(w, h) / 2) * 2);
  return w >= h ? { width: longSide, height: short(h) } : { width: short(w), height: longSide };
}
