import * as assert from "node:assert/strict";
import { framePrompt, isEditInstruction, namedMedium } from "../../src/core/prompt";

describe("generation prompt framing (src/core/prompt/framing.ts)", () => {
  describe("namedMedium", () => {
    const cases: [string, "image" | "video" | undefined][] = [
      ["a red fox in snow", undefined],
      ["a photorealistic futuristic city at night", undefined], // "photorealistic" is a style, not a medium
      ["an image of a lighthouse", "image"],
      ["Two PHOTOS of my dog", "image"],
      ["a picture of a cat", "image"],
      ["watercolor illustration of a harbor", "image"],
      ["a pencil drawing of an owl", "image"],
      ["a poster for a jazz night", "image"],
      ["export as png", "image"],
      ["a short video of waves", "video"],
      ["a 10 second clip of rain", "video"],
      ["give me an mp4 of the sunset", "video"],
      ["a movie trailer about robots", "video"],
      ["an animation of a bouncing ball", "video"],
      ["turn this photo into a video", "video"], // both named: video wins
      ["一只雪地里的红狐狸", undefined],
      ["画一只猫的图片", "image"],
      ["海边日落的照片", "image"],
      ["生成一张图像：星空", "image"],
      ["一段海浪的视频", "video"],
      ["做一个关于咖啡的短片", "video"],
      ["小猫跳舞的动画", "video"],
      ["imaginative landscapes", undefined], // no word-boundary match inside other words
      ["videography tips", undefined],
    ];
    for (const [prompt, expected] of cases) {
      it(`${JSON.stringify(prompt)} → ${expected ?? "none"}`, () => assert.equal(namedMedium(prompt), expected));
    }
  });

  describe("framePrompt", () => {
    it("frames a bare description as an image request, keeping the wording", () => {
      assert.equal(framePrompt("a red fox in snow", "image"), "Generate an image of a red fox in snow");
      assert.equal(framePrompt("  a red fox in snow \n", "image"), "Generate an image of a red fox in snow");
    });

    it("frames a bare description as a video request", () => {
      assert.equal(framePrompt("waves at dusk, slow motion", "video"), "Generate a video of waves at dusk, slow motion");
    });

    it("frames Chinese descriptions that name no medium", () => {
      assert.equal(framePrompt("一只雪地里的红狐狸", "image"), "Generate an image of 一只雪地里的红狐狸");
      assert.equal(framePrompt("城市夜景延时", "video"), "Generate a video of 城市夜景延时");
    });

    it("sends prompts that name a medium as typed (trimmed), whatever the kind", () => {
      assert.equal(framePrompt("an image of a lighthouse", "image"), "an image of a lighthouse");
      assert.equal(framePrompt(" a video of waves ", "image"), "a video of waves");
      assert.equal(framePrompt("a photo of a bridge", "video"), "a photo of a bridge");
      assert.equal(framePrompt("画一只猫的图片", "image"), "画一只猫的图片");
      assert.equal(framePrompt("一段海浪的视频", "video"), "一段海浪的视频");
    });

    it("sends edit instructions as typed: they are not descriptions to generate from", () => {
      assert.equal(framePrompt("add a title 'Urban Dreams'", "image"), "add a title 'Urban Dreams'");
      assert.equal(framePrompt("Please change the music volume to 20%", "image"), "Please change the music volume to 20%");
      assert.equal(framePrompt("remove the last segment", "video"), "remove the last segment");
      assert.equal(framePrompt("添加标题「城市之梦」", "image"), "添加标题「城市之梦」");
      assert.equal(framePrompt("把音乐调小一点", "image"), "把音乐调小一点");
      assert.ok(isEditInstruction("  trim the clip to 5 seconds"));
      // Descriptions that merely contain such a verb later on are still framed.
      assert.equal(framePrompt("a fox that will add color to winter", "image"), "Generate an image of a fox that will add color to winter");
      assert.equal(framePrompt("a cat astronaut", "image"), "Generate an image of a cat astronaut");
      assert.ok(!isEditInstruction("address sign in neon"));
    });

    it("without a kind, returns the prompt exactly as typed", () => {
      assert.equal(framePrompt("  a red fox in snow ", undefined), "  a red fox in snow ");
      assert.equal(framePrompt("hello"), "hello");
    });

    it("does not frame an empty prompt", () => {
      assert.equal(framePrompt("   ", "image"), "");
    });
  });
});
