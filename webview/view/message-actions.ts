/**
 * What a rendered message can ask of the page (save, insert, open, retry, …): the contract
 * between the message and media renderers (message.ts, media.ts) and the list that wires them
 * to the host (list.ts). Its own file so the renderers do not import each other both ways.
 */
export interface MessageActions {
  saveMedia(messageId: string, key: string): void;
  /** Save if needed, then insert the image's markup at the editor's cursor. */
  insertMedia(messageId: string, key: string): void;
  /** Whether a text editor is open (the insert button is disabled without one). */
  editorOpen(): boolean;
  reveal(path: string): void;
  openFile(path: string): void;
  openLink(url: string): void;
  retry(messageId: string): void;
  runAction(action: "export" | "credits" | "show-state"): void;
  /** Fetch a preview again whose cached copy is gone. */
  redownload(messageId: string, key: string): void;
  /** Open a local media file with the system's default app. */
  openExternal(path: string): void;
}
