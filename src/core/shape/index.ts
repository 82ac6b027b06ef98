/** Shape and style before paying: aspect-ratio and style presets and the one framing rule (see framing.ts). */
export * from "./ratio";
export * from "./style";
export * from "./framing";
export * from "./read-back";
export * from "./flags";
