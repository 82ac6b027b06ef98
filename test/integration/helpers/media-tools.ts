/**
 * Independent readers for the provenance and export tests: exiftool (Debian libimage-exiftool-perl)
 * and ffprobe (ffmpeg), both installed by scripts/setup-system.sh. A missing tool fails the test
 * with that instruction rather than skipping it.
 */
import { execFileSync } from "node:child_process";

function need(tool: string, pkg: string): void {
  try {
    execFileSync(tool, [tool === "exiftool" ? "-ver" : "-version"], { stdio: "ignore" });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") throw new Error(`${tool} is missing: run scripts/setup-system.sh (apt-get install ${pkg}).`);
  }
}

/** Every tag exiftool finds, duplicates included (`-a -G1`), as one flat record "Group:Tag" → value. */
export function exiftool(file: string): Record<string, unknown> {
  need("exiftool", "libimage-exiftool-perl");
  const out = execFileSync("exiftool", ["-j", "-a", "-G1", "-struct", "-charset", "utf8", file], { encoding: "utf8" });
  return (JSON.parse(out) as Record<string, unknown>[])[0];
}

/** The values of tags whose name (without group) is `tag`. */
export function tagValues(tags: Record<string, unknown>, tag: string): unknown[] {
  return Object.entries(tags).filter(([k]) => k.split(":").pop() === tag).map(([, v]) => v);
}

/** Width and height of the first video stream. */
export function ffprobeSize(file: string): { width: number; height: number } {
  need("ffprobe", "ffmpeg");
  const out = execFileSync("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height", "-of", "json", file], { encoding: "utf8" });
  const s = (JSON.parse(out) as { streams: { width: number; height: number }[] }).streams[0];
  return { width: s.width, height: s.height };
}

/** The first decoded frame (raw RGB24) of an image or video: equal output means equal pixels. */
export function decodeRgb(file: string): Buffer {
  need("ffmpeg", "ffmpeg");
  return execFileSync("ffmpeg", ["-v", "error", "-i", file, "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"], { maxBuffer: 64 * 1024 * 1024 });
}
