/** The scripted agent: what a turn does to the session (state, credits, media) and what it says. */
import type { User } from "./auth";
import { classify, editOps, imageEditOf, isCjk, shapeOf, sizeFor, subject, titleFrom, TITLES, type EditOps, type TurnKind } from "./classify";
import { fixtures } from "./media";
import { makePng, makeWav } from "./png";
import { addTitle, addVisual, clone, setMusic, setTransitions, TRACK, type Session } from "./sessions";
import { TurnWriter, XSS_PAYLOADS, type TurnIO } from "./turn";
import { turnCost } from "./schedule";
import type { World } from "./world";

export interface TurnFlags {
  forceSilent: boolean;
  xss: boolean;
}

/** Credits a turn of this kind costs: the product's own quote (schedule.ts). */
export function costOf(kind: TurnKind): number {
  return turnCost(kind);
}

export { classify };

interface Ctx {
  world: World;
  session: Session;
  user: User;
  w: TurnWriter;
  zh: boolean;
  message: string;
}

const say = (c: Ctx, en: string, zh: string): Promise<void> => c.w.say(c.zh ? zh : en);

function delta(c: Ctx, keys: ("draft" | "generated_media" | "video_infos")[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = clone(c.session.state[k]);
  return out;
}

/** Generated media entries vary their field names, as a real backend's history would. */
function mediaEntry(c: Ctx, name: string, kind: "image" | "video", mime: string, extra: Record<string, unknown>): Record<string, unknown> {
  const n = c.session.state.generated_media.length;
  const url = c.world.mediaUrl(name);
  const id = `med_${c.session.rng.id(10)}`;
  const entry =
    n % 2 === 0
      ? { id, url, kind, mime, name, ...extra }
      : { media_id: id, file_url: url, media_type: mime, file_name: name, ...extra };
  c.session.state.generated_media.push({ ...entry, created_at: new Date().toISOString() });
  return entry;
}

/** `cost` credits frozen while the work runs, then charged (when cancelled, simply gone: a sim does not refund). */
async function withCredits(c: Ctx, cost: number, run: () => Promise<void>): Promise<void> {
  c.user.available -= cost;
  c.user.frozen += cost;
  try {
    await run();
  } finally {
    c.user.frozen -= cost; // charged (or, when cancelled, simply gone: a sim does not refund)
  }
}

/** Sim ms of one piece of agent work of `kind` (published durations), recorded in the schedule. */
function planned(c: Ctx, kind: "generation" | "text", what: string): number {
  return c.world.schedule.draw(kind, c.session.rng, what, c.session.id);
}

/** A title stage; `workMs` given by an edit turn (its share of 10-30 s), else a short follow-up of a generation. */
async function addTitleStage(c: Ctx, title: string, workMs?: number): Promise<void> {
  await c.w.tool("add_text", { text: title, start_ms: 0, duration_ms: 3000, style: "bold" }, workMs ?? c.session.rng.int(2000, 3000), () => {
    addTitle(c.session.state.draft, c.session.rng, title);
    return { response: { status: "success", text: title }, stateDelta: delta(c, ["draft"]) };
  });
}

async function imageTurn(c: Ctx): Promise<void> {
  const rng = c.session.rng;
  // The client's framing asks for a ratio, a style and a number of variations in words; honour them.
  const { ask, rest } = shapeOf(c.message);
  const what = subject(rest);
  const { width, height } = sizeFor(ask, 960);
  await say(c, `Great idea! I'll create ${ask.count > 1 ? `${ask.count} variations of` : "an image of"} ${what}. `, `好的！我来为你生成${ask.count > 1 ? `${ask.count}张` : "一张"}“${what}”的图片。`);
  if (ask.ratio) c.session.state.canvas_config = { ...c.session.state.canvas_config, ...sizeFor(ask, 1920), ratio: ask.ratio };
  await withCredits(c, turnCost("image") * ask.count, async () => {
    await c.w.tool("generate_image", { prompt: rest, aspect_ratio: ask.ratio ?? "16:9", style: ask.style, n: ask.count }, planned(c, "generation", "generate_image"), () => {
      const made: Record<string, unknown>[] = [];
      const custom = c.world.imageBytes; // chosen bytes (issue 18's sniffing tests), served at an extensionless URL
      for (let i = 0; i < ask.count; i++) {
        const name = custom ? `img_${rng.id(10)}` : `img_${rng.id(10)}.png`;
        const mime = custom?.mime ?? "image/png";
        const caption = [what, ask.style, ask.count > 1 ? `#${i + 1}` : undefined].filter(Boolean).join(" · ");
        c.world.media.put(name, custom?.data ?? makePng(width, height, i === 0 ? c.message : `${c.message}#${i}`, caption, c.message), mime);
        made.push(mediaEntry(c, name, "image", mime, { width, height, prompt: c.message }));
        addVisual(c.session.state.draft, rng, 5000, { name: what, source_url: c.world.mediaUrl(name), type: "image", width, height });
      }
      return { response: { status: "success", media: made.length === 1 ? made[0] : made }, stateDelta: delta(c, ["generated_media", "draft"]) };
    });
  });
  await say(c, "The image is ready and placed on your timeline. ", "图片已生成并放到时间线上。");
  // A title the person asked for; else one from the prompt, but only when the timeline has none yet
  // (a second image never replaces the title the person already has).
  const asked = editOps(c.message, (items) => rng.pick(items));
  const title = asked.title ?? (hasTitle(c.session) ? undefined : titleFrom(c.message, rng.pick(TITLES)));
  if (title !== undefined) {
    await addTitleStage(c, title);
    await say(c, `I also added the title "${title}" (0-3s). `, `我还添加了标题“${title}”（0-3秒）。`);
  }
  if (asked.music) await musicStage(c, asked.music);
  await say(c, "Click the Export button to download your video.", "点击导出按钮即可下载视频。");
}

/**
 * An edit of an uploaded image: a new PNG of the upload's pixel size (960×540 when the upload did
 * not say) whose colours and caption come from the instruction, so it differs from the original in
 * its pixels and in its `Description` (the whole message); an image in `generated_media`, nothing
 * on the timeline. Without such an upload in the session the agent says so and makes nothing.
 */
async function imageEditTurn(c: Ctx): Promise<void> {
  const rng = c.session.rng;
  const ask = imageEditOf(c.message);
  const uploads = c.session.state.video_infos.filter((v) => /^image\//.test(String(v.media_type ?? "")) || /\.(png|jpe?g|webp|gif)$/i.test(String(v.file_name ?? "")));
  const upload = [...uploads].reverse().find((v) => !ask?.fileName || v.file_name === ask.fileName);
  if (!ask || !upload) {
    await c.w.idle(planned(c, "text", "think"));
    await say(c, "I can't find that image in this session. Upload it first, then tell me what to change. ", "我在这个会话里找不到那张图片。请先上传，再告诉我要改什么。");
    return;
  }
  const width = typeof upload.width === "number" && upload.width > 0 ? Math.min(upload.width, 4096) : 960;
  const height = typeof upload.height === "number" && upload.height > 0 ? Math.min(upload.height, 4096) : 540;
  const source = String(upload.file_name ?? "image");
  await say(c, `Editing ${source}: ${ask.instruction}. `, `正在编辑 ${source}：${ask.instruction}。`);
  await withCredits(c, turnCost("image-edit"), async () => {
    await c.w.tool("edit_image", { source, instruction: ask.instruction }, planned(c, "generation", "edit_image"), () => {
      const name = `img_${rng.id(10)}.png`;
      c.world.media.put(name, makePng(width, height, `edit:${ask.instruction}`, `edited: ${ask.instruction.length > 60 ? `${ask.instruction.slice(0, 57)}…` : ask.instruction}`, c.message), "image/png");
      const entry = mediaEntry(c, name, "image", "image/png", { width, height, prompt: ask.instruction, source });
      return { response: { status: "success", media: entry }, stateDelta: delta(c, ["generated_media"]) };
    });
  });
  await say(c, "Here is the edited image.", "这是编辑后的图片。");
}

function hasTitle(session: Session): boolean {
  return session.state.draft.t.some((t) => t.tt === TRACK.text && t.sg.length > 0);
}

async function videoTurn(c: Ctx): Promise<void> {
  const rng = c.session.rng;
  await say(c, `Sure! Generating a video clip of ${subject(c.message)}. This may take a moment. `, `好的！正在生成“${subject(c.message)}”的视频片段，请稍候。`);
  await withCredits(c, turnCost("video"), async () => {
    await c.w.tool("generate_video", { prompt: c.message, duration: 5, resolution: "1080p" }, planned(c, "generation", "generate_video"), () => {
      const name = `clip_${rng.id(10)}.mp4`;
      c.world.media.put(name, fixtures().mp4, "video/mp4");
      const entry = mediaEntry(c, name, "video", "video/mp4", { duration_ms: 2000, prompt: c.message });
      addVisual(c.session.state.draft, rng, 5000, { name: subject(c.message), source_url: c.world.mediaUrl(name), type: "video", volume: 1 });
      return { response: { status: "success", media: entry }, stateDelta: delta(c, ["generated_media", "draft"]) };
    });
  });
  await say(c, "Your clip is on the timeline. ", "视频片段已经在时间线上了。");
  // Only what the prompt asks for: "… with the title 'Summer' and lo-fi music".
  const asked = editOps(c.message, (items) => rng.pick(items));
  if (asked.title !== undefined) {
    await addTitleStage(c, asked.title);
    await say(c, `I added the title "${asked.title}" (0-3s). `, `我添加了标题“${asked.title}”（0-3秒）。`);
  }
  if (asked.music) await musicStage(c, asked.music);
  await say(c, "You can preview it in the timeline, then click Export to download the MP4.", "你可以在时间线中预览，然后点击导出下载 MP4。");
}

async function musicStage(c: Ctx, music: NonNullable<EditOps["music"]>, workMs?: number): Promise<void> {
  const rng = c.session.rng;
  await c.w.tool("add_bgm", { track: music.name, volume: music.volume }, workMs ?? rng.int(2000, 4000), () => {
    const name = `bgm_${rng.id(8)}.wav`;
    c.world.media.put(name, makeWav(1, 220 + rng.int(0, 440)), "audio/wav");
    setMusic(c.session.state.draft, rng, music.name, c.world.mediaUrl(name), music.volume);
    return { response: { status: "success", track: music.name }, stateDelta: delta(c, ["draft"]) };
  });
  await say(c, `Added background music "${music.name}" at ${Math.round(music.volume * 100)}% volume. `, `已添加背景音乐“${music.name}”，音量 ${Math.round(music.volume * 100)}%。`);
}

async function editTurn(c: Ctx): Promise<void> {
  await withCredits(c, turnCost("edit"), () => editWork(c));
}

/** An edit turn: its tools together take 10-30 s (published), shared out in the schedule. */
async function editWork(c: Ctx): Promise<void> {
  const rng = c.session.rng;
  const ops = editOps(c.message, (items) => rng.pick(items));
  const tools = [ops.title !== undefined ? "add_text" : "", ops.music ? "add_bgm" : "", ops.transition ? "add_transition" : ""].filter(Boolean);
  const shares = c.world.schedule.split("edit", rng, tools.length ? tools : ["think"], c.session.id);
  const work = (tool: string): number => shares[tools.indexOf(tool)] ?? 0;
  await say(c, "On it! ", "马上处理！");
  if (!tools.length) await c.w.idle(shares[0]);
  if (ops.title !== undefined) {
    await addTitleStage(c, ops.title, work("add_text"));
    await say(c, `The title "${ops.title}" now shows at 0-3s. `, `标题“${ops.title}”已加在 0-3 秒。`);
  }
  if (ops.music) await musicStage(c, ops.music, work("add_bgm"));
  if (ops.transition) {
    const kind = ops.transition;
    let count = 0;
    await c.w.tool("add_transition", { type: kind, duration_ms: 500 }, work("add_transition"), () => {
      count = setTransitions(c.session.state.draft, kind);
      return { response: { status: "success", applied: count }, stateDelta: delta(c, ["draft"]) };
    });
    await say(c, count ? `Added ${kind} transitions between ${count + 1} clips. ` : "There is only one clip, so there is nothing to transition between yet. ", count ? `已在片段之间添加${kind}转场。` : "目前只有一个片段，暂时无法添加转场。");
  }
  await say(c, "Open the timeline panel to review the changes.", "打开时间线面板查看修改。");
}

async function textTurn(c: Ctx): Promise<void> {
  const rng = c.session.rng;
  await c.w.idle(planned(c, "text", "think"));
  const uploads = c.session.state.video_infos.map((v) => String(v.file_name ?? v.url ?? "")).filter(Boolean);
  if (uploads.length) await say(c, `I can see your uploads: ${uploads.slice(0, 3).join(", ")}. `, `我看到了你上传的素材：${uploads.slice(0, 3).join("、")}。`);
  await say(
    c,
    rng.pick([
      "I can generate images and short videos from a prompt, add titles and background music, and export an MP4. ",
      "Tell me what you'd like to see: describe an image or a clip and I'll make it. ",
      "Happy to help! Try something like: generate an image of a lighthouse at dusk. ",
    ]),
    "我可以根据描述生成图片和短视频，添加标题和背景音乐，并导出 MP4。",
  );
  if (rng.chance(0.4)) await say(c, "You can open the timeline panel to see your tracks.", "你可以打开时间线面板查看轨道。");
}

const SCRIPTS: Record<TurnKind, (c: Ctx) => Promise<void>> = { image: imageTurn, video: videoTurn, edit: editTurn, "image-edit": imageEditTurn, text: textTurn };

/** Run one turn to its end (it keeps running when the client's stream is gone, like the real agent). */
export async function runTurn(world: World, session: Session, user: User, message: string, kind: TurnKind, io: TurnIO, flags: TurnFlags): Promise<void> {
  const rng = session.rng;
  session.turns += 1;
  const silent = !flags.xss && (flags.forceSilent || (kind === "edit" && rng.chance(world.settings.silentCloseRate)));
  const w = new TurnWriter(io, rng, silent);
  const c: Ctx = { world, session, user, w, zh: isCjk(message) || (session.language.startsWith("zh") && !/[a-z]{4}/i.test(message)), message };
  if (flags.xss) await w.say(`Here you go: ${XSS_PAYLOADS.join(" ")} `);
  await SCRIPTS[kind](c);
  w.finish(!silent && rng.chance(world.settings.trailingIssueRate));
}
