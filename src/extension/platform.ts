/**
 * X-Skill-Platform detection from what `vscode.env` reports. Pure (no `vscode` import) so it can
 * be table-tested under mocha. Environment variables (VSCODE_PROXY_URI, ...) are deliberately not
 * used: they leak between editors and terminals and are not reliable.
 */
export type EditorPlatform =
  | "vscode"
  | "vscode-insiders"
  | "cursor"
  | "windsurf"
  | "vscodium"
  | "code-server"
  | "unknown";

/** The subset of `vscode.env` the detection looks at. */
export interface EditorEnv {
  appName?: string;
  uriScheme?: string;
  appHost?: string;
  remoteName?: string;
}

export function detectPlatform(env: EditorEnv): EditorPlatform {
  const name = (env.appName ?? "").toLowerCase();
  const scheme = (env.uriScheme ?? "").toLowerCase();
  const host = (env.appHost ?? "").toLowerCase();

  if (name.includes("cursor") || scheme === "cursor") return "cursor";
  if (name.includes("windsurf") || scheme === "windsurf") return "windsurf";
  if (name.includes("vscodium") || scheme === "vscodium") return "vscodium";
  // code-server 4.x reports appName "code-server" and uriScheme "code-oss"; builds that keep the
  // upstream product name report "Code - OSS" and run in the browser (appHost "web").
  if (name.includes("code-server") || scheme === "code-server") return "code-server";
  if (name === "code - oss" && host !== "" && host !== "desktop") return "code-server";
  if (name.includes("insiders") || scheme === "vscode-insiders") return "vscode-insiders";
  if (scheme === "vscode" || name === "visual studio code") return "vscode";
  return "unknown";
}
