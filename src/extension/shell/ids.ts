/**
 * What activation registers besides package.json's commands: the internal commands and the views
 * (their ids are package.json's; test/unit/shell-ids.test.ts checks the two agree).
 */

/** Commands registered without a palette entry. */
export const INTERNAL_COMMANDS: readonly string[] = ["imageGeneration.prefillChat"];
/** The test seams, registered only under the in-editor test harness. */
export const TEST_COMMANDS: readonly string[] = ["imageGeneration._test", "imageGeneration._testFlows"];
/** The tree views and their options (surfaces.ts and views/batch-tree.ts provide their data). */
export const TREE_VIEWS: Readonly<Record<string, { showCollapseAll?: boolean; canSelectMany?: boolean }>> = {
  "imageGeneration.session": { showCollapseAll: true },
  "imageGeneration.batch": { canSelectMany: false },
};
/** The webview views (chat/index.ts, gallery/index.ts). */
export const WEBVIEW_VIEWS: readonly string[] = ["imageGeneration.chat", "imageGeneration.gallery"];
