import assert from "node:assert/strict";
import { route } from "../../src/core/prompt";
import type { Route } from "../../src/core/types";

const table: [string, Route["kind"]][] = [
  // export
  ["export", "export"],
  ["Export", "export"],
  ["EXPORT!", "export"],
  ["export the video", "export"],
  ["please export it as mp4", "export"],
  ["download it", "export"],
  ["Download the video", "export"],
  ["can you download?", "export"],
  ["send me the video", "export"],
  ["Send me the video please", "export"],
  ["导出", "export"],
  ["导出视频", "export"],
  ["帮我导出视频", "export"],
  ["下载视频", "export"],
  // credits
  ["credits", "credits"],
  ["show credits", "credits"],
  ["what's my balance?", "credits"],
  ["how many credits do I have left", "credits"],
  ["Balance", "credits"],
  ["积分", "credits"],
  ["查看余额", "credits"],
  ["我还有多少积分？", "credits"],
  // state
  ["status", "state"],
  ["show tracks", "state"],
  ["show me the timeline", "state"],
  ["what's the status?", "state"],
  ["状态", "state"],
  ["查看状态", "state"],
  // upload
  ["upload", "upload"],
  ["upload a file", "upload"],
  ["上传", "upload"],
  ["上传文件", "upload"],
  // agent
  ["generate an image of a download icon", "agent"],
  ["the exported colours in my image look washed out, fix them", "agent"],
  ["add credits at the end of the video", "agent"],
  ["roll the credits", "agent"],
  ["make a video about the status of remote work in 2025", "agent"],
  ["add BGM", "agent"],
  ["generate a neon city at night", "agent"],
  ["make the title bigger", "agent"],
  ["生成一个下载图标", "agent"],
  ["在时间线上添加背景音乐", "agent"],
  ["画一只猫", "agent"],
  ["a poster that says export ready, with bold letters and a dark blue background gradient", "agent"],
  ["", "agent"],
  ["   ", "agent"],
  ["how do I make the video download faster for people watching on a slow connection?", "agent"],
  ["balanced composition of a forest", "agent"],
  ["exporter of coffee beans, cinematic", "agent"],
];

describe("router", () => {
  assert.ok(table.length >= 40);
  for (const [text, kind] of table) {
    it(`${JSON.stringify(text)} → ${kind}`, () => {
      assert.deepEqual(route(text), { kind });
    });
  }

  it("attachments always go to the upload flow", () => {
    assert.deepEqual(route("make this into a poster", true), { kind: "upload" });
    assert.deepEqual(route("", true), { kind: "upload" });
  });
});
