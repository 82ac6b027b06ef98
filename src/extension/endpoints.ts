/**
 * Where the client talks to, from settings and the environment. Pure (no `vscode` import).
 * NEMO_API_URL / NEMO_WEB_URL win over the settings when set (the editor tests rely on this).
 */
import { DEFAULT_API_URL, DEFAULT_WEB_URL } from "../core/api";

export interface EndpointSettings {
  apiUrl?: string;
  webUrl?: string;
}

export interface Endpoints {
  apiUrl: string;
  webUrl: string;
}

function clean(value: string | undefined): string | undefined {
  const v = value?.trim();
  return v ? v.replace(/\/+$/, "") : undefined;
}

export function resolveEndpoints(settings: EndpointSettings, env: Record<string, string | undefined>): Endpoints {
  return {
    apiUrl: clean(env.NEMO_API_URL) ?? clean(settings.apiUrl) ?? DEFAULT_API_URL,
    webUrl: clean(env.NEMO_WEB_URL) ?? clean(settings.webUrl) ?? DEFAULT_WEB_URL,
  };
}

/** Settings whose change means the client must be rebuilt. */
export const CLIENT_SETTINGS = [
  "imageGeneration.apiUrl",
  "imageGeneration.webUrl",
  "http.proxy",
  "http.proxyStrictSSL",
  "http.noProxy",
] as const;

/** A loose check of a pasted token: NemoVideo tokens start with `nmv_`. */
export function tokenWarning(value: string): "empty" | "spaces" | "prefix" | undefined {
  const v = value.trim();
  if (!v) return "empty";
  if (/\s/.test(v)) return "spaces";
  if (!v.startsWith("nmv_")) return "prefix";
  return undefined;
}

/** http(s) URL check for "Upload from URL…". */
export function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value.trim());
    return (u.protocol === "http:" || u.protocol === "https:") && u.hostname.length > 0;
  } catch {
    return false;
  }
}
