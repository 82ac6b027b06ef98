// The one name people read for a generated item (core/media/media-name.ts): title, else the prompt it
// was made from, else "Generated image · 14:05" — never the backend's random id or a bare URL.
import { strict as assert } from "node:assert";
import { GENERATED_WORD, mediaDisplayName, mediaTitle } from "../../src/core/media";
import { diffStates, parseState } from "../../src/core/state";
import type { GeneratedMedia } from "../../src/core/types";
import { historyToMarkdown, newMessage } from "../../src/shared/chat-model";
import { generatedWord, makeTranslator } from "../../src/shared/strings";

const img: GeneratedMedia = { url: "https://sim.local/media/img_xhhna5w0wr.png", kind: "image", key: "med_8x2k4q9w1z", name: "img_xhhna5w0wr.png" };
const clip: GeneratedMedia = { url: "https://sim.local/media/clip_iwajix205n.mp4", kind: "video", key: "med_q3n5v7b2m4", name: "clip_iwajix205n.mp4" };
const at = new Date(2025, 4, 6, 14, 5).getTime();

describe("mediaDisplayName: a generated item's name for people", () => {
  it("uses the title the backend gave it", () => {
    assert.equal(mediaDisplayName({ ...img, title: "a tiny robot watering plants" }), "a tiny robot watering plants");
  });

  it("else the prompt it was made from (the message the reply answers)", () => {
    assert.equal(mediaDisplayName(clip, { prompt: "  a paper boat\non a rainy street " }), "a paper boat on a rainy street");
  });

  it("a framed prompt reads as its subject; a title stays as it is", () => {
    assert.equal(mediaDisplayName(img, { prompt: "generate an image of a paper lantern festival" }), "paper lantern festival");
    assert.equal(mediaDisplayName({ ...img, title: "Please generate an image of a snowy owl" }), "snowy owl");
    assert.equal(mediaDisplayName(img, { prompt: "生成一张海边灯塔的图片" }), "海边灯塔");
    assert.equal(mediaDisplayName({ ...img, title: "The Blue Hour" }), "The Blue Hour");
  });

  it("else a human word with the time, never the backend's file name or id", () => {
    assert.equal(mediaDisplayName(clip, { atMs: at }), "Generated clip · 14:05");
    assert.equal(mediaDisplayName(img, { atMs: at }), "Generated image · 14:05");
    assert.equal(mediaDisplayName(img), "Generated image");
    assert.equal(mediaDisplayName({ ...img, createdAtMs: at }), "Generated image · 14:05", "the backend's created_at wins");
  });

  it("never shows a URL, a bare file name or an id-like title", () => {
    for (const title of [img.url, "img_xhhna5w0wr.png", "clip_iwajix205n.mp4", "med_8x2k4q9w1z", img.key, "  ", "https://x/y"]) {
      const name = mediaDisplayName({ ...img, title }, { atMs: at });
      assert.equal(name, "Generated image · 14:05", `title ${JSON.stringify(title)}`);
    }
    assert.equal(mediaDisplayName({ ...img, name: "sunset over the bay" }), "sunset over the bay", "a readable name is fine");
  });

  it("clips long text to 80 characters (whole code points)", () => {
    const long = "水".repeat(100);
    const name = mediaDisplayName(img, { prompt: long });
    assert.equal(Array.from(name).length, 80);
    assert.ok(name.endsWith("…"));
  });

  it("words and time come from the caller (the editor's language)", () => {
    const zh = makeTranslator({ generatedClip: "生成的视频片段" });
    assert.equal(mediaDisplayName(clip, { atMs: at, word: generatedWord(zh), time: () => "下午2:05" }), "生成的视频片段 · 下午2:05");
    assert.equal(generatedWord(makeTranslator())("audio"), GENERATED_WORD.audio);
    assert.equal(generatedWord(makeTranslator())("unknown"), GENERATED_WORD.unknown);
  });

  it("mediaTitle is undefined when there is nothing but ids", () => {
    assert.equal(mediaTitle(img), undefined);
    assert.equal(mediaTitle(img, "a blue whale"), "a blue whale");
  });

  it("reads the time and the prompt from the state's generated_media", () => {
    const state = parseState({
      generated_media: [
        { id: "med_1", url: img.url, name: img.name, prompt: "a tiny robot watering plants", created_at: "2025-05-06T12:05:00Z" },
        { media_id: "med_2", file_url: clip.url, file_name: clip.name, created_at: 1746533100 },
      ],
    });
    const [a, b] = state.generatedMedia;
    assert.equal(mediaDisplayName(a), "a tiny robot watering plants");
    assert.equal(a.createdAtMs, Date.parse("2025-05-06T12:05:00Z"));
    assert.equal(b.createdAtMs, 1746533100 * 1000, "seconds since the epoch");
    assert.equal(mediaDisplayName(b, { time: () => "T" }), "Generated clip · T");
  });
});

describe("change notes name generated media for people", () => {
  it("'Image generated: <prompt>', or just 'Video generated' — never img_….png", () => {
    const after = parseState({
      generated_media: [
        { id: "med_1", url: img.url, name: img.name, prompt: "a tiny robot watering plants" },
        { id: "med_2", url: clip.url, name: clip.name },
      ],
    });
    const notes = diffStates(parseState({}), after);
    assert.deepEqual(notes, ["Image generated: 'a tiny robot watering plants'", "Video generated"]);
    assert.ok(!notes.join(" ").includes("_"), notes.join(" | "));
  });
});

describe("the chat's Markdown export names generated media for people", () => {
  it("the prompt the reply answers, not clip_….mp4", () => {
    const asked = { ...newMessage("u1", "user", "a paper boat on a rainy street", at), id: "u1" };
    const reply = { ...newMessage("a1", "agent", "Here it is.", at), replyTo: "u1", media: [{ media: clip }] };
    const md = historyToMarkdown([asked, reply], "Chat", new Date(at));
    assert.ok(md.includes(`- a paper boat on a rainy street: ${clip.url}`), md);
    assert.ok(!md.includes("- clip_iwajix205n.mp4"), md);
  });
});
