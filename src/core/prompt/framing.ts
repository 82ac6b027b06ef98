/**
 * Framing a generation prompt. A bare description ("a red fox in snow") sent as typed is plain
 * chat to the agent and makes nothing; when the caller knows what it wants (`kind`) and the prompt
 * names no medium, it is sent as "Generate an image of …" / "Generate a video of …". A prompt
 * that already names a medium (English or Chinese), or is an edit instruction, goes as typed.
 * The word lists live here only.
 */

export type MediaKind = "image" | "video";

/** Words naming a still image (English on word boundaries, singular or plural; Chinese as substrings). */
const IMAGE_WORDS =
  /\b(?:image|photo|photograph|picture|pic|illustration|drawing|poster|wallpaper|png|jpe?g)s?\b|图片|照片|图像|插画|插图|海报|壁纸/i;

/** Words naming a moving picture. */
const VIDEO_WORDS = /\b(?:video|clip|mp4|movie|animation|footage)s?\b|视频|短片|影片|动画|短视频/i;

/**
 * An instruction to change the timeline ("add a title 'Urban Dreams'", "把音乐调小") is already a
 * request the agent acts on: framing it as "Generate an image of add a title…" would spend credits
 * on the wrong thing. Imperative edit verbs at the start, English or Chinese.
 */
const EDIT_START =
  /^(?:please\s+)?(?:add|insert|put|remove|delete|replace|change|set|move|trim|cut|crop|shorten|extend|mute|fade|apply|swap|rename|adjust|lower|raise|increase|decrease|undo)\b|^(?:请)?(?:添加|加上|加入|插入|删除|去掉|移除|替换|修改|更改|调整|设置|把|将|剪|裁|缩短|延长|静音|撤销)/i;

/** Whether the prompt is an edit instruction rather than a description to generate from. */
export function isEditInstruction(prompt: string): boolean {
  return EDIT_START.test(prompt.trim());
}

/** The medium a prompt names, if any; video wins when both are named ("turn this photo into a video"). */
export function namedMedium(prompt: string): MediaKind | undefined {
  if (VIDEO_WORDS.test(prompt)) return "video";
  if (IMAGE_WORDS.test(prompt)) return "image";
  return undefined;
}

/**
 * The text to send for a generation request. Without `kind` the prompt is returned exactly as
 * typed; with `kind`, a prompt naming a medium or starting with an edit verb is returned trimmed,
 * any other is prefixed with
 * the request for `kind` (the user's wording kept).
 */
export function framePrompt(prompt: string, kind?: MediaKind): string {
  if (!kind) return prompt;
  const p = prompt.trim();
  if (p === "" || namedMedium(p) !== undefined || isEditInstruction(p)) return p;
  return kind === "image" ? `Generate an image of ${p}` : `Generate a video of ${p}`;
}
