/**
 * Shape options typed inline, for surfaces with only a line of text (`@imagegen /generate a fox
 * --ratio 9:16 --style "line art" --variations 3`): the flags taken out, the rest kept as the prompt.
 */
import type { ShapeInput } from "./framing";

const FLAG = /(?:^|\s)--(ratio|style|variations)(?:=|\s+)("[^"]*"|'[^']*'|\S+)/gi;

export function takeShapeFlags(text: string): { text: string; input: ShapeInput } {
  const input: ShapeInput = {};
  const rest = text.replace(FLAG, (_m, name: string, raw: string) => {
    const value = /^["'].*["']$/.test(raw) ? raw.slice(1, -1) : raw;
    const key = name.toLowerCase();
    if (key === "ratio") input.ratio = value;
    else if (key === "style") input.style = value;
    else input.variations = Number(value);
    return " ";
  });
  return { text: rest.replace(/\s+/g, " ").trim(), input };
}
