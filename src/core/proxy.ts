/**
 * Which undici dispatcher to use for the network: an explicit proxy (editor setting) through a
 * ProxyAgent that honours the no-proxy list; else HTTP(S)_PROXY / NO_PROXY from the environment
 * through EnvHttpProxyAgent; else undefined (undici's global dispatcher). `strictSSL: false`
 * turns off certificate checks (both to the proxy and through it) — the person's own choice.
 */
import { Agent, type Dispatcher, EnvHttpProxyAgent, ProxyAgent } from "undici";
import { InputError, phrase } from "./errors";

export interface ProxyOptions {
  /** Explicit proxy URL, e.g. the editor's http.proxy. */
  proxyUrl?: string;
  /** Alias of proxyUrl. */
  proxy?: string;
  /** Default true. */
  strictSSL?: boolean;
  /** Hosts that bypass the proxy: "a.com,b.com" or a list. */
  noProxy?: string | string[];
  env?: Record<string, string | undefined>;
}

export type ProxyChoice =
  | { kind: "proxy"; url: string; noProxy: string; rejectUnauthorized: boolean }
  | { kind: "env"; httpProxy: string; httpsProxy: string; noProxy: string; rejectUnauthorized: boolean }
  | { kind: "direct"; rejectUnauthorized: boolean };

function envValue(env: Record<string, string | undefined>, name: string): string {
  return (env[name.toLowerCase()] ?? env[name.toUpperCase()] ?? "").trim();
}

function listOf(value: string | string[] | undefined): string {
  const items = Array.isArray(value) ? value : (value ?? "").split(/[,\s]+/);
  return items.map((s) => s.trim()).filter(Boolean).join(",");
}

/** The decision alone (pure, unit-tested). */
export function chooseProxy(opts: ProxyOptions): ProxyChoice {
  const env = opts.env ?? process.env;
  const rejectUnauthorized = opts.strictSSL !== false;
  const explicit = (opts.proxyUrl ?? opts.proxy ?? "").trim();
  const envNoProxy = envValue(env, "no_proxy");
  const noProxy = listOf(opts.noProxy) || envNoProxy;
  if (explicit) {
    if (!/^https?:\/\/[^\s/]/i.test(explicit)) {
      throw new InputError("BAD_INPUT", {
        userMessage: phrase('The proxy setting "{0}" is not an http(s) URL.', explicit.replace(/\/\/[^@/]*@/, "//***@").slice(0, 100)),
        nextStep: phrase("Fix http.proxy (for example http://proxy.example:8080) or clear it."),
      });
    }
    return { kind: "proxy", url: explicit, noProxy, rejectUnauthorized };
  }
  const httpProxy = envValue(env, "http_proxy");
  const httpsProxy = envValue(env, "https_proxy");
  if (httpProxy || httpsProxy) return { kind: "env", httpProxy, httpsProxy, noProxy, rejectUnauthorized };
  return { kind: "direct", rejectUnauthorized };
}

/** The dispatcher for `opts`, or undefined for undici's global one. Throws InputError for a malformed proxy URL. */
export function createProxyDispatcher(opts: ProxyOptions): Dispatcher | undefined {
  const choice = chooseProxy(opts);
  const tls = { rejectUnauthorized: choice.rejectUnauthorized };
  switch (choice.kind) {
    case "proxy":
      if (!choice.noProxy) return new ProxyAgent({ uri: choice.url, requestTls: tls, proxyTls: tls });
      // Same ProxyAgent underneath, plus the no-proxy list.
      return new EnvHttpProxyAgent({ httpProxy: choice.url, httpsProxy: choice.url, noProxy: choice.noProxy, requestTls: tls, proxyTls: tls, connect: tls });
    case "env":
      // Pass every value (even "") so undici does not read process.env behind our back.
      return new EnvHttpProxyAgent({
        httpProxy: choice.httpProxy,
        httpsProxy: choice.httpsProxy || choice.httpProxy,
        noProxy: choice.noProxy,
        requestTls: tls,
        proxyTls: tls,
        connect: tls,
      });
    case "direct":
      return choice.rejectUnauthorized ? undefined : new Agent({ connect: tls });
  }
}
