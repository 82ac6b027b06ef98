/**
 * The compare view's pure parts (no DOM): the divider's position rule for the keyboard, and the
 * page's side of its contract with the host (src/shared/compare-protocol.ts: the configuration in
 * `<body data-config>`, the actions the page sends). Shared by the page and its unit test.
 */

import { COMPARE_ACTIONS, type CompareAction, type CompareConfig, type CompareImage, parseConfig } from "../../src/shared/compare-protocol";

// The contract with the host lives in src/shared/compare-protocol.ts; kept here for importers of this path.
export { COMPARE_ACTIONS, parseConfig };
export type { CompareAction, CompareConfig, CompareImage };

/** Divider steps: an arrow key moves 5 %, with Shift 1 %, Page Up/Down 25 %; Home/End go to the edges. */
export function nextPosition(position: number, key: string, shift = false): number | undefined {
  const step = shift ? 1 : 5;
  const clamp = (p: number): number => Math.min(100, Math.max(0, Math.round(p)));
  switch (key) {
    case "ArrowLeft":
    case "ArrowDown":
      return clamp(position - step);
    case "ArrowRight":
    case "ArrowUp":
      return clamp(position + step);
    case "PageDown":
      return clamp(position - 25);
    case "PageUp":
      return clamp(position + 25);
    case "Home":
      return 0;
    case "End":
      return 100;
    default:
      return undefined;
  }
}
