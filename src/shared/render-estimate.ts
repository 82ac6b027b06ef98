/**
 * The render estimate the chat's export card shows between checks of the service, by the core's one
 * rule (src/core/render/estimate.ts: pure, no Node, no DOM), as the webview's one way to reach it.
 */
export { elapsedClock, RenderProgress } from "../core/render/estimate";
