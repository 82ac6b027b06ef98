// What is sent to the agent and how its words come back: prompt framing and subject, a prompt from a
// selection (and the image markup back into the document), the local router, the GUI-talk rules and stream, the cost rule.
export * from "./framing";
export * from "./subject";
export * from "./selection";
export * from "./markup";
export * from "./router";
export * from "./gui-rules";
export * from "./gui-stream";
export * from "./cost";
