/** Link rules shared by the webview (what stays clickable) and the host (what it will open). */

const SAFE_LINK = /^(?:https?:\/\/|mailto:)/i;

/** Whether a link may be opened: http, https and mailto only. */
export function isSafeLink(url: string): boolean {
  const trimmed = url.trim();
  if (!SAFE_LINK.test(trimmed)) return false;
  try {
    const u = new URL(trimmed);
    return u.protocol === "http:" || u.protocol === "https:" || u.protocol === "mailto:";
  } catch {
    return false;
  }
}
