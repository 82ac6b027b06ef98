/** What commands ask of the Session view (views/session-tree.ts SessionTreeProvider implements it). */
export interface SessionView {
  /** Read the session state again; only when the view is visible unless `force`. */
  reload(force?: boolean): Promise<void>;
}
