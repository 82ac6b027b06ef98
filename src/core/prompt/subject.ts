/**
 * The subject of a prompt, for names people read and file names: the English and Chinese framing
 * ("generate an image of", "请帮我生成一张", "…的图片") stripped. Browser-safe (the webview uses it
 * through media-name.ts): no Node imports.
 */
// "Generate an image of", "create a video showing", "draw me": the framing, not the subject.
const LEADING_FRAMING =
  /^(?:please\s+)?(?:(?:generate|create|make|draw|paint|render|produce|design|show)\s+(?:me\s+)?(?:(?:a|an|the|some|\d+)\s+)?(?:(?:photorealistic|realistic|short|new)\s+)?(?:image|picture|photo|illustration|drawing|painting|video|clip|animation)s?\s+(?:of|showing|with|that shows)\s+|(?:generate|create|make|draw|paint|render)\s+(?:me\s+)?)/iu;
// "a photorealistic image of", "an illustration showing": a medium named before the subject.
const MEDIUM_FRAMING =
  /^(?:(?:a|an|the|some|\d+)\s+)?(?:[\p{L}-]+\s+){0,2}?(?:image|picture|photo|illustration|drawing|painting|poster|wallpaper|video|clip|animation)s?\s+(?:of|showing|with|that shows)\s+/iu;
const LEADING_ARTICLE = /^(?:a|an|the)\s+/iu;
// "请帮我生成一张…", "给我画一幅…": the asking, the verb, then a measure word only after a verb
// ("一只在月光下的猫" keeps its 一只). A bare 画 opens nouns too ("画廊"): stripped only with the
// asking or a measure word; 生成式/生成器/制作的… are words, not framing.
const ZH_LEADING_FRAMING =
  /^(?<ask>(?:请|麻烦)?你?(?:帮我|给我|为我|替我|帮忙)?)(?<verb>生成|创作|制作|绘制|画)(?<measure>一张|一幅|一段|一个|一部)?(?![式器的者])\s*/u;
// "…的图片", "…视频", "…插画": the medium named after the subject (trailing punctuation first).
const ZH_TRAILING_FRAMING = /\s*的?(?:图片|照片|视频|插画|海报|动画)$/u;
const TRAILING_PUNCTUATION = /[\s\p{P}]+$/u;

/**
 * For a name people read: the subject when `text` is a framed prompt ("generate an image of a
 * paper lantern festival" → "paper lantern festival", "生成一张海边灯塔的图片" → "海边灯塔"); any
 * other text (a title: "The Blue Hour") as it is.
 */
export function readableSubject(text: string): string {
  const t = text.normalize("NFKC").trim();
  const framed = LEADING_FRAMING.test(t) || MEDIUM_FRAMING.test(t) || ZH_LEADING_FRAMING.test(t) || ZH_TRAILING_FRAMING.test(t.replace(TRAILING_PUNCTUATION, ""));
  return framed ? promptSubject(t) : text;
}

/** The subject of a prompt: the English and Chinese framing stripped; the text as is when nothing would be left. */
export function promptSubject(text: string): string {
  const whole = text.normalize("NFKC").trim();
  const english = whole.replace(LEADING_FRAMING, "").replace(MEDIUM_FRAMING, "").replace(LEADING_ARTICLE, "");
  const lead = ZH_LEADING_FRAMING.exec(english);
  const asked = lead?.groups && (lead.groups.verb !== "画" || lead.groups.ask || lead.groups.measure);
  const subject = (asked && lead ? english.slice(lead[0].length) : english).replace(TRAILING_PUNCTUATION, "").replace(ZH_TRAILING_FRAMING, "");
  return /[\p{L}\p{N}]/u.test(subject) ? subject : whole;
}

