// One chat turn: the SSE decoder and event shapes, the turn text, the watchdog, recovery after a drop,
// media attribution, the words for agent tools, and the turn on a session queue (TurnDeps in turn-deps.ts).
export * from "./decoder";
export * from "./sse-items";
export * from "./adk-events";
export * from "./flat-events";
export * from "./named-media";
export * from "./text";
export * from "./watchdog";
export * from "./recovery";
export * from "./media-watch";
export * from "./turn-deps";
export * from "./turn";
export * from "./queued-turn";
export * from "./tool-phrase";
