/** What the agent does with a message, decided by keywords (case-insensitive, English and Chinese). */

export type TurnKind = "image" | "video" | "edit" | "text";

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

export const TITLES = ["Paradise Found", "Urban Dreams", "Neon Nights", "Golden Hour", "Into the Wild", "Blue Horizon"];
export const TRACKS = ["Lo-fi", "Upbeat Pop", "Cinematic Strings", "Acoustic Morning", "Synthwave"];

export function isCjk(text: string): boolean {
  return /[\u3400-\u9fff]/.test(text);
}

export function classify(message: string): TurnKind {
  const edit = TITLE.test(message) || MUSIC.test(message) || TRANSITION.test(message);
  if (edit && EDIT_VERB.test(message)) return "edit";
  if (VIDEO.test(message)) return "video";
  if (IMAGE.test(message)) return "image";
  if (edit) return "edit";
  if (GENERATE.test(message)) return "image"; // an image generator: "generate a cat astronaut" is an image
  return "text";
}

/** The edits a message asks for; `pick` chooses defaults deterministically. */
export function editOps(message: string, pick: <T>(items: readonly T[]) => T): EditOps {
  const ops: EditOps = {};
  if (TITLE.test(message)) {
    const quoted = /["“'‘「]([^"”'’」]{1,60})["”'’」]/.exec(message);
    ops.title = quoted ? quoted[1] : pick(TITLES);
  }
  if (MUSIC.test(message)) {
    const pct = /(\d{1,3})\s*%/.exec(message);
    const named = TRACKS.find((t) => message.toLowerCase().includes(t.toLowerCase().split(" ")[0]));
    ops.music = { name: named ?? pick(TRACKS), volume: pct ? Math.min(100, Number(pct[1])) / 100 : 0.35 };
  }
  if (TRANSITION.test(message)) ops.transition = /dissolve|溶解/i.test(message) ? "dissolve" : /slide|滑/i.test(message) ? "slide" : "fade";
  return ops;
}

/** A short subject for the agent's sentences. */
export function subject(prompt: string): string {
  const cleaned = prompt
    .replace(/^\s*(please\s+)?(generate|create|make|draw|render|give me|show me)\s+(me\s+)?(an?\s+)?/i, "")
    .replace(/^\s*(image|photo|picture|video|clip)\s+(of\s+)?/i, "")
    .trim();
  return cleaned.length > 60 ? `${cleaned.slice(0, 57)}...` : cleaned || "your idea";
}

/** A title for generated media: the first words of the subject, capitalised. */
export function titleFrom(prompt: string, fallback: string): string {
  if (isCjk(prompt)) return fallback;
  const words = subject(prompt).replace(/[^A-Za-z0-9 ]/g, " ").split(/\s+/).filter((w) => w.length > 2).slice(0, 3);
  return words.length ? words.map((w) => w[0].toUpperCase() + w.slice(1).toLowerCase()).join(" ") : fallback;
}
