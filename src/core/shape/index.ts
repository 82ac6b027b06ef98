// Shape and style before paying: aspect-ratio and style presets, the one framing rule, and reading the
// shape back from a message.
export * from "./ratio";
export * from "./style";
export * from "./framing";
export * from "./read-back";
export * from "./flags";
